/* Logging in and out, resolving a session token to a subject, and changing one's password.
 * Failures tell nothing about which part was wrong, so accounts cannot be enumerated. */
#ifndef AN_IDENTITY_AUTH_H
#define AN_IDENTITY_AUTH_H
#include <jansson.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "crypto/token.h"
#include "identity/principal.h"
#include "store/db.h"
#include "store/sessions.h"

struct an_login_result {
  char token[AN_TOKEN_STR]; /* the new session token: goes into the cookie, never stored */
  struct an_session session;
  struct an_principal who;
  const char *mfa_method; /* "totp" or "email" when the session awaits a second factor */
  long retry_after;       /* AN_EC_AUTH_LOCKED: seconds until the lock ends */
};

/* Checks a login and opens a session (a fresh token every time). Operator staff give no company
 * code (NULL or ""); tenant users give their company code and user ID (WP-10). Every attempt is
 * audited (auth.login, success or failure). Returns AN_EC_OK, AN_EC_AUTH_BAD_CREDENTIALS (unknown
 * company, unknown login, wrong password, locked or suspended account: all alike, so accounts
 * cannot be enumerated), AN_EC_TENANT_SUSPENDED (right password, tenant suspended: the user is
 * told why), AN_EC_AUTH_IP_DENIED (the tenant's allowlist refuses the address) or
 * AN_EC_GENERIC_INTERNAL. */
enum an_ec an_auth_login(const struct an_ctx *ctx, struct an_db *db, const char *company_code,
                         const char *login, const char *password, const char *user_agent,
                         struct an_login_result *out);

/* Resolves a session token for a request: fills ctx's subject, tenant, roles and session id, the
 * session (for its CSRF token) and the principal. An expired (idle or absolute) or revoked session,
 * or a suspended subject or tenant, yields AN_EC_AUTH_REQUIRED, and *ended says why a session
 * that timed out ended ("idle" or "absolute", identity/session_rules.h; NULL otherwise, so the
 * login page can say so); an address outside the tenant's allowlist AN_EC_AUTH_IP_DENIED
 * (audited). Returns AN_EC_OK, one of those, or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_auth_resolve(struct an_ctx *ctx, struct an_db *db, const char *token,
                           struct an_session *out, struct an_principal *who, const char **ended);

/* Completes a login whose session awaits its second factor: checks the TOTP code or a recovery
 * code, then replaces the pending session with a full one under a new token (the privilege
 * changed). Each code counts towards the account's lockout (identity/lockout.h). Returns
 * AN_EC_OK, AN_EC_MFA_FAILED, AN_EC_AUTH_LOCKED (out->retry_after set; whether or not the code
 * was right) or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_auth_complete_mfa(const struct an_ctx *ctx, struct an_db *db,
                                const struct an_principal *who, const char *code,
                                const char *recovery_code, const char *user_agent,
                                struct an_login_result *out);

/* Ends ctx's session and audits auth.logout. Returns AN_EC_OK or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_auth_logout(const struct an_ctx *ctx, struct an_db *db);

/* Ends one of the caller's own sessions (a user sees and ends its sessions: CHK-15) and audits
 * auth.session_end. Returns AN_EC_OK, AN_EC_GENERIC_NOT_FOUND (not the caller's, or already
 * ended) or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_auth_end_own_session(const struct an_ctx *ctx, struct an_db *db, int64_t id);

/* Revokes the session of a token (e.g. the old one at a new login) without auditing a logout. */
void an_auth_drop_token(const struct an_ctx *ctx, struct an_db *db, const char *token);

/* Changes the logged-in subject's password after checking the current one and the policy
 * (broken rules in *policy_errors, owned by the caller); clears the must-change flag; ends the
 * subject's other sessions. A subject with a second factor needs a recent authentication
 * (`recent`: an_auth_recent) as well; the current password counts towards the lockout. Returns
 * AN_EC_OK, AN_EC_AUTH_REAUTH_REQUIRED, AN_EC_AUTH_LOCKED (*retry_after set),
 * AN_EC_AUTH_WRONG_CURRENT_PASSWORD, AN_EC_AUTH_PASSWORD_POLICY or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_auth_change_password(const struct an_ctx *ctx, struct an_db *db, const char *current,
                                   const char *next, bool recent, long *retry_after,
                                   json_t **policy_errors);

/* True when session s proved every factor (at login or by an_auth_reauth) within [password]
 * reauth_max_age_minutes: credential changes need it (M5, Keycloak's maximum authentication
 * age). */
bool an_auth_recent(const struct an_ctx *ctx, const struct an_session *s);

/* Re-authenticates ctx's session: the password, and the current second factor when who has one
 * (a TOTP code, an e-mail code from an_auth_reauth_send_code, or a recovery code). On success
 * the session counts as recent again. Counts towards the lockout; audits auth.reauth. Returns
 * AN_EC_OK, AN_EC_AUTH_REAUTH_FAILED (either part wrong, not saying which), AN_EC_AUTH_LOCKED
 * (*retry_after set), AN_EC_AUTH_FORBIDDEN (no session: an API token) or
 * AN_EC_GENERIC_INTERNAL. */
enum an_ec an_auth_reauth(const struct an_ctx *ctx, struct an_db *db,
                          const struct an_principal *who, const char *password, const char *code,
                          const char *recovery_code, long *retry_after);

/* Sends a fresh e-mail code for re-authentication to a user whose second factor is e-mail
 * codes. Returns AN_EC_OK, AN_EC_GENERIC_CONFLICT (no e-mail codes for who) or
 * AN_EC_GENERIC_INTERNAL. */
enum an_ec an_auth_reauth_send_code(const struct an_ctx *ctx, struct an_db *db,
                                    const struct an_principal *who);

#endif
