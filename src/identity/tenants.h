/* Tenants (contractor companies): creation with their own data key and first administrator,
 * suspension and reinstatement (TOS-6, TOS-14, WP-1). */
#ifndef AN_IDENTITY_TENANTS_H
#define AN_IDENTITY_TENANTS_H
#include <jansson.h>
#include <stdbool.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"
#include "store/tenants.h"
#include "store/users.h"

struct an_tenant_new {
  const char *company_code; /* 3..32 of [A-Za-z0-9-], stored upper-case */
  const char *name;
  const char *responsible_name; /* 利用責任者 (TOS-14) */
  const char *responsible_email;
  const char *admin_login; /* the first tenant admin's user ID */
};

/* Creates the tenant with a fresh data key wrapped by the master key, and its first tenant admin
 * (the responsible person) with a one-time password written to admin_password (>= 25 bytes).
 * Audits tenant.create and user.create in the same transaction. Returns AN_EC_OK,
 * AN_EC_TENANT_CODE_TAKEN, AN_EC_GENERIC_INVALID_FIELD or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_tenant_create(const struct an_ctx *ctx, struct an_db *db,
                            const struct an_tenant_new *in, struct an_tenant *out,
                            struct an_user *admin, char *admin_password);

/* The two halves of an_tenant_create, for callers that create a tenant inside a transaction of
 * their own (approving an application): prepare validates, makes the data key and the admin's
 * one-time password (>= 25 bytes) outside any transaction; insert_txn runs inside one and returns
 * an AN_DB_* status, with *ec set to AN_EC_TENANT_CODE_TAKEN when the code is taken. lang ("ja"
 * or "en"; NULL for the default, ja) is the tenant's language, which its first admin's
 * invitation and later mails to its responsible person are written in. */
enum an_ec an_tenant_prepare(const struct an_ctx *ctx, const struct an_tenant_new *in,
                             struct an_tenant *out, struct an_user *admin, char *admin_password);
int an_tenant_insert_txn(const struct an_ctx *ctx, struct an_db *db, struct an_tenant *t,
                         struct an_user *admin, const char *lang, enum an_ec *ec);

/* Suspends (active = false, with a reason shown to the tenant's users at login) or reinstates a
 * tenant; suspending ends every session of its users (TOS-6). Audits tenant.suspend /
 * tenant.reinstate. Returns AN_EC_OK, AN_EC_GENERIC_NOT_FOUND or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_tenant_set_active(const struct an_ctx *ctx, struct an_db *db, int64_t id, bool active,
                                const char *reason);

/* The range of a tenant's absolute session lifetime when it sets one (minutes: 5 minutes to 30
 * days); 0 means none. */
#define AN_TENANT_SESSION_MAX_MIN 5
#define AN_TENANT_SESSION_MAX_MAX 43200
/* Sets ctx's tenant's session policy: idle timeout (within [session] tenant_idle_min..
 * tenant_idle_max minutes, CHK-15), whether every user needs a second factor (SLA-22) and the
 * absolute lifetime of its users' sessions (0 = none, else AN_TENANT_SESSION_MAX_MIN..MAX minutes;
 * < 0 leaves it as it is; CHK-25). Audited session_policy.update. Returns AN_EC_OK,
 * AN_EC_GENERIC_INVALID_FIELD or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_tenant_set_session_policy(const struct an_ctx *ctx, struct an_db *db,
                                        int64_t idle_minutes, bool mfa_required,
                                        int64_t session_max_minutes);

/* True for a valid company code (3..32 of A-Z a-z 0-9 -). */
bool an_company_code_valid(const char *code);

/* The tenant as JSON (no key material). */
json_t *an_tenant_json(const struct an_tenant *t);
/* A store list callback: appends the JSON of t to the array cls. */
void an_tenant_append(void *cls, const struct an_tenant *t);

#endif
