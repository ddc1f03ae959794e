/* Response-time histograms by route class (SLA-10, SLA-26): fixed buckets, lock-free counters.
 * Two sets are kept: the totals since the process started (for /metrics) and the counts not yet
 * written to the database, which the ops layer takes and adds to the hour's row
 * (ops/latency.h), so a month's average and p95 survive restarts. */
#ifndef AN_CORE_LATENCY_H
#define AN_CORE_LATENCY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* What was timed: an API response (/api/...), a page or web file, a run of a batch job. */
enum an_latency_class { AN_LAT_API, AN_LAT_PAGE, AN_LAT_BATCH, AN_LAT__COUNT };

/* The buckets' upper bounds in milliseconds, ascending; one more bucket (+Inf) follows. */
extern const int64_t an_latency_bounds_ms[];
#define AN_LATENCY_NB 15
#define AN_LATENCY_NBUCKETS (AN_LATENCY_NB + 1)

/* The class's name: "api", "page", "batch". */
const char *an_latency_class_name(enum an_latency_class c);

/* Counts one observation of micros microseconds. Safe from any thread. */
void an_latency_observe(enum an_latency_class c, int64_t micros);

/* Counts of one class: buckets (not cumulative), their total and the sum of times. */
struct an_latency_counts {
  int64_t bucket[AN_LATENCY_NBUCKETS];
  int64_t count, sum_us;
};

/* Takes (and zeroes) the counts of class c not yet written; false when there are none. */
bool an_latency_take(enum an_latency_class c, struct an_latency_counts *out);
/* Gives counts back after a failed write, so they are written next time. */
void an_latency_untake(enum an_latency_class c, const struct an_latency_counts *in);

/* The average and the p95 in milliseconds of counts (linear within the bucket holding the
 * 95th percentile; the +Inf bucket answers with the last finite bound). 0 when empty. */
double an_latency_avg_ms(const struct an_latency_counts *c);
double an_latency_p95_ms(const struct an_latency_counts *c);

/* Appends the since-start histograms as Prometheus text (anshin_response_seconds{class=}). */
void an_latency_render(struct an_buf *out);

#endif
