/* Account review (棚卸, WP-24): every account of ctx's scope (a tenant's users, or the operator's
 * and shops' staff for the operator) with its roles, privileged rights, last login, second-factor
 * state and whether it has been dormant longer than N days; as JSON and CSV; the review recorded as
 * done (who and when) and due again every review_months months. */
#ifndef AN_IDENTITY_ACCOUNT_REVIEW_H
#define AN_IDENTITY_ACCOUNT_REVIEW_H
#include <jansson.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"

/* *out = {dormant_days, accounts: [{login, name, status, roles, permissions, privileged,
 * last_login_at, mfa, dormant}], review: {done_at, done_by, months, due}} (review only for a
 * tenant). Returns AN_EC_OK, AN_EC_AUTH_FORBIDDEN or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_account_review(const struct an_ctx *ctx, struct an_db *db, int64_t dormant_days,
                             json_t **out);
/* The accounts as CSV (header in lang) appended to out; audited data.download. */
enum an_ec an_account_review_csv(const struct an_ctx *ctx, struct an_db *db, int64_t dormant_days,
                                 const char *lang, struct an_buf *out);
/* Records ctx's tenant's review as done now by ctx's actor (account_review.done). Returns AN_EC_OK,
 * AN_EC_AUTH_FORBIDDEN or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_account_review_done(const struct an_ctx *ctx, struct an_db *db);

#endif
