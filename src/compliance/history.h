/* Evaluation and history (issue 16 item 6): every registered check (compliance/checks.h) and
 * every requirement that rests on attestations is evaluated on a schedule (one instance of
 * several, the standing lease "compliance.evaluate", every [compliance] interval_ms) and on
 * demand. Each requirement's status is kept with the time it took that status ("since"); each
 * change is a row of the history. A change from a known status to non_compliant is mailed to
 * [ops] oncall_emails (one mail per evaluation listing them; the first evaluation of a
 * requirement sets its baseline without a mail) and the history row records that it was.
 * Operator scope only. */
#ifndef AN_COMPLIANCE_HISTORY_H
#define AN_COMPLIANCE_HISTORY_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/config.h"
#include "core/ctx.h"
#include "core/errors.h"
#include "crypto/keys.h"
#include "store/db.h"

/* Evaluates everything now (ctx->now) and stores the outcome. *changes (may be NULL) gets how
 * many requirements changed status. */
enum an_ec an_compliance_evaluate(const struct an_ctx *ctx, struct an_db *db, int *changes);
/* As an_compliance_evaluate, for the checks of requirements (n of them; NULL = every check)
 * and, when attestations, the requirements resting on attestations. The rest keep their
 * stored status. */
enum an_ec an_compliance_evaluate_some(const struct an_ctx *ctx, struct an_db *db,
                                       const char *const *requirements, size_t n, bool attestations,
                                       int *changes);
/* On demand: an_compliance_evaluate, then the requirements in lang with "changes". */
enum an_ec an_compliance_evaluate_now(const struct an_ctx *ctx, struct an_db *db, const char *lang,
                                      json_t **out);
/* {"evaluated_at", "requirements": [{requirement, status, source ("check" or "attestation"),
 * reason (in lang), reason_key, evidence, since, evaluated_at, attestation (the newest, or
 * null), attestation_expired}]} from the last evaluation. */
enum an_ec an_compliance_requirements(const struct an_ctx *ctx, struct an_db *db, const char *lang,
                                      json_t **out);
/* {"history": [{id, requirement, status, previous, reason, evidence, alerted, changed_at}]},
 * newest first (at most 500), of requirement or of all ("" or NULL). */
enum an_ec an_compliance_history(const struct an_ctx *ctx, struct an_db *db,
                                 const char *requirement, const char *lang, json_t **out);

/* Starts and stops the scheduled evaluation of `anshin serve` (and the evaluation on change
 * with it). */
void an_compliance_start(const struct an_config *cfg, const struct an_keys *keys);
void an_compliance_stop(void);

/* Evaluation on change (on_change.c, issue 16 item 6): when the schedule runs ([compliance]
 * interval_ms > 0) and [compliance] change_delay_ms > 0, the audited actions that affect a check
 * (a password or session policy, an allow-list, a backup or drill, a document or page published,
 * an announcement, a ticket, an attestation ...) are watched (core/dirty.h), and this process
 * evaluates the requirements they affect change_delay_ms after they commit. */
void an_compliance_watch_start(const struct an_config *cfg, const struct an_keys *keys);
void an_compliance_watch_stop(void);

#endif
