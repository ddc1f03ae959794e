/* Sets of time intervals for availability: add clipped spans, merge, measure, intersect. */
#ifndef AN_OPS_SPANS_H
#define AN_OPS_SPANS_H
#include <stddef.h>
#include <stdint.h>

#include "ops/schedule.h"

/* A growable list of spans; zero-initialise, free with an_ops_spans_free. */
struct an_ops_spans {
  struct an_ops_span *v;
  size_t n, cap;
};

/* Adds [a, b) clipped to [from, to); empty results are skipped. At most 20,000 spans are kept. */
void an_ops_spans_add(struct an_ops_spans *s, int64_t a, int64_t b, int64_t from, int64_t to);
/* Sorts and merges overlapping or touching spans in place. */
void an_ops_spans_merge(struct an_ops_spans *s);
/* Total length of a merged list. */
int64_t an_ops_spans_measure(const struct an_ops_spans *s);
/* Length of the intersection of two merged lists. */
int64_t an_ops_spans_overlap(const struct an_ops_spans *a, const struct an_ops_spans *b);
void an_ops_spans_free(struct an_ops_spans *s);
/* x rounded half away from zero to a whole number (figures are shown to three decimals by
 * rounding x * 1000). */
double an_ops_round(double x);

#endif
