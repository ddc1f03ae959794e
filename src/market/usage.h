/* Usage metering (SLA-11, TOS-20): plans' metered dimensions, the usage a shop reports with its
 * token for its contracts, and the usage of a contract so far this month. The month's statement
 * (market/fees_statement.c) bills the sums. */
#ifndef AN_MARKET_USAGE_H
#define AN_MARKET_USAGE_H
#include <jansson.h>
#include <stdbool.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"

/* A meter as the operator adds it: code ([a-z0-9_-], 1..40), name and unit (display text),
 * unit_price yen per unit before tax (0..10,000,000), tax_rate 10 or 8. */
struct an_meter_in {
  const char *code, *name, *unit;
  int64_t unit_price, tax_rate;
};
/* Operator only: adds a meter to plan_id, audited plan.meter_add. *out {meter, meters}.
 * AN_EC_GENERIC_NOT_FOUND (no plan), AN_EC_GENERIC_INVALID_FIELD with *bad the field's name,
 * AN_EC_METER_EXISTS (the plan has the code). */
enum an_ec an_meter_add(const struct an_ctx *ctx, struct an_db *db, int64_t plan_id,
                        const struct an_meter_in *in, const char **bad, json_t **out);

/* A usage report: hour is RFC 3339 (cut to its hour); key is the caller's idempotency key. */
struct an_usage_in {
  int64_t contract_id, quantity;
  const char *meter, *hour, *key;
};
/* The shop of the caller's scope reports usage of one of its contracts, audited usage.report.
 * *created false when the shop already sent key: then *out is the first report, unchanged.
 * AN_EC_GENERIC_NOT_FOUND (not a contract of the shop), AN_EC_GENERIC_INVALID_FIELD with *bad
 * "meter" (not a meter of the contract's plan) or "hour" (unreadable), AN_EC_USAGE_LATE (the hour
 * ended more than [receivables] usage_late_hours ago, or has not begun; *bad "hour"). */
enum an_ec an_usage_report(const struct an_ctx *ctx, struct an_db *db, const struct an_usage_in *in,
                           const char **bad, bool *created, json_t **out);

/* The usage of contract_id in month ("YYYY-MM"; NULL: this month in JST) summed per meter with
 * its amount before tax: the contractor's own contract, the shop's own, any for the operator.
 * *out {contract_id, month, items: [{meter, name, unit, unit_price, tax_rate, quantity,
 * amount}]}. AN_EC_GENERIC_NOT_FOUND when the contract is not the caller's. */
enum an_ec an_usage_month(const struct an_ctx *ctx, struct an_db *db, int64_t contract_id,
                          const char *month, json_t **out);

/* The metered lines of tenant_id's month ("YYYY-MM"): appended to stmts' shop statements by the
 * statement builder. Exposed for market/fees_statement.c; returns 1 or an error. */
struct an_contract;
int an_usage_statement_lines(struct an_db *db, int64_t tenant_id, const char *month,
                             const struct an_contract *contracts, size_t n,
                             json_t *(*shop_lines)(json_t *stmts, const struct an_contract *c),
                             json_t *stmts);

#endif
