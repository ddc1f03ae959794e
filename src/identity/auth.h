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
  char token[AN_TOKEN_STR];  /* the new session token: goes into the cookie, never stored */
  struct an_session session;
  struct an_principal who;
  const char *mfa_method; /* "totp" or "email" when the session awaits a second factor */
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
 * or a suspended subject or tenant, yields AN_EC_AUTH_REQUIRED; an address outside the tenant's
 * allowlist AN_EC_AUTH_IP_DENIED (audited). Returns AN_EC_OK, one of those, or
 * AN_EC_GENERIC_INTERNAL. */
enum an_ec an_auth_resolve(struct an_ctx *ctx, struct an_db *db, const char *token,
                           struct an_session *out, struct an_principal *who);

/* Completes a login whose session awaits its second factor: checks the TOTP code or a recovery
 * code, then replaces the pending session with a full one under a new token (the privilege
 * changed). Returns AN_EC_OK, AN_EC_MFA_FAILED or AN_EC_GENERIC_INTERNAL. */
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
 * subject's other sessions. Returns AN_EC_OK, AN_EC_AUTH_WRONG_CURRENT_PASSWORD,
 * AN_EC_AUTH_PASSWORD_POLICY or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_auth_change_password(const struct an_ctx *ctx, struct an_db *db,
                                   const char *current, const char *next,
                                   json_t **policy_errors);

#endif
