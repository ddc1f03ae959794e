/* A tenant's password policy (WP-9, CHK-14, SLA-18, SLA-19): set by its tenant admins within the
 * operator's floors, applied to every password its users choose, to lockout and to expiry. */
#ifndef AN_IDENTITY_TENANT_POLICY_H
#define AN_IDENTITY_TENANT_POLICY_H
#include <jansson.h>
#include <stdbool.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"
#include "store/policies.h"

/* The policy a tenant has before its admins change it. */
void an_tenant_policy_defaults(struct an_tenant_policy *p);
/* Loads the tenant's policy, or the defaults when it has none. Returns 1 or an error. */
int an_tenant_policy_load(struct an_db *db, int64_t tenant_id, struct an_tenant_policy *out);
/* Checks p against the operator's floors. Returns NULL when it is allowed, else a JSON array of
 * {"field","rule","detail_ja","detail_en"} (caller owns it). */
json_t *an_tenant_policy_validate(const struct an_tenant_policy *p);
/* Stores ctx's tenant's policy and audits policy.update. Returns AN_EC_OK,
 * AN_EC_GENERIC_INVALID_FIELD (with *errors) or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_tenant_policy_set(const struct an_ctx *ctx, struct an_db *db,
                                const struct an_tenant_policy *p, json_t **errors);
/* Checks a new password: length, required classes, similarity to the user ID or company code,
 * and the common-password list. Returns NULL when it passes, else the broken rules
 * ({"rule","detail_ja","detail_en"}; caller owns it). */
json_t *an_tenant_policy_check(const struct an_tenant_policy *p, const char *login,
                               const char *company_code, const char *pw);
/* True when pw (any case) is one of the 10,000 most common passwords. */
bool an_password_is_common(const char *pw);
/* The policy as JSON, with the floors. */
json_t *an_tenant_policy_json(const struct an_tenant_policy *p);

#endif
