/* The mail sender: a background thread of `anshin serve` that delivers the outbox.
 *
 * Every [mail] poll_interval_ms it claims up to 20 due messages, sends each through [mail] relay,
 * and records the attempt (mail_deliveries, audit event "mail.deliver") with the message's new
 * state in one transaction: sent, queued again after a back-off (1 min, doubling, at most 1 h),
 * or failed after AN_MAIL_MAX_ATTEMPTS attempts. Each server instance may run one; claims keep
 * them from sending the same message twice, and a claim held by a sender that died is taken
 * over after its lease. Delivery is at least once: a sender that dies between the relay's
 * acceptance and the commit sends that message again later. */
#ifndef AN_NOTIFY_SENDER_H
#define AN_NOTIFY_SENDER_H
#include <stdbool.h>

#include "core/config.h"
#include "crypto/keys.h"

/* Messages claimed at once. */
#define AN_MAIL_BATCH 20

/* Starts the sender with its own database connection. cfg and keys must outlive it. With no
 * [mail] relay it starts nothing and mail stays queued (logged once). Returns false, with the
 * reason logged, when it cannot start. */
bool an_mail_sender_start(const struct an_config *cfg, const struct an_keys *keys);

/* Stops the sender (abandoning a transfer in progress, which is retried later) and waits for
 * it. Safe to call when it was not started. */
void an_mail_sender_stop(void);

#endif
