/* Provider-side password reset (SLA-30): the operator's support staff force a tenant user's
 * password reset (e.g. when a tenant's only admin is locked out), for a stated reason; audited in
 * the tenant's log (user.provider_reset) and the tenant's responsible person is notified by mail
 * (never with the password). The user chooses the new password from a mailed link. */
#ifndef AN_IDENTITY_PROVIDER_RESET_H
#define AN_IDENTITY_PROVIDER_RESET_H
#include <stdint.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "identity/pwlink.h"
#include "store/db.h"

/* Resets user_id of tenant_id the way a tenant admin's forced reset does (identity/users.h: a new
 * one-time password, its sessions ended), mails the user a set-password link when the user has an
 * address (*link: the mail; password then comes back empty, known to no one), then audits and
 * notifies. Only a user without an address (or one the mailer refuses) gets the one-time password
 * in password (>= 25 bytes) for the operator to hand over. ctx must be the operator's, with
 * ctx->access_reason. Returns AN_EC_OK, AN_EC_AUTH_FORBIDDEN, AN_EC_ACCESS_REASON_REQUIRED,
 * AN_EC_GENERIC_NOT_FOUND or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_provider_reset(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                             int64_t user_id, char *password, struct an_mail_outcome *link);

#endif
