/* The regular maintenance window, the notice rules and the interval arithmetic of SLA-4
 * (src/ops/schedule.c, src/ops/spans.c): pure functions, no database. SLA-1, SLA-2, SLA-4, CHK-1,
 * WP-14. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "core/time.h"
#include "ops/schedule.h"
#include "ops/spans.h"

#define MIN INT64_C(60000000)

static const struct an_ops_rule DEFAULT_RULE = {4, 0, 0, 300};

static int64_t at(const char *s)
{
  int64_t us = 0;
  assert_true(an_time_parse(s, &us));
  return us;
}

static void fourth_sunday(void **state)
{
  (void)state;
  /* 2026-02-01 and 2026-03-01 are Sundays, 2026-06-01 and 2027-03-01 Mondays */
  struct {
    int y, m, d;
  } cases[] = {{2026, 2, 22},  {2026, 3, 22}, {2026, 6, 28}, {2027, 3, 28},
               {2026, 12, 27}, {2025, 1, 26}, {2028, 2, 27}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    struct an_date d = an_ops_rule_day(DEFAULT_RULE, cases[i].y, cases[i].m);
    assert_int_equal(d.d, cases[i].d);
    assert_int_equal(an_date_weekday(d), 0);
  }
  struct an_ops_span w;
  assert_true(an_ops_rule_window(DEFAULT_RULE, 2026, 2, &w));
  assert_int_equal(w.start, at("2026-02-22T00:00:00+09:00"));
  assert_int_equal(w.end - w.start, 300 * MIN);
  /* week 5 = the last: a month with four Sundays falls back a week */
  struct an_ops_rule last = {5, 0, 0, 60};
  assert_int_equal(an_ops_rule_day(last, 2026, 2).d, 22);
  assert_int_equal(an_ops_rule_day(last, 2026, 3).d, 29);
  struct an_ops_rule none = {4, 0, 0, 0};
  assert_false(an_ops_rule_window(none, 2026, 2, &w));
}

static void windows_of_a_period(void **state)
{
  (void)state;
  struct an_ops_span w[16];
  size_t n = an_ops_rule_windows(DEFAULT_RULE, at("2026-01-01T00:00:00+09:00"),
                                 at("2027-01-01T00:00:00+09:00"), w, 16);
  assert_int_equal(n, 12);
  /* a period starting inside a window gets that window */
  n = an_ops_rule_windows(DEFAULT_RULE, at("2026-07-26T03:00:00+09:00"),
                          at("2026-07-27T00:00:00+09:00"), w, 16);
  assert_int_equal(n, 1);
  assert_int_equal(w[0].start, at("2026-07-26T00:00:00+09:00"));
}

static void notice_rules(void **state)
{
  (void)state;
  int64_t now = at("2026-01-31T15:00:00+09:00");
  struct an_date d = an_ops_first_allowed(AN_OPS_NOTICE_WEEK, now);
  assert_true(d.y == 2026 && d.m == 2 && d.d == 7);
  d = an_ops_first_allowed(AN_OPS_NOTICE_MONTH, now); /* the 31st: February's last day */
  assert_true(d.y == 2026 && d.m == 2 && d.d == 28);
  d = an_ops_first_allowed(AN_OPS_NOTICE_MONTH, at("2026-12-15T09:00:00+09:00"));
  assert_true(d.y == 2027 && d.m == 1 && d.d == 15);
  d = an_ops_first_allowed(AN_OPS_NOTICE_BEFORE, now);
  assert_true(d.m == 2 && d.d == 1);
  assert_true(an_ops_notice_ok(AN_OPS_NOTICE_WEEK, now, at("2026-02-07T00:00:00+09:00")));
  assert_false(an_ops_notice_ok(AN_OPS_NOTICE_WEEK, now, at("2026-02-06T23:59:00+09:00")));
  assert_true(an_ops_notice_ok(AN_OPS_NOTICE_NONE, now, now));
  /* 2026-01-31T20:00Z is already 1 February in Japan */
  d = an_ops_first_allowed(AN_OPS_NOTICE_WEEK, at("2026-01-31T20:00:00Z"));
  assert_true(d.m == 2 && d.d == 8);
  enum an_ops_notice r;
  assert_true(an_ops_kind_notice("planned_stop", &r) && r == AN_OPS_NOTICE_MONTH);
  assert_false(an_ops_kind_notice("rumour", &r));
}

static void spans(void **state)
{
  (void)state;
  struct an_ops_spans a = {0}, b = {0};
  an_ops_spans_add(&a, 10, 20, 0, 100);
  an_ops_spans_add(&a, 15, 30, 0, 100);
  an_ops_spans_add(&a, 50, 200, 0, 100);  /* clipped to 100 */
  an_ops_spans_add(&a, 120, 130, 0, 100); /* outside: dropped */
  an_ops_spans_merge(&a);
  assert_int_equal(a.n, 2);
  assert_int_equal(an_ops_spans_measure(&a), 20 + 50);
  an_ops_spans_add(&b, 25, 60, 0, 100);
  an_ops_spans_merge(&b);
  assert_int_equal(an_ops_spans_overlap(&a, &b), 5 + 10);
  an_ops_spans_free(&a);
  an_ops_spans_free(&b);
  assert_true(an_ops_round(99.6605) == 100.0 && an_ops_round(2.5) == 3.0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(fourth_sunday),
      cmocka_unit_test(windows_of_a_period),
      cmocka_unit_test(notice_rules),
      cmocka_unit_test(spans),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
