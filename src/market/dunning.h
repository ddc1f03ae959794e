/* Dunning (issue 17 item 3, TOS-6): reminders of overdue invoices on the schedule the operator
 * sets ([receivables] dunning_days, days past due, e.g. 7,21,35), and after the last step a
 * suspension proposal that the operator decides — suspend the contractor (tenant) or dismiss.
 *
 * Rules (docs/architecture.md, "Dunning"):
 * - An invoice is overdue when its due date has passed and it is neither paid in full nor
 *   credited. On each run the job sends, per overdue invoice, the reminder of the highest step
 *   its days past due have reached, if that step was not sent yet: an invoice found late (the
 *   server was down, the schedule changed) gets one reminder, not a burst of the missed ones.
 * - Each reminder is claimed by its (invoice, step) row in the same transaction as its portal
 *   notice, its mails to the contractor's tenant admins (each in their language) and its audit
 *   event (dunning.remind): with several instances it is sent once. The job itself runs on the
 *   instance holding the 'receivables.dunning' lease.
 * - The last step's reminder says the service may be suspended (Art. 11-3) and makes one
 *   suspension proposal per invoice (dunning.propose). The operator decides (TOS-6): "suspend"
 *   suspends the tenant (tenant.suspend, with the reason shown at login) and records
 *   dunning.suspend; "dismiss" records dunning.dismiss. Nothing is suspended automatically. */
#ifndef AN_MARKET_DUNNING_H
#define AN_MARKET_DUNNING_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/config.h"
#include "core/ctx.h"
#include "core/errors.h"
#include "crypto/keys.h"
#include "store/db.h"

/* Sends the reminders due on ctx->now's JST date and makes the proposals; *sent gets the number
 * of reminders sent. Returns >= 0 or an error. */
int an_dunning_run(const struct an_ctx *ctx, struct an_db *db, int64_t *sent);
/* {"steps": [...], "items": [...]}: the suspension proposals, open ones first. Operator only. */
enum an_ec an_dunning_proposals(const struct an_ctx *ctx, struct an_db *db, json_t **out);
/* Decides open proposal id: suspend (the tenant, reason 1..200 characters, required) or dismiss
 * (reason optional). Operator only. *out {proposal}. NOT_FOUND, INVALID_FIELD (a suspension
 * without a reason), RECV_PROPOSAL_DECIDED when it is no longer open. */
enum an_ec an_dunning_decide(const struct an_ctx *ctx, struct an_db *db, int64_t id, bool suspend,
                             const char *reason, json_t **out);
/* Starts the job (at start, then every [receivables] dunning_seconds) and stops it. */
void an_dunning_start(const struct an_config *cfg, const struct an_keys *keys);
void an_dunning_stop(void);

#endif
