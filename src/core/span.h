/* Spans of time in microseconds, [from, to): how much of one lies within another. */
#ifndef AN_CORE_SPAN_H
#define AN_CORE_SPAN_H
#include <stdint.h>

/* The length of [a, b) within [from, to) in microseconds; 0 when they do not overlap. Used to
 * count the open time of a day's windows (handling hours, support hours) inside a period. */
int64_t an_span_overlap(int64_t a, int64_t b, int64_t from, int64_t to);

#endif
