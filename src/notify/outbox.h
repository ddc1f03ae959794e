/* Reading the e-mail outbox (operator staff, TOS-21): with no relay configured this is where mail
 * is read; otherwise it shows what was sent and each delivery attempt. Mail may hold a sign-in
 * code, so reading one message is a security event (mail.read). */
#ifndef AN_NOTIFY_OUTBOX_H
#define AN_NOTIFY_OUTBOX_H
#include <stdint.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"
#include "store/mail.h"

/* Shows cb the messages newest first by id (only tenant_id's when nonzero), at most limit with
 * an id below before (a keyset page: INT64_MAX = from the newest), and sets *queued to the
 * number still queued. Each foreign tenant whose messages were shown gets a data-access event
 * ("mails", with the count; WP-18); the caller asks one more than it shows (to learn that a page
 * follows), so when limit are found the last is not counted. Returns the count or a store
 * error. */
int an_outbox_list(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id, long limit,
                   int64_t before, an_mail_cb cb, void *cls, int64_t *queued);
/* body with the token of every link that sets a password ("#token=...") replaced by asterisks; a
 * new string the caller frees. */
char *an_outbox_redact(const char *body);
/* Shows cb the message id (its body redacted as above) and dcb its delivery attempts, and audits
 * mail.read in the log of the message's tenant. A tenant's mail is its data (WP-18, seed 003):
 * anyone but the tenant reading it states a reason first (ctx->access_reason), recorded with the
 * read. Returns AN_EC_OK, AN_EC_GENERIC_NOT_FOUND (no such message),
 * AN_EC_ACCESS_REASON_REQUIRED (nothing shown) or AN_EC_GENERIC_INTERNAL (then the read is not
 * audited as done). */
enum an_ec an_outbox_read(const struct an_ctx *ctx, struct an_db *db, int64_t id, an_mail_cb cb,
                          void *cls, an_mail_delivery_cb dcb, void *dcls);

/* Sends message id again: queues a copy of it (the original stays in the record) and audits
 * mail.resend. Sets *new_id. Returns 1, 0 when there is no such message, or a store error. */
int an_outbox_resend(const struct an_ctx *ctx, struct an_db *db, int64_t id, int64_t *new_id);

#endif
