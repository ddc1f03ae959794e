/* What a tenant's people are told from the catalogue's notice.<key> messages: the notice in the
 * tenant's portal (both languages; each reader sees theirs) and a mail to every admin of the
 * tenant in the admin's own language. The reminders (dunning, account reviews) share it. */
#ifndef AN_NOTIFY_NOTICE_H
#define AN_NOTIFY_NOTICE_H
#include <jansson.h>
#include <stdint.h>

#include "core/ctx.h"
#include "store/db.h"

/* Inserts the portal notice of kind for tenant_id with ref, its title and body the catalogue's
 * notice.<key>.title and .body rendered in Japanese and English with vars (borrowed). Returns the
 * store's result, or AN_DB_HARD when a message cannot be rendered. */
int an_notify_portal_notice(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                            const char *kind, const char *key, const json_t *vars, const char *ref);

/* Mails notice.<key> (an_mail_notice_msg, vars borrowed) to every active admin of tenant_id with
 * an address, each in the admin's language and addressed by name. *count gets the admins mailed.
 * Stops at the first error and returns it (the caller's transaction rolls back), else 0. */
int an_notify_tenant_admins(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                            const char *key, const json_t *vars, int64_t *count);

#endif
