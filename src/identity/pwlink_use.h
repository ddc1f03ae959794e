/* Using a link to set a password (issue 10, item 1), and the password rules in force that the
 * set-password and password pages show (item 8). */
#ifndef AN_IDENTITY_PWLINK_USE_H
#define AN_IDENTITY_PWLINK_USE_H
#include <jansson.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "identity/principal.h"
#include "store/db.h"

/* Sets the password through a link: the token must be open and unexpired, the password must meet
 * the policy in force (the tenant's, or the staff policy; broken rules in *policy_errors, owned
 * by the caller). The account's other sessions end; the link is used up. Audits
 * password_link.use (or password_link.expired). *who gets {"kind", "login", "company_code"?}
 * (caller owns it) so the page can lead to the right sign-in. Returns AN_EC_OK,
 * AN_EC_PASSWORD_LINK_INVALID, AN_EC_PASSWORD_LINK_EXPIRED, AN_EC_AUTH_PASSWORD_POLICY or
 * AN_EC_GENERIC_INTERNAL. */
enum an_ec an_pwlink_use(const struct an_ctx *ctx, struct an_db *db, const char *token,
                         const char *password, json_t **policy_errors, json_t **who);

/* The password rules in force for the link's account, as an_password_rules_json gives them, or
 * AN_EC_PASSWORD_LINK_INVALID / _EXPIRED. *rules is the caller's. */
enum an_ec an_pwlink_rules(const struct an_ctx *ctx, struct an_db *db, const char *token,
                           json_t **rules);

/* The rules a new password of this principal must meet, for the password page's hint (item 8):
 * {"min_length", "min_classes", "require": [...], "history", "reject_login", "reject_common"}. */
json_t *an_password_rules_json(struct an_db *db, struct an_principal *who);

#endif
