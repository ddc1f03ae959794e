/* Reports of prohibited acts (TOS-17, MARK-4-2-3) in the ticket queue (issue 13 item 2): anyone
 * reports (anonymously if they wish); the report is a ticket of category prohibited_act with
 * the act and what it concerns, worked in the queue like any ticket; operator staff handle it
 * and may suspend the related contract in the same step. The reports API keeps its shape. */
#ifndef AN_SUPPORT_REPORTS_H
#define AN_SUPPORT_REPORTS_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"

struct an_report_in {
  const char *category, *description, *target, *reporter_name, *reporter_email; /* NULL = "" */
  const char *lang;                                                             /* ja or en */
};

/* Opens the report's ticket (audited "ticket.open" and "report.submit"; the reporter, when they
 * gave an address, is mailed the reference); *receipt gets its number (the ticket's id).
 * INVALID_FIELD for an unknown act (*bad_field "category") or an address without "@"
 * ("reporter_email"); INTERNAL on a database error. */
enum an_ec an_report_submit(const struct an_ctx *ctx, struct an_db *db,
                            const struct an_report_in *in, int64_t *receipt,
                            const char **bad_field);
/* Operator staff: the reports with status ("open", "handled", "" or NULL = all), newest first. */
enum an_ec an_report_list(const struct an_ctx *ctx, struct an_db *db, const char *status,
                          json_t **items);
/* Suspends contract for reason (the market's sanction, given by the caller: the support desk
 * sits beside the market and does not reach into it). */
typedef enum an_ec (*an_report_suspend_fn)(const struct an_ctx *ctx, struct an_db *db,
                                           int64_t contract, const char *reason);
/* Operator staff: handles an open report: when suspend is given, the contract is suspended first
 * through it (the sanction takes effect before the report counts as handled), with the reason
 * 「禁止事項への該当（通報 <id>）：<resolution>」; then the outcome is recorded in the ticket's
 * history and the ticket resolved, audited "report.handle". *out gets the report. NOT_FOUND for
 * an unknown id, CONFLICT when it is handled already, INVALID_FIELD for suspend without a
 * contract. */
enum an_ec an_report_handle(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                            const char *resolution, int64_t contract, an_report_suspend_fn suspend,
                            json_t **out);

#endif
