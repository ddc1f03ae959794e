/* Logging in and out, resolving a session token to a subject, and changing one's password.
 * Failures tell nothing about which part was wrong, so accounts cannot be enumerated. */
#ifndef AN_IDENTITY_AUTH_H
#define AN_IDENTITY_AUTH_H
#include <jansson.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "crypto/token.h"
#include "store/db.h"
#include "store/sessions.h"
#include "store/staff.h"

struct an_login_result {
  char token[AN_TOKEN_STR];  /* the new session token: goes into the cookie, never stored */
  struct an_session session;
  struct an_staff staff;
};

/* Checks an operator staff login and opens a session (a fresh token every time). Every attempt is
 * audited (auth.login, success or failure). Returns AN_EC_OK, AN_EC_AUTH_BAD_CREDENTIALS (wrong
 * login, wrong password or a suspended account, alike) or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_auth_login_staff(const struct an_ctx *ctx, struct an_db *db, const char *login,
                               const char *password, const char *user_agent,
                               struct an_login_result *out);

/* Resolves a session token for a request: fills ctx's subject, tenant, roles and session id, and
 * the session (for its CSRF token) into *out. An expired (idle or absolute) or revoked session
 * yields AN_EC_AUTH_REQUIRED. Returns AN_EC_OK, AN_EC_AUTH_REQUIRED or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_auth_resolve(struct an_ctx *ctx, struct an_db *db, const char *token,
                           struct an_session *out);

/* Ends ctx's session and audits auth.logout. Returns AN_EC_OK or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_auth_logout(const struct an_ctx *ctx, struct an_db *db);

/* Revokes the session of a token (e.g. the old one at a new login) without auditing a logout. */
void an_auth_drop_token(const struct an_ctx *ctx, struct an_db *db, const char *token);

/* Changes the logged-in staff member's password after checking the current one and the policy
 * (broken rules in *policy_errors, owned by the caller); clears the must-change flag; ends the
 * subject's other sessions. Returns AN_EC_OK, AN_EC_AUTH_WRONG_CURRENT_PASSWORD,
 * AN_EC_AUTH_PASSWORD_POLICY or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_auth_change_password(const struct an_ctx *ctx, struct an_db *db,
                                   const char *current, const char *next,
                                   json_t **policy_errors);

#endif
