/* Unit tests for src/market/rules and src/market/fees: the Art. 12 date rule at its boundaries
 * (TOS-7), the discontinuation notice (TOS-9), change dates (TOS-3, TOS-4), pro-rating and the
 * per-rate consumption-tax rounding of a statement (TOS-20). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "market/fees.h"
#include "market/rules.h"

static struct an_date d(const char *s)
{
  struct an_date out = {0, 0, 0};
  if (!an_date_parse(s, &out))
    fail_msg("bad date %s", s);
  return out;
}

static void expect_date(struct an_date got, const char *want)
{
  char buf[AN_DATE_STRLEN];
  an_date_format(got, buf, sizeof buf);
  assert_string_equal(buf, want);
}

static void article_12_boundaries(void **state)
{
  (void)state;
  struct an_date arrival = d("2026-11-24"), desired;
  bool honoured = true;
  desired = d("2026-12-23"); /* 29 days */
  expect_date(an_cancel_end_date(arrival, &desired, &honoured), "2026-12-24");
  assert_false(honoured);
  desired = d("2026-12-24"); /* 30 days */
  expect_date(an_cancel_end_date(arrival, &desired, &honoured), "2026-12-24");
  assert_true(honoured);
  desired = d("2026-12-25"); /* 31 days */
  expect_date(an_cancel_end_date(arrival, &desired, &honoured), "2026-12-25");
  assert_true(honoured);
  expect_date(an_cancel_end_date(arrival, NULL, &honoured), "2026-12-24");
  assert_false(honoured);
  /* Across a month end and a leap day. */
  expect_date(an_cancel_end_date(d("2028-01-31"), NULL, NULL), "2028-03-01");
  /* A desired date on a holiday (New Year's Day) stays: calendar days count. */
  desired = d("2027-01-01");
  expect_date(an_cancel_end_date(arrival, &desired, &honoured), "2027-01-01");
  assert_true(honoured);
  /* A desired date in the past is not honoured. */
  desired = d("2026-11-01");
  expect_date(an_cancel_end_date(arrival, &desired, &honoured), "2026-12-24");
  assert_false(honoured);
}

static void discontinuation_and_changes(void **state)
{
  (void)state;
  expect_date(an_discontinue_earliest(d("2026-11-24"), 90), "2027-02-22");
  expect_date(an_change_effective_date(d("2026-11-24")), "2026-12-01");
  expect_date(an_change_effective_date(d("2026-12-31")), "2027-01-01");
  assert_true(an_details_change_late(d("2026-11-24"), d("2026-12-23")));
  assert_false(an_details_change_late(d("2026-11-24"), d("2026-12-24")));
}

static void tax_once_per_rate_rounded_down(void **state)
{
  (void)state;
  /* Two 10% lines of 505 each: per line 50.5 -> 50 twice would give 100; per statement the
   * tax is 1010 * 10% = 101. */
  const struct an_fee_line lines[] = {{505, 10}, {505, 10}, {1019, 8}, {3, 8}};
  struct an_fee_totals t;
  an_fee_totals(lines, 4, &t);
  assert_int_equal(t.subtotal_10, 1010);
  assert_int_equal(t.tax_10, 101);
  assert_int_equal(t.subtotal_8, 1022);
  assert_int_equal(t.tax_8, 81); /* 81.76 down */
  assert_int_equal(t.total, 1010 + 101 + 1022 + 81);
  an_fee_totals(NULL, 0, &t);
  assert_int_equal(t.total, 0);
}

static void pro_rating(void **state)
{
  (void)state;
  int days = 0, dim = 0;
  /* Start on the 24th of a 30-day month: 7 days of 30. */
  assert_int_equal(an_fee_month_charge(3000, 0, d("2026-11-24"), NULL, 2026, 11, &days, &dim), 700);
  assert_int_equal(days, 7);
  assert_int_equal(dim, 30);
  /* A whole month, and a month before the start. */
  assert_int_equal(an_fee_month_charge(3000, 0, d("2026-11-24"), NULL, 2026, 12, NULL, NULL), 3000);
  assert_int_equal(an_fee_month_charge(3000, 0, d("2026-11-24"), NULL, 2026, 10, NULL, NULL), 0);
  /* Ending on 2027-02-10 (28-day month): 10 of 28 days, 1000 * 10 / 28 = 357.1 -> 357. */
  struct an_date last = d("2027-02-10");
  assert_int_equal(an_fee_month_charge(1000, 0, d("2026-11-24"), &last, 2027, 2, NULL, NULL), 357);
  assert_int_equal(an_fee_month_charge(1000, 0, d("2026-11-24"), &last, 2027, 3, NULL, NULL), 0);
  /* Yearly: 12 months' fee in the start month and on its anniversary only. */
  assert_int_equal(an_fee_month_charge(1000, 1, d("2026-11-24"), NULL, 2026, 11, NULL, NULL),
                   12000);
  assert_int_equal(an_fee_month_charge(1000, 1, d("2026-11-24"), NULL, 2027, 5, NULL, NULL), 0);
  assert_int_equal(an_fee_month_charge(1000, 1, d("2026-11-24"), NULL, 2027, 11, NULL, NULL),
                   12000);
  assert_int_equal(an_days_in_month(2028, 2), 29);
  assert_int_equal(an_days_in_month(2100, 2), 28);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(article_12_boundaries),
      cmocka_unit_test(discontinuation_and_changes),
      cmocka_unit_test(tax_once_per_rate_rounded_down),
      cmocka_unit_test(pro_rating),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
