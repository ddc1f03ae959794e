/* A tenant's optional HTTP Basic credential gate (CHK-10): when set, every request of the
 * tenant's users, the login included, must carry `Authorization: Basic` with the gate's user name
 * and password, in addition to the user's own credentials. The password is generated (20
 * random characters, shown once) and stored only as HMAC-SHA256 under a key derived from the
 * master key, so checking it on every request costs microseconds, not an argon2 hash. */
#ifndef AN_IDENTITY_BASIC_GATE_H
#define AN_IDENTITY_BASIC_GATE_H
#include <stdbool.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"
#include "store/tenants.h"

/* True when the tenant has no gate, or user and password (from the request's Basic
 * credentials; NULL when there are none) are its credentials. */
bool an_basic_gate_permits(const struct an_ctx *ctx, const struct an_tenant *t, const char *user,
                           const char *password);
/* Records a refused request (audit "access.basic_gate", outcome denied). */
void an_basic_gate_audit_denied(const struct an_ctx *ctx, struct an_db *db,
                                const struct an_tenant *t, const char *login);
/* Turns ctx's tenant's gate on (with user; a new password written to password_out, 25 bytes)
 * or off. Audited. */
enum an_ec an_basic_gate_set(const struct an_ctx *ctx, struct an_db *db, bool enabled,
                             const char *user, char *password_out);

#endif
