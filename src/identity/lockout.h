/* Per-account lockout after repeated failures, counted in the database so every instance agrees
 * (SLA-21; Keycloak's per-user brute-force detection). One count per account covers every check
 * of a secret: the password at login, second-factor codes (TOTP, recovery and e-mail codes), the
 * current password on a password change and re-authentication. Tenant users follow their
 * tenant's policy (max_failures, lockout_minutes); operator and shop staff [password]
 * staff_max_failures and staff_lockout_minutes. The attempt is counted before the check runs, so
 * parallel attempts cannot slip past the limit, and a success clears the count. */
#ifndef AN_IDENTITY_LOCKOUT_H
#define AN_IDENTITY_LOCKOUT_H
#include <stdint.h>

#include "core/ctx.h"
#include "identity/principal.h"
#include "store/db.h"

struct an_lockout {
  int64_t failures; /* the count including this attempt */
  int64_t max;      /* the limit in force (0: none) */
  int64_t until;    /* when a lock set by this attempt ends */
};

/* Reserves one check for who before it runs. Returns 1 when it may run, 0 while the account is
 * locked (*retry_after, when given, gets the seconds until the lock ends, >= 1), < 0 on error. */
int an_lockout_reserve(const struct an_ctx *ctx, struct an_db *db, const struct an_principal *who,
                       struct an_lockout *l, long *retry_after);

/* After a check that failed (or, for a right password awaiting its code, did not finish the
 * login): when this attempt locked the account, audits auth.lockout with the step ("password",
 * "code", "current_password", "reauth"), inside the caller's transaction if there is one.
 * Returns 1 or an error. */
int an_lockout_failed(const struct an_ctx *ctx, struct an_db *db, const struct an_principal *who,
                      const struct an_lockout *l, const char *step);

/* Clears who's count and lock after a check succeeded. Returns 1, 0, or an error. */
int an_lockout_clear(struct an_db *db, const struct an_principal *who);

#endif
