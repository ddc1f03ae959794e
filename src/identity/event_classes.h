/* The optional audit event classes a tenant collects for its users (WP-18): screen opens, data
 * reads, downloads (audit/audit.h); security events are always collected. */
#ifndef AN_IDENTITY_EVENT_CLASSES_H
#define AN_IDENTITY_EVENT_CLASSES_H
#include <jansson.h>
#include <stdbool.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"
#include "store/tenants.h"

/* {screen, read, download} as booleans for tenant t. */
json_t *an_event_classes_json(const struct an_tenant *t);
/* Sets ctx's tenant's classes; audited event_classes.update (always collected). Returns AN_EC_OK
 * or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_event_classes_set(const struct an_ctx *ctx, struct an_db *db, bool screen, bool read,
                                bool download);
/* Records that ctx's user opened a page (screen.open, when the tenant collects it). Returns
 * AN_EC_OK or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_screen_open(const struct an_ctx *ctx, struct an_db *db, const char *page);

#endif
