/* Per-tenant IP allowlists (CHK-10, WP-10, SLA-19): a tenant's users connect only from the ranges
 * its admins registered, on every request including login. */
#ifndef AN_IDENTITY_ALLOWLIST_H
#define AN_IDENTITY_ALLOWLIST_H
#include <jansson.h>
#include <stdbool.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"
#include "store/tenants.h"

/* True when t has no allowlist or ip is inside it. */
bool an_allowlist_permits(const struct an_tenant *t, const char *ip);
/* Audits a refused connection (access.denied) for tenant t. */
void an_allowlist_audit_denied(const struct an_ctx *ctx, struct an_db *db,
                               const struct an_tenant *t, const char *login);
/* The same for any reason of refusal (details {reason, login}; login may be NULL). */
void an_access_denied_audit(const struct an_ctx *ctx, struct an_db *db, const struct an_tenant *t,
                            const char *login, const char *reason);
/* Replaces ctx's tenant's allowlist with entries (a JSON array of strings). Refuses a bad entry
 * (AN_EC_GENERIC_INVALID_FIELD, *errors lists them) and a list that would shut out the caller's
 * own address (AN_EC_GENERIC_CONFLICT). Audits ip_allowlist.update. */
enum an_ec an_allowlist_set(const struct an_ctx *ctx, struct an_db *db, json_t *entries,
                            json_t **errors);
/* The tenant's allowlist as a JSON array. */
json_t *an_allowlist_json(const struct an_tenant *t);

#endif
