/* Reports of prohibited acts (TOS-17, MARK-4-2-3): anyone reports; operator staff handle them, and
 * may suspend the related contract in the same step. */
#ifndef AN_MARKET_REPORTS_H
#define AN_MARKET_REPORTS_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"
#include "store/market_ops.h"

/* The body of POST /api/v1/reports (struct an_report_form in store/market_ops.h). */
extern const struct an_spec an_report_form_spec;

/* Records a report and its audit event in one transaction; *receipt gets its number.
 * AN_EC_GENERIC_INVALID_FIELD for an unknown category, AN_EC_GENERIC_INTERNAL on a database
 * error. */
enum an_ec an_report_submit(const struct an_ctx *ctx, struct an_db *db,
                            const struct an_report_form *in, int64_t *receipt);
/* Appends the reports with the given status ("" = all) to out; the count or a store error. */
int an_report_list(const struct an_ctx *ctx, struct an_db *db, const char *status, json_t *out);
/* Marks an open report handled, with its audit event. When suspend, the contract is suspended
 * first (its sanction takes effect before the report counts as handled). *out gets the report.
 * NOT_FOUND for an unknown id, CONFLICT when it is not open, INVALID_FIELD for suspend without
 * a contract. */
enum an_ec an_report_handle(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                            const char *resolution, int64_t contract, bool suspend, json_t **out);

#endif
