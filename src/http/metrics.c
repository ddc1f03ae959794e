#include "http/metrics.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "core/alloc.h"

static const double bounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
#define NB (sizeof bounds / sizeof bounds[0])
#define NSTATUS 600

struct series {
  atomic_ullong by_status[NSTATUS];
  atomic_ullong bucket[NB + 1]; /* last: +Inf */
  atomic_ullong sum_us;
  atomic_ullong count;
};

static struct series *series; /* [nroutes + 2]: unmatched, static files, then routes */
static int nseries;
static atomic_llong in_flight;

void an_metrics_init(int nroutes)
{
  nseries = nroutes + 2;
  series = an_calloc(sizeof *series * (size_t)nseries);
}

void an_metrics_begin(void)
{
  atomic_fetch_add_explicit(&in_flight, 1, memory_order_relaxed);
}

static struct series *slot(int route_index)
{
  int i = route_index + 2;
  return i >= 0 && i < nseries ? &series[i] : NULL;
}

void an_metrics_end(int route_index, unsigned status, int64_t micros)
{
  atomic_fetch_sub_explicit(&in_flight, 1, memory_order_relaxed);
  struct series *s = slot(route_index);
  if (!s)
    return;
  if (status < NSTATUS)
    atomic_fetch_add_explicit(&s->by_status[status], 1, memory_order_relaxed);
  double secs = (double)micros / 1e6;
  size_t b = 0;
  while (b < NB && secs > bounds[b])
    b++;
  atomic_fetch_add_explicit(&s->bucket[b], 1, memory_order_relaxed);
  atomic_fetch_add_explicit(&s->sum_us, (unsigned long long)(micros > 0 ? micros : 0),
                            memory_order_relaxed);
  atomic_fetch_add_explicit(&s->count, 1, memory_order_relaxed);
}

static void labels(int i, const char *(*route_name)(int, const char **), const char **route,
                   const char **method)
{
  *method = "";
  if (i == 0)
    *route = "unmatched"; /* AN_METRIC_UNMATCHED + 2 */
  else if (i == 1)
    *route = "static"; /* AN_METRIC_STATIC + 2 */
  else
    *route = route_name(i - 2, method);
}

void an_metrics_render(struct an_buf *out, const char *(*route_name)(int i, const char **method))
{
  an_buf_puts(out, "# HELP anshin_http_requests_total HTTP requests by route and status.\n"
                   "# TYPE anshin_http_requests_total counter\n");
  for (int i = 0; i < nseries; i++) {
    const char *route, *method;
    labels(i, route_name, &route, &method);
    for (int st = 0; st < NSTATUS; st++) {
      unsigned long long v = atomic_load_explicit(&series[i].by_status[st], memory_order_relaxed);
      if (v)
        an_buf_printf(out,
                      "anshin_http_requests_total{route=\"%s\",method=\"%s\",status=\"%d\"} "
                      "%llu\n",
                      route, method, st, v);
    }
  }
  an_buf_puts(out, "# HELP anshin_http_request_duration_seconds Time to answer a request.\n"
                   "# TYPE anshin_http_request_duration_seconds histogram\n");
  for (int i = 0; i < nseries; i++) {
    unsigned long long count = atomic_load_explicit(&series[i].count, memory_order_relaxed);
    if (!count)
      continue;
    const char *route, *method;
    labels(i, route_name, &route, &method);
    unsigned long long cum = 0;
    for (size_t b = 0; b <= NB; b++) {
      cum += atomic_load_explicit(&series[i].bucket[b], memory_order_relaxed);
      if (b < NB)
        an_buf_printf(out,
                      "anshin_http_request_duration_seconds_bucket{route=\"%s\",method=\"%s\","
                      "le=\"%g\"} %llu\n",
                      route, method, bounds[b], cum);
      else
        an_buf_printf(out,
                      "anshin_http_request_duration_seconds_bucket{route=\"%s\",method=\"%s\","
                      "le=\"+Inf\"} %llu\n",
                      route, method, cum);
    }
    an_buf_printf(out,
                  "anshin_http_request_duration_seconds_sum{route=\"%s\",method=\"%s\"} %.6f\n"
                  "anshin_http_request_duration_seconds_count{route=\"%s\",method=\"%s\"} %llu\n",
                  route, method,
                  (double)atomic_load_explicit(&series[i].sum_us, memory_order_relaxed) / 1e6,
                  route, method, count);
  }
  an_buf_printf(out,
                "# HELP anshin_http_requests_in_flight Requests being answered now.\n"
                "# TYPE anshin_http_requests_in_flight gauge\n"
                "anshin_http_requests_in_flight %lld\n",
                (long long)atomic_load_explicit(&in_flight, memory_order_relaxed));
}
