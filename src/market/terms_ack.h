/* Art. 4 (issue 10 item 18): a new terms version applies to every contract from its effective
 * date; a material one is put before each contractor's users at their next login (the dashboard
 * asks) until the tenant's admin acknowledges it, recorded like TOS-1 consent. */
#ifndef AN_MARKET_TERMS_ACK_H
#define AN_MARKET_TERMS_ACK_H
#include <jansson.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"

/* *out: {"pending": {document_id, version, title, effective_on} or null, "can_acknowledge":
 * bool}: the material version in force that ctx's tenant has not acknowledged (null for the
 * operator's staff and shops, and when there is none); can_acknowledge for its admins. */
enum an_ec an_terms_ack_status(const struct an_ctx *ctx, struct an_db *db, json_t **out);
/* ctx's tenant admin acknowledges the material version document_id (in force): recorded with
 * the user, time and address, audited terms.acknowledge. FORBIDDEN for anyone but a tenant
 * admin; CONFLICT when it is not a material terms version in force or is acknowledged already. */
enum an_ec an_terms_acknowledge(const struct an_ctx *ctx, struct an_db *db, int64_t document_id);

#endif
