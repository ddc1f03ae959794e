/* Account review reminders (WP-24): when a tenant's review falls due (every review_months months,
 * default 6, after the last review or the tenant's creation), its admins get a portal notice and
 * a mail each, in their own language, once per due date. `anshin serve` looks hourly; with several
 * instances the one holding the 'account_review.remind' lease does it, and each due date is
 * claimed on the tenant's row, so no admin is reminded twice. */
#ifndef AN_IDENTITY_REVIEW_REMINDER_H
#define AN_IDENTITY_REVIEW_REMINDER_H
#include <stdint.h>

#include "core/config.h"
#include "core/ctx.h"
#include "core/errors.h"
#include "crypto/keys.h"
#include "store/db.h"

/* Sends the reminders due by ctx->now; *sent gets the number of tenants reminded. Each tenant's
 * claim, notice, mails and audit event (account_review.remind) commit together. Returns >= 0 or
 * an error. */
int an_review_remind(const struct an_ctx *ctx, struct an_db *db, int64_t *sent);
/* Sets ctx's tenant's review interval (1..24 months); audited account_review.settings. Returns
 * AN_EC_OK, AN_EC_GENERIC_INVALID_FIELD, AN_EC_AUTH_FORBIDDEN or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_review_set_months(const struct an_ctx *ctx, struct an_db *db, int64_t months);
/* Starts the hourly job (at start, then every hour) and stops it. */
void an_review_reminder_start(const struct an_config *cfg, const struct an_keys *keys);
void an_review_reminder_stop(void);

#endif
