/* Inbound support mail (issue 13 item 2): the support mailbox is read over IMAP on a schedule
 * ([support] imap_url, imap_poll_seconds); each unseen message threads into its ticket by the
 * reference in its subject or opens a new one, its HTML reduced to safe text and its attachments
 * kept (type-checked, sealed). Replies go out through the outbox (support/tickets.h). */
#ifndef AN_SUPPORT_INBOUND_H
#define AN_SUPPORT_INBOUND_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/config.h"
#include "core/ctx.h"
#include "core/errors.h"
#include "crypto/keys.h"
#include "store/db.h"

/* Takes one raw message: threads or opens a ticket and keeps the attachments. *out gets
 * {ticket_id, ref, threaded, attachments_kept, attachments_refused}. INVALID_FIELD when the
 * message cannot be parsed or has no sender address. */
enum an_ec an_support_mail_take(const struct an_ctx *ctx, struct an_db *db, const char *raw,
                                size_t len, json_t **out);
/* Reads the mailbox once with its own database connection. Returns the messages taken, or -1. */
int an_support_inbound_run(const struct an_config *cfg, const struct an_keys *keys);
/* Starts the mailbox thread when [support] imap_url is set, and the breach reminders' thread
 * (every [support] reminder_seconds); true unless a thread cannot start. */
bool an_support_inbound_start(const struct an_config *cfg, const struct an_keys *keys);
void an_support_inbound_stop(void);

#endif
