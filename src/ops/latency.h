/* Response times (SLA-10, SLA-26) from the server's own histograms (core/latency.h): a thread of
 * `anshin serve` adds the new counts to the hour's row every [ops] latency_flush_ms and once more
 * at stop, on every instance; a period's figures are read back from those rows. */
#ifndef AN_OPS_LATENCY_H
#define AN_OPS_LATENCY_H
#include <jansson.h>
#include <stdint.h>

#include "core/config.h"
#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"

/* The targets: the API answers within 0.5 s (SLA-10), a batch job within 5 s (SLA-26). */
#define AN_OPS_API_TARGET_MS 500
#define AN_OPS_BATCH_TARGET_MS 5000

/* Writes the counts not yet written into the hour of now. Returns 0, or -1 when the database
 * refused (the counts are kept for the next try). */
int an_ops_latency_flush(struct an_db *db, int64_t now);

/* The figures of [from, to) (hours starting in it): {"from", "to", "api": {...}, "page": {...},
 * "batch": {...}}, each class with count, avg_ms, p95_ms, and for api and batch target_ms and
 * met (p95 within the target; null without responses). Platform-wide figures, no tenant's data:
 * every caller with sla.read may see them. */
enum an_ec an_ops_response_times(const struct an_ctx *ctx, struct an_db *db, int64_t from,
                                 int64_t to, json_t **out);

/* The JST month (year, month 1..12) as [from, to); false for an impossible month. */
bool an_ops_month_span(int year, int month, int64_t *from, int64_t *to);

/* Starts and stops the flushing thread (stop writes what is left). */
void an_ops_latency_start(const struct an_config *cfg);
void an_ops_latency_stop(void);

#endif
