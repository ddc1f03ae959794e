/* Unit tests for src/market/handling: the handling window of TOS-23 (business days 9:00-17:00
 * JST): whether an instant is inside it, the day something received is handled, the window time
 * an item has waited, and the record annotation the operator queue shows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "core/time.h"
#include "market/handling.h"

static struct an_calendar *cal;

static int64_t at(const char *rfc3339)
{
  int64_t us;
  if (!an_time_parse(rfc3339, &us))
    fail_msg("bad time %s", rfc3339);
  return us;
}

static void expect_due(const char *received, const char *want)
{
  struct an_date d;
  assert_true(an_handling_date(cal, at(received), &d));
  char buf[AN_DATE_STRLEN];
  an_date_format(d, buf, sizeof buf);
  assert_string_equal(buf, want);
}

static void window_edges(void **state)
{
  (void)state;
  /* 2026-12-04 is a Friday. */
  assert_true(an_handling_in_window(cal, at("2026-12-04T09:00:00+09:00")));
  assert_true(an_handling_in_window(cal, at("2026-12-04T16:59:59+09:00")));
  assert_false(an_handling_in_window(cal, at("2026-12-04T08:59:59+09:00")));
  assert_false(an_handling_in_window(cal, at("2026-12-04T17:00:00+09:00")));
  assert_false(an_handling_in_window(cal, at("2026-12-05T12:00:00+09:00"))); /* Saturday */
  assert_false(an_handling_in_window(cal, at("2026-11-23T12:00:00+09:00"))); /* 勤労感謝の日 */
  assert_false(an_handling_in_window(cal, at("2026-12-30T12:00:00+09:00"))); /* closing days */
  /* JST, not UTC: 01:00 UTC is 10:00 in Tokyo. */
  assert_true(an_handling_in_window(cal, at("2026-12-04T01:00:00Z")));
}

static void expected_processing_day(void **state)
{
  (void)state;
  expect_due("2026-12-04T10:00:00+09:00", "2026-12-04"); /* inside: today */
  expect_due("2026-12-04T07:00:00+09:00", "2026-12-04"); /* before 9:00: today's window */
  expect_due("2026-12-04T17:00:00+09:00", "2026-12-07"); /* Friday evening: Monday */
  expect_due("2026-12-06T23:59:59+09:00", "2026-12-07"); /* Sunday */
  expect_due("2026-11-20T18:00:00+09:00", "2026-11-24"); /* over a Monday holiday */
  expect_due("2026-12-28T17:30:00+09:00", "2027-01-04"); /* over the year-end closing */
  char ja[32];
  an_handling_date_ja((struct an_date){2026, 12, 7}, ja, sizeof ja);
  assert_string_equal(ja, "2026年12月7日");
}

static void waited_business_time(void **state)
{
  (void)state;
  assert_int_equal(
      an_handling_seconds(cal, at("2026-12-04T08:00:00+09:00"), at("2026-12-04T18:00:00+09:00")),
      8 * 3600);
  /* Friday 16:00 to Monday 10:00: one hour each side of the weekend. */
  assert_int_equal(
      an_handling_seconds(cal, at("2026-12-04T16:00:00+09:00"), at("2026-12-07T10:00:00+09:00")),
      2 * 3600);
  assert_int_equal(
      an_handling_seconds(cal, at("2026-12-05T09:00:00+09:00"), at("2026-12-06T17:00:00+09:00")),
      0);
  assert_int_equal(
      an_handling_seconds(cal, at("2026-12-07T10:00:00+09:00"), at("2026-12-04T10:00:00+09:00")),
      0);
  /* The year-end closing counts nothing: 12-28 16:00 to 01-04 9:30 is 1.5 hours. */
  assert_int_equal(
      an_handling_seconds(cal, at("2026-12-28T16:00:00+09:00"), at("2027-01-04T09:30:00+09:00")),
      90 * 60);
}

static void annotation(void **state)
{
  (void)state;
  json_t *item = json_pack("{s:s, s:s}", "created_at", "2026-12-04T09:30:00.000Z", "status",
                           "pending"); /* Friday 18:30 JST */
  an_handling_annotate(cal, item, at("2026-12-07T10:00:00+09:00"));
  json_t *h = json_object_get(item, "handling");
  assert_non_null(h);
  assert_false(json_is_true(json_object_get(h, "received_in_window")));
  assert_string_equal(json_string_value(json_object_get(h, "expected_on")), "2026-12-07");
  assert_string_equal(json_string_value(json_object_get(h, "expected_on_ja")), "2026年12月7日");
  assert_int_equal(json_integer_value(json_object_get(h, "waited_business_minutes")), 60);
  json_decref(item);
  /* A decided item stopped waiting when it was decided. */
  item = json_pack("{s:s, s:s, s:s}", "created_at", "2026-12-04T01:00:00.000Z", "status",
                   "approved", "decided_at", "2026-12-04T02:30:00.000Z");
  an_handling_annotate(cal, item, at("2027-01-10T10:00:00+09:00"));
  h = json_object_get(item, "handling");
  assert_true(json_is_true(json_object_get(h, "received_in_window")));
  assert_int_equal(json_integer_value(json_object_get(h, "waited_business_minutes")), 90);
  json_decref(item);
  item = json_object();
  an_handling_annotate(cal, item, 0);
  assert_null(json_object_get(item, "handling"));
  json_decref(item);
}

static int setup(void **state)
{
  (void)state;
  cal = an_calendar_new();
  return 0;
}

static int teardown(void **state)
{
  (void)state;
  an_calendar_free(cal);
  return 0;
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(window_edges),
      cmocka_unit_test(expected_processing_day),
      cmocka_unit_test(waited_business_time),
      cmocka_unit_test(annotation),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
