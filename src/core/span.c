/* The overlap of two spans of time, as the open-time counts use it. */
#include "core/span.h"

int64_t an_span_overlap(int64_t a, int64_t b, int64_t from, int64_t to)
{
  int64_t s = a > from ? a : from, e = b < to ? b : to;
  return e > s ? e - s : 0;
}
