/* Unit tests for src/core/usage_count: API calls per tenant and JST day (WP-15, SLA-11). The day
 * turns at midnight JST (15:00 UTC); counts taken and put back are not lost; no tenant counts
 * nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>

#include "core/time.h"
#include "core/usage_count.h"

static int64_t at(const char *rfc3339)
{
  int64_t us;
  if (!an_time_parse(rfc3339, &us))
    fail_msg("bad time %s", rfc3339);
  return us;
}

static void test_the_day_turns_at_jst_midnight(void **state)
{
  (void)state;
  int64_t before = an_usage_day_of(at("2026-12-05T14:59:59Z"));
  int64_t after = an_usage_day_of(at("2026-12-05T15:00:00Z"));
  assert_int_equal(after, before + 1);
  assert_int_equal(an_usage_day_of(at("2026-12-05T00:00:00Z")), before); /* 09:00 JST */
  assert_int_equal(an_usage_day_of(at("1970-01-01T00:00:00Z")), 0);
}

static void test_counts_are_taken_and_put_back(void **state)
{
  (void)state;
  int64_t now = at("2026-12-05T03:00:00Z"), day = an_usage_day_of(now);
  an_usage_count(0, now); /* operator or anonymous: not a tenant's call */
  an_usage_count(7, now);
  an_usage_count(7, now);
  an_usage_count(8, now);
  an_usage_count(7, at("2026-12-05T15:30:00Z")); /* the next JST day */
  assert_int_equal(an_usage_pending(7, day), 2);
  assert_int_equal(an_usage_pending(8, day), 1);
  assert_int_equal(an_usage_pending(7, day + 1), 1);
  struct an_usage_calls *c;
  size_t n;
  assert_true(an_usage_take(&c, &n));
  assert_int_equal(n, 3);
  assert_int_equal(an_usage_pending(7, day), 0);
  an_usage_untake(c, n); /* the database refused: kept for the next round */
  an_usage_count(7, now);
  assert_int_equal(an_usage_pending(7, day), 3);
  free(c);
  assert_true(an_usage_take(&c, &n));
  free(c);
  assert_false(an_usage_take(&c, &n));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_the_day_turns_at_jst_midnight),
      cmocka_unit_test(test_counts_are_taken_and_put_back),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
