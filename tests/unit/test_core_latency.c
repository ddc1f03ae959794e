/* Unit tests for the response-time histograms (SLA-10, SLA-26): bucket placement at the bounds,
 * the p95 interpolated within its bucket, the counts taken once and given back after a failed
 * write, and the Prometheus text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/latency.h"

static void drain(void)
{
  struct an_latency_counts c;
  for (int k = 0; k < AN_LAT__COUNT; k++)
    an_latency_take(k, &c);
}

static void test_bounds_are_inclusive(void **state)
{
  (void)state;
  drain();
  an_latency_observe(AN_LAT_API, 500000); /* exactly 0.5 s: within the target's bucket */
  an_latency_observe(AN_LAT_API, 500001);
  struct an_latency_counts c;
  assert_true(an_latency_take(AN_LAT_API, &c));
  assert_int_equal(c.count, 2);
  assert_int_equal(c.bucket[6], 1); /* (250, 500] ms */
  assert_int_equal(c.bucket[7], 1); /* (500, 1000] ms */
  assert_int_equal(c.sum_us, 1000001);
  assert_false(an_latency_take(AN_LAT_API, &c)); /* taken once */
}

static void test_p95_interpolates(void **state)
{
  (void)state;
  struct an_latency_counts c = {0};
  c.bucket[0] = 90; /* 90 within 5 ms */
  c.bucket[1] = 10; /* 10 in (5, 10] ms */
  c.count = 100;
  c.sum_us = 100 * 3000;
  /* rank 95: the 5th of 10 in (5, 10]: 7.5 ms */
  assert_float_equal(an_latency_p95_ms(&c), 7.5, 1e-9);
  assert_float_equal(an_latency_avg_ms(&c), 3.0, 1e-9);
  struct an_latency_counts slow = {0};
  slow.bucket[AN_LATENCY_NB] = 3; /* beyond the last bound: the last bound */
  slow.count = 3;
  assert_float_equal(an_latency_p95_ms(&slow), (double)an_latency_bounds_ms[AN_LATENCY_NB - 1],
                     1e-9);
  struct an_latency_counts none = {0};
  assert_float_equal(an_latency_p95_ms(&none), 0, 1e-9);
}

static void test_untake_keeps_counts(void **state)
{
  (void)state;
  drain();
  an_latency_observe(AN_LAT_BATCH, 2000000);
  struct an_latency_counts c, again;
  assert_true(an_latency_take(AN_LAT_BATCH, &c));
  an_latency_untake(AN_LAT_BATCH, &c);
  assert_true(an_latency_take(AN_LAT_BATCH, &again));
  assert_int_equal(again.count, 1);
  assert_int_equal(again.bucket[8], 1); /* (1000, 2500] ms */
}

static void test_prometheus_text(void **state)
{
  (void)state;
  an_latency_observe(AN_LAT_PAGE, 1000);
  struct an_buf b = {0};
  an_latency_render(&b);
  assert_non_null(strstr(b.data, "# TYPE anshin_response_seconds histogram\n"));
  assert_non_null(strstr(b.data, "anshin_response_seconds_bucket{class=\"api\",le=\"0.5\"}"));
  assert_non_null(strstr(b.data, "anshin_response_seconds_bucket{class=\"batch\",le=\"5\"}"));
  assert_non_null(strstr(b.data, "anshin_response_seconds_bucket{class=\"page\",le=\"+Inf\"}"));
  assert_non_null(strstr(b.data, "anshin_response_seconds_count{class=\"page\"}"));
  an_buf_free(&b);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_bounds_are_inclusive),
      cmocka_unit_test(test_p95_interpolates),
      cmocka_unit_test(test_untake_keeps_counts),
      cmocka_unit_test(test_prometheus_text),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
