/* The monthly SLA report per contract (issue 12 item 3; SLA-4, SLA-6, SLA-10, SLA-26, SLA-1):
 * availability against 99.90 %, the incidents of the month with their durations and MTTR
 * against 30 minutes, the response times against their targets, and the maintenance windows,
 * for the contractor (its own contracts) and the operator (every contract). */
#ifndef AN_OPS_REPORT_H
#define AN_OPS_REPORT_H
#include <jansson.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"

/* The availability the report holds each contract to, in thousandths of a percent (99.900 %). */
#define AN_OPS_SLA_TARGET_MILLI 99900
/* The mean time to recovery the report holds incidents to (SLA-6). */
#define AN_OPS_MTTR_TARGET_MINUTES 30

/* The report of contract_id for the JST month [from, to) into *out. AN_EC_GENERIC_NOT_FOUND
 * when the contract is not one ctx's scope may see (another tenant's, unknown). */
enum an_ec an_ops_sla_report(const struct an_ctx *ctx, struct an_db *db, int64_t contract_id,
                             int64_t from, int64_t to, json_t **out);

/* The report as CSV (section, item, value, target, met), its header line from messages.def in
 * lang ("ja" or "en"), dates in JST. */
void an_ops_sla_report_csv(const json_t *report, const char *lang, struct an_buf *out);

#endif
