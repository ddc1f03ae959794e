/* Unit tests for src/support/hours: the business-hours SLA clock (SLA-12, SLA-31, issue 13 item
 * 3). Due times across the lunch break, evenings, weekends, a substitute holiday, Golden Week,
 * the year-end closing, weekend schedules and a pause while waiting on the customer; the
 * schedule parser's refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "core/time.h"
#include "support/hours.h"

static struct an_calendar *cal;

static int64_t at(const char *rfc3339)
{
  int64_t us;
  if (!an_time_parse(rfc3339, &us))
    fail_msg("bad time %s", rfc3339);
  return us;
}

static void expect(const char *hours, const char *start, long minutes, const char *want)
{
  struct an_support_hours h;
  char err[200];
  assert_true(an_support_hours_parse(hours, &h, err, sizeof err));
  int64_t due;
  assert_true(an_support_due(cal, &h, at(start), (int64_t)minutes * 60, &due));
  char got[40];
  an_time_format_jst(due, got, sizeof got);
  if (strcmp(got, want))
    fail_msg("%s from %s + %ld min: got %s, want %s", hours, start, minutes, got, want);
}

static void default_day(void **state)
{
  (void)state;
  /* SLA-12: weekdays 10:00-18:00. 2026-12-04 is a Friday. */
  expect("10:00-18:00", "2026-12-03T10:00:00+09:00", 60, "2026-12-03T11:00:00+09:00");
  expect("10:00-18:00", "2026-12-03T08:00:00+09:00", 60, "2026-12-03T11:00:00+09:00");
  /* Ends exactly at closing time: due at 18:00, not the next morning. */
  expect("10:00-18:00", "2026-12-03T10:00:00+09:00", 480, "2026-12-03T18:00:00+09:00");
  /* Evening: the rest runs the next morning. */
  expect("10:00-18:00", "2026-12-03T17:30:00+09:00", 60, "2026-12-04T10:30:00+09:00");
  expect("10:00-18:00", "2026-12-03T21:00:00+09:00", 0, "2026-12-04T10:00:00+09:00");
  /* JST, not UTC: 01:00Z is 10:00 in Tokyo. */
  expect("10:00-18:00", "2026-12-03T01:00:00Z", 30, "2026-12-03T10:30:00+09:00");
}

static void lunch_break(void **state)
{
  (void)state;
  /* Seed 001: 10:00-12:00, 13:00-17:00. */
  const char *h = "10:00-12:00,13:00-17:00";
  expect(h, "2026-12-03T11:30:00+09:00", 60, "2026-12-03T13:30:00+09:00");
  expect(h, "2026-12-03T12:15:00+09:00", 30, "2026-12-03T13:30:00+09:00");
  expect(h, "2026-12-03T11:00:00+09:00", 60, "2026-12-03T12:00:00+09:00");
  /* TOS-24's 9:00-17:00 is as easy to say. */
  expect("09:00-17:00", "2026-12-03T16:00:00+09:00", 120, "2026-12-04T10:00:00+09:00");
}

static void weekends_and_holidays(void **state)
{
  (void)state;
  /* Friday evening to Monday. */
  expect("10:00-18:00", "2026-12-04T17:00:00+09:00", 120, "2026-12-07T11:00:00+09:00");
  expect("10:00-18:00", "2026-12-05T12:00:00+09:00", 60, "2026-12-07T11:00:00+09:00");
  /* Substitute holiday: 2026-05-03 (Sunday, Constitution Day) moves to Wed 2026-05-06; Golden
   * Week 2026 is closed from Sat 5/2 to Wed 5/6. Thu 4/30 17:00 + 2 h: Fri 5/1 11:00. */
  expect("10:00-18:00", "2026-04-30T17:00:00+09:00", 120, "2026-05-01T11:00:00+09:00");
  /* Fri 5/1 17:00 + 2 h skips the whole of Golden Week to Thu 5/7. */
  expect("10:00-18:00", "2026-05-01T17:00:00+09:00", 120, "2026-05-07T11:00:00+09:00");
  /* 2025-11-24 is the substitute holiday for 勤労感謝の日 (Sunday 11/23). */
  expect("10:00-18:00", "2025-11-21T17:00:00+09:00", 120, "2025-11-25T11:00:00+09:00");
  /* Year-end closing 12-29..01-03: Mon 2026-12-28 17:00 + 2 h = Mon 2027-01-04 11:00. */
  expect("10:00-18:00", "2026-12-28T17:00:00+09:00", 120, "2027-01-04T11:00:00+09:00");
}

static void weekly_schedule(void **state)
{
  (void)state;
  /* Saturday mornings open: Fri 17:00 + 2 h = 1 h Fri, 1 h Sat. */
  const char *h = "mon-fri 10:00-18:00; sat 10:00-12:00";
  expect(h, "2026-12-04T17:00:00+09:00", 120, "2026-12-05T11:00:00+09:00");
  /* A Saturday holiday stays closed: 2028-04-29 (昭和の日) is a Saturday. */
  expect(h, "2028-04-28T17:30:00+09:00", 60, "2028-05-01T10:30:00+09:00");
  /* ... and so does a Saturday in the year-end closing (2027-01-02). */
  expect(h, "2026-12-28T17:30:00+09:00", 60, "2027-01-04T10:30:00+09:00");
  struct an_support_hours w;
  char err[200], text[80];
  assert_true(an_support_hours_parse(h, &w, err, sizeof err));
  an_support_hours_day_text(&w, 6, text, sizeof text);
  assert_string_equal(text, "10:00-12:00");
  an_support_hours_day_text(&w, 0, text, sizeof text);
  assert_string_equal(text, "");
}

static void pause_while_waiting(void **state)
{
  (void)state;
  /* Resolution target 8 h from Thu 2026-12-03 10:00. 3 h run, then the ticket waits on the
   * customer from 13:00 until Mon 12-07 15:00; the clock resumes with 5 h left. */
  struct an_support_hours h;
  char err[200];
  assert_true(an_support_hours_parse("10:00-18:00", &h, err, sizeof err));
  int64_t used = an_support_open_seconds(cal, &h, at("2026-12-03T10:00:00+09:00"),
                                         at("2026-12-03T13:00:00+09:00"));
  assert_int_equal(used, 3 * 3600);
  int64_t due;
  assert_true(an_support_due(cal, &h, at("2026-12-07T15:00:00+09:00"), 8 * 3600 - used, &due));
  assert_int_equal(due, at("2026-12-08T12:00:00+09:00"));
  /* Open time over a weekend counts only the weekdays. */
  assert_int_equal(an_support_open_seconds(cal, &h, at("2026-12-04T17:00:00+09:00"),
                                           at("2026-12-07T11:00:00+09:00")),
                   2 * 3600);
}

static void parser_refuses(void **state)
{
  (void)state;
  struct an_support_hours h;
  char err[200];
  const char *bad[] = {"",
                       "10:00",
                       "10:00-09:00",
                       "10:00-12:00,11:00-13:00",
                       "10:00-12:00,12:00-13:00",
                       "25:00-26:00",
                       "10:60-11:00",
                       "10:00-12:00,",
                       "fun 10:00-12:00",
                       "mon 10:00-12:00; mon 13:00-14:00",
                       "mon-fri"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    if (an_support_hours_parse(bad[i], &h, err, sizeof err))
      fail_msg("accepted \"%s\"", bad[i]);
  assert_true(an_support_hours_parse(" 00:00-24:00 ", &h, err, sizeof err));
  assert_true(an_support_hours_parse("sat-sun 10:00-16:00", &h, err, sizeof err));
  assert_int_equal(h.n[6], 1);
  assert_int_equal(h.n[0], 1);
  assert_int_equal(h.n[1], 0);
}

static int setup(void **state)
{
  (void)state;
  cal = an_calendar_new();
  return cal ? 0 : -1;
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
      cmocka_unit_test(default_day),           cmocka_unit_test(lunch_break),
      cmocka_unit_test(weekends_and_holidays), cmocka_unit_test(weekly_schedule),
      cmocka_unit_test(pause_while_waiting),   cmocka_unit_test(parser_refuses),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
