#include "ops/spans.h"

#include <stdlib.h>

#include "core/alloc.h"

#define MAX_SPANS 20000

void an_ops_spans_add(struct an_ops_spans *s, int64_t a, int64_t b, int64_t from, int64_t to)
{
  a = a < from ? from : a;
  b = b > to ? to : b;
  if (a >= b || s->n >= MAX_SPANS)
    return;
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 16;
    s->v = an_realloc(s->v, s->cap * sizeof *s->v);
  }
  s->v[s->n++] = (struct an_ops_span){a, b};
}

static int by_start(const void *a, const void *b)
{
  const struct an_ops_span *x = a, *y = b;
  return x->start < y->start ? -1 : x->start > y->start;
}

void an_ops_spans_merge(struct an_ops_spans *s)
{
  if (!s->n)
    return;
  qsort(s->v, s->n, sizeof *s->v, by_start);
  size_t k = 0;
  for (size_t i = 1; i < s->n; i++) {
    if (s->v[i].start <= s->v[k].end) {
      if (s->v[i].end > s->v[k].end)
        s->v[k].end = s->v[i].end;
    } else
      s->v[++k] = s->v[i];
  }
  s->n = k + 1;
}

int64_t an_ops_spans_measure(const struct an_ops_spans *s)
{
  int64_t t = 0;
  for (size_t i = 0; i < s->n; i++)
    t += s->v[i].end - s->v[i].start;
  return t;
}

int64_t an_ops_spans_overlap(const struct an_ops_spans *a, const struct an_ops_spans *b)
{
  int64_t t = 0;
  size_t i = 0, j = 0;
  while (i < a->n && j < b->n) {
    int64_t lo = a->v[i].start > b->v[j].start ? a->v[i].start : b->v[j].start;
    int64_t hi = a->v[i].end < b->v[j].end ? a->v[i].end : b->v[j].end;
    if (lo < hi)
      t += hi - lo;
    if (a->v[i].end < b->v[j].end)
      i++;
    else
      j++;
  }
  return t;
}

void an_ops_spans_free(struct an_ops_spans *s)
{
  free(s->v);
  *s = (struct an_ops_spans){0};
}

double an_ops_round(double x)
{
  return x < 0 ? -(double)(int64_t)(-x + 0.5) : (double)(int64_t)(x + 0.5);
}
