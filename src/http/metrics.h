/* Request metrics in Prometheus text format: requests by route and status, a latency histogram
 * per route, and requests in flight. Lock-free counters; rendering reads them as they are. */
#ifndef AN_HTTP_METRICS_H
#define AN_HTTP_METRICS_H
#include <stdint.h>

#include "core/buf.h"

/* Route label indexes beyond the route table. */
#define AN_METRIC_STATIC (-1)
#define AN_METRIC_UNMATCHED (-2)

/* Sizes the tables for nroutes routes. Call once before serving. */
void an_metrics_init(int nroutes);
/* A request started / finished. */
void an_metrics_begin(void);
void an_metrics_end(int route_index, unsigned status, int64_t micros);
/* Appends the exposition text; route_name(i) gives the label of route i. */
void an_metrics_render(struct an_buf *out, const char *(*route_name)(int i, const char **method));

#endif
