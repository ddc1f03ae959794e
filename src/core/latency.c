#include "core/latency.h"

#include <stdatomic.h>
#include <stdbool.h>

/* 0.5 s and 5 s are the service level's targets (SLA-10, SLA-26): they are bounds, so the share
 * under each is exact. */
const int64_t an_latency_bounds_ms[AN_LATENCY_NB] = {
    5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 1800000};

struct series {
  atomic_llong bucket[AN_LATENCY_NBUCKETS];
  atomic_llong count, sum_us;
};

static struct series total[AN_LAT__COUNT], pending[AN_LAT__COUNT];

const char *an_latency_class_name(enum an_latency_class c)
{
  static const char *const names[] = {"api", "page", "batch"};
  return c >= 0 && c < AN_LAT__COUNT ? names[c] : "unknown";
}

static void add(struct series *s, size_t b, int64_t micros)
{
  atomic_fetch_add_explicit(&s->bucket[b], 1, memory_order_relaxed);
  atomic_fetch_add_explicit(&s->count, 1, memory_order_relaxed);
  atomic_fetch_add_explicit(&s->sum_us, micros, memory_order_relaxed);
}

void an_latency_observe(enum an_latency_class c, int64_t micros)
{
  if (c < 0 || c >= AN_LAT__COUNT)
    return;
  if (micros < 0)
    micros = 0;
  size_t b = 0;
  while (b < AN_LATENCY_NB && micros > an_latency_bounds_ms[b] * 1000)
    b++;
  add(&total[c], b, micros);
  add(&pending[c], b, micros);
}

bool an_latency_take(enum an_latency_class c, struct an_latency_counts *out)
{
  struct series *s = &pending[c];
  out->count = atomic_exchange_explicit(&s->count, 0, memory_order_relaxed);
  out->sum_us = atomic_exchange_explicit(&s->sum_us, 0, memory_order_relaxed);
  for (size_t b = 0; b < AN_LATENCY_NBUCKETS; b++)
    out->bucket[b] = atomic_exchange_explicit(&s->bucket[b], 0, memory_order_relaxed);
  return out->count > 0;
}

void an_latency_untake(enum an_latency_class c, const struct an_latency_counts *in)
{
  struct series *s = &pending[c];
  atomic_fetch_add_explicit(&s->count, in->count, memory_order_relaxed);
  atomic_fetch_add_explicit(&s->sum_us, in->sum_us, memory_order_relaxed);
  for (size_t b = 0; b < AN_LATENCY_NBUCKETS; b++)
    atomic_fetch_add_explicit(&s->bucket[b], in->bucket[b], memory_order_relaxed);
}

double an_latency_avg_ms(const struct an_latency_counts *c)
{
  return c->count > 0 ? (double)c->sum_us / (double)c->count / 1000.0 : 0;
}

double an_latency_p95_ms(const struct an_latency_counts *c)
{
  int64_t n = 0;
  for (size_t b = 0; b < AN_LATENCY_NBUCKETS; b++)
    n += c->bucket[b];
  if (n <= 0)
    return 0;
  double rank = 0.95 * (double)n, cum = 0;
  for (size_t b = 0; b < AN_LATENCY_NBUCKETS; b++) {
    double next = cum + (double)c->bucket[b];
    if (next >= rank && c->bucket[b] > 0) {
      if (b == AN_LATENCY_NB)
        return (double)an_latency_bounds_ms[AN_LATENCY_NB - 1];
      double lo = b ? (double)an_latency_bounds_ms[b - 1] : 0, hi = (double)an_latency_bounds_ms[b];
      return lo + (hi - lo) * (rank - cum) / (double)c->bucket[b];
    }
    cum = next;
  }
  return (double)an_latency_bounds_ms[AN_LATENCY_NB - 1];
}

void an_latency_render(struct an_buf *out)
{
  an_buf_puts(out, "# HELP anshin_response_seconds Response time by class (API, page, batch "
                   "job), since start.\n"
                   "# TYPE anshin_response_seconds histogram\n");
  for (int c = 0; c < AN_LAT__COUNT; c++) {
    const char *name = an_latency_class_name(c);
    long long cum = 0;
    for (size_t b = 0; b < AN_LATENCY_NBUCKETS; b++) {
      cum += atomic_load_explicit(&total[c].bucket[b], memory_order_relaxed);
      if (b < AN_LATENCY_NB)
        an_buf_printf(out, "anshin_response_seconds_bucket{class=\"%s\",le=\"%g\"} %lld\n", name,
                      (double)an_latency_bounds_ms[b] / 1000.0, cum);
      else
        an_buf_printf(out, "anshin_response_seconds_bucket{class=\"%s\",le=\"+Inf\"} %lld\n", name,
                      cum);
    }
    an_buf_printf(out,
                  "anshin_response_seconds_sum{class=\"%s\"} %.6f\n"
                  "anshin_response_seconds_count{class=\"%s\"} %lld\n",
                  name, (double)atomic_load_explicit(&total[c].sum_us, memory_order_relaxed) / 1e6,
                  name, (long long)atomic_load_explicit(&total[c].count, memory_order_relaxed));
  }
}
