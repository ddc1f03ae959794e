/* Unit tests for the in-memory rate limiter (core/ratelimit.c): every key counts on its own, no
 * number of other keys resets it (M1, SLA-21), and a full limiter refuses new keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>

#include "core/ratelimit.h"

#define SEC 1000000LL
#define T0 (1699999980LL * SEC) /* the start of a 60-second window */

/* M1: the old 8,192-slot table reset the victim's count whenever another key landed in its slot.
 * 100,000 distinct keys interleaved with the victim's attempts never give the victim a fresh
 * count. */
static void other_keys_never_reset_a_count(void **state)
{
  (void)state;
  struct an_ratelimit *rl = an_ratelimit_new(5, 60, 200000);
  long retry = 0;
  for (int i = 0; i < 5; i++)
    assert_true(an_ratelimit_take(rl, "\nVICTIM", T0 + i, &retry));
  char key[32];
  for (int i = 0; i < 100000; i++) {
    snprintf(key, sizeof key, "\nK%d", i);
    assert_true(an_ratelimit_take(rl, key, T0 + 10 + i, NULL));
    if (i % 100 == 0) {
      retry = 0;
      assert_false(an_ratelimit_take(rl, "\nVICTIM", T0 + 10 + i, &retry));
      assert_true(retry >= 1 && retry <= 60);
    }
  }
  assert_int_equal(an_ratelimit_size(rl), 100001);
  /* Each of the others is counted on its own as well. */
  for (int i = 0; i < 4; i++)
    assert_true(an_ratelimit_take(rl, "\nK7", T0 + 200000, NULL));
  assert_false(an_ratelimit_take(rl, "\nK7", T0 + 200001, NULL));
  /* The next window starts afresh and drops the keys of the last one. */
  assert_true(an_ratelimit_take(rl, "\nVICTIM", T0 + 60 * SEC, NULL));
  assert_int_equal(an_ratelimit_size(rl), 1);
  an_ratelimit_free(rl);
}

/* The memory bound fails closed: when full, a new key is refused until the window ends, while
 * keys already counted keep their counts (the victim stays limited). */
static void a_full_limiter_refuses_new_keys(void **state)
{
  (void)state;
  struct an_ratelimit *rl = an_ratelimit_new(3, 60, 10);
  char key[16];
  for (int i = 0; i < 3; i++)
    assert_true(an_ratelimit_take(rl, "victim", T0, NULL));
  for (int i = 0; i < 9; i++) {
    snprintf(key, sizeof key, "k%d", i);
    assert_true(an_ratelimit_take(rl, key, T0 + SEC, NULL));
  }
  long retry = 0;
  assert_false(an_ratelimit_take(rl, "newcomer", T0 + 30 * SEC, &retry));
  assert_int_equal(retry, 30);
  assert_false(an_ratelimit_take(rl, "victim", T0 + 30 * SEC, NULL));
  assert_true(an_ratelimit_take(rl, "k1", T0 + 30 * SEC, NULL));
  assert_int_equal(an_ratelimit_size(rl), 10);
  assert_true(an_ratelimit_take(rl, "newcomer", T0 + 61 * SEC, NULL));
  an_ratelimit_free(rl);
}

static void limit_zero_is_off(void **state)
{
  (void)state;
  struct an_ratelimit *rl = an_ratelimit_new(0, 60, 1);
  for (int i = 0; i < 10; i++)
    assert_true(an_ratelimit_take(rl, "x", T0, NULL));
  an_ratelimit_free(rl);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(other_keys_never_reset_a_count),
      cmocka_unit_test(a_full_limiter_refuses_new_keys),
      cmocka_unit_test(limit_zero_is_off),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
