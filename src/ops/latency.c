/* Response times per hour: the histograms' new counts written, a period's figures read back. */
#include "ops/latency.h"

#include <stdio.h>
#include <string.h>

#include "audit/job.h"
#include "core/latency.h"
#include "core/time.h"
#include "ops/schedule.h"
#include "store/latency.h"

#define HOUR_US (INT64_C(3600) * 1000000)

int an_ops_latency_flush(struct an_db *db, int64_t now)
{
  int64_t hour = now - now % HOUR_US;
  int rc = 0;
  for (int c = 0; c < AN_LAT__COUNT; c++) {
    struct an_latency_counts n;
    if (!an_latency_take(c, &n))
      continue;
    if (!db || an_store_latency_add(db, hour, an_latency_class_name(c), &n) < 0) {
      an_latency_untake(c, &n);
      rc = -1;
    }
  }
  return rc;
}

static json_t *figures(const struct an_latency_counts *c, int64_t target_ms)
{
  json_t *o = json_pack("{s:I, s:f, s:f}", "count", (json_int_t)c->count, "avg_ms",
                        (double)(int64_t)(an_latency_avg_ms(c) * 10 + 0.5) / 10, "p95_ms",
                        (double)(int64_t)(an_latency_p95_ms(c) * 10 + 0.5) / 10);
  if (o && target_ms) {
    json_object_set_new(o, "target_ms", json_integer(target_ms));
    json_object_set_new(
        o, "met", c->count ? json_boolean(an_latency_p95_ms(c) <= (double)target_ms) : json_null());
  }
  return o;
}

enum an_ec an_ops_response_times(const struct an_ctx *ctx, struct an_db *db, int64_t from,
                                 int64_t to, json_t **out)
{
  (void)ctx;
  static const int64_t targets[AN_LAT__COUNT] = {AN_OPS_API_TARGET_MS, 0, AN_OPS_BATCH_TARGET_MS};
  json_t *o = json_pack("{s:I, s:I}", "from", (json_int_t)(from / 1000000), "to",
                        (json_int_t)(to / 1000000));
  for (int c = 0; o && c < AN_LAT__COUNT; c++) {
    struct an_latency_counts n;
    if (an_store_latency_sum_all(db, from, to, an_latency_class_name(c), &n) < 0) {
      json_decref(o);
      return AN_EC_GENERIC_INTERNAL;
    }
    json_object_set_new(o, an_latency_class_name(c), figures(&n, targets[c]));
  }
  *out = o;
  return o ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
}

bool an_ops_month_span(int year, int month, int64_t *from, int64_t *to)
{
  struct an_date a = {year, month, 1}, b = {month == 12 ? year + 1 : year, month % 12 + 1, 1};
  if (month < 1 || month > 12 || !an_date_valid(a) || !an_date_valid(b))
    return false;
  *from = an_ops_midnight(a);
  *to = an_ops_midnight(b);
  return true;
}

/* ---- the thread ---- */

static int flush_now(struct an_db *db)
{
  return an_ops_latency_flush(db, an_time_now_us());
}

static struct an_flusher flusher = {.flush = flush_now,
                                    .warning = "response times not written yet"};

void an_ops_latency_start(const struct an_config *cfg)
{
  an_flusher_start(&flusher, cfg, cfg->ops_latency_flush_ms);
}

void an_ops_latency_stop(void)
{
  an_flusher_stop(&flusher);
}
