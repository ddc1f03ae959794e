/* The contract lifecycle after approval: cancellation by the contractor (Art. 12, TOS-7),
 * suspension and reinstatement (TOS-6) and termination (Art. 13, TOS-8) by the operator,
 * discontinuation of a service (Art. 14, TOS-9), and the end of a contract with its data
 * deletion deadline (WP-4, CHK-17). Each keeps access, billing and deletion dates apart, as in
 * Kill Bill, and every change of them is audited. */
#ifndef AN_MARKET_CONTRACTS_H
#define AN_MARKET_CONTRACTS_H
#include <jansson.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/contracts.h"
#include "store/db.h"

/* Opens a contract of the tenant for the plan, under the terms document, from start_on
 * ("YYYY-MM-DD"): numbers it AN-<year of start>-<serial>, stores it, audits contract.create and
 * queues the contract.created event. Inside the caller's transaction; *out gets the contract
 * (release with an_spec_clear).
 * Returns an AN_DB_* status (AN_DB_HARD when the plan is gone). */
int an_contract_open(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id, int64_t plan_id,
                     int64_t terms_id, const char *start_on, struct an_contract *out);

/* desired_on may be NULL. *out gets {contract, end_on, desired_honoured, amount_due}. */
enum an_ec an_contract_cancel(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                              const char *desired_on, json_t **out);
/* Art. 12 before the notice: what a cancellation sent now with desired_on (may be NULL) would
 * give, computed as an_contract_cancel does, without changing anything. *out gets
 * {notice_arrives_on, desired_on, end_on, desired_honoured, service_stops_on, notice_days}.
 * AN_EC_CONTRACT_NOT_ACTIVE when the contract is not in force or already has a notice. */
enum an_ec an_contract_cancel_preview(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                      const char *desired_on, json_t **out);
/* Withdraws the caller's pending cancellation before its end date: clears the end dates, audits
 * contract.cancel_withdraw, tells the contractor by mail and the shop by its webhook, as the
 * notice did. *out gets {contract, withdrawn_end_on}. AN_EC_CANCEL_NOT_PENDING when there is no
 * notice to withdraw or its end date has come. */
enum an_ec an_contract_cancel_withdraw(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                       json_t **out);
enum an_ec an_contract_suspend(const struct an_ctx *ctx, struct an_db *db, int64_t id, bool suspend,
                               const char *reason, json_t **out);
/* cause: one of Art. 13 (1)-(9) (an_termination_cause_ja). */
enum an_ec an_contract_terminate(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                 const char *cause, const char *message, json_t **out);
const char *an_termination_cause_ja(const char *cause);
/* Schedules the end of a service: on must be at least the service's notice period away. A shop
 * (ctx->shop_id) may only discontinue its own services. *out gets the service. */
enum an_ec an_service_discontinue(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                  const char *on, const char *reason, char *earliest_out,
                                  json_t **out);

/* Jobs (run by the market worker): end a contract whose end date has passed; mark a service
 * discontinued. Idempotent. Return an AN_DB_* status. */
int an_contract_end_job(const struct an_ctx *ctx, struct an_db *db, int64_t contract_id);
int an_service_end_job(const struct an_ctx *ctx, struct an_db *db, int64_t service_id);

/* Is the tenant (by company code) entitled to the service now, and with which plan and quotas.
 * Only the shop's own services (ctx->shop_id). */
enum an_ec an_entitlement(const struct an_ctx *ctx, struct an_db *db, const char *company_code,
                          const char *service_code, json_t **out);

#endif
