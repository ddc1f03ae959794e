/* The per-tenant gate of fair share (SLA-5): at most `limit` running requests per tenant, other
 * tenants unaffected, a slot freed by leave, no gate for tenant 0 or limit 0. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "http/fairshare.h"

static void test_limit_per_tenant(void **state)
{
  (void)state;
  struct an_fairshare *f = an_fairshare_new(2);
  assert_true(an_fairshare_enter(f, 7));
  assert_true(an_fairshare_enter(f, 7));
  assert_false(an_fairshare_enter(f, 7)); /* a third at once is refused */
  assert_int_equal(an_fairshare_running(f, 7), 2);
  for (int64_t t = 100; t < 140; t++) /* many other tenants, each within its share */
    assert_true(an_fairshare_enter(f, t));
  an_fairshare_leave(f, 7);
  assert_true(an_fairshare_enter(f, 7)); /* a finished request frees its place */
  for (int64_t t = 100; t < 140; t++)
    an_fairshare_leave(f, t);
  assert_int_equal(an_fairshare_running(f, 120), 0);
  assert_int_equal(an_fairshare_running(f, 7), 2);
  assert_true(an_fairshare_enter(f, 0)); /* operator staff and anonymous: no tenant, no gate */
  an_fairshare_free(f);
}

static void test_off(void **state)
{
  (void)state;
  struct an_fairshare *f = an_fairshare_new(0);
  assert_null(f);
  for (int i = 0; i < 1000; i++)
    assert_true(an_fairshare_enter(f, 7));
  an_fairshare_leave(f, 7);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_limit_per_tenant),
      cmocka_unit_test(test_off),
  };
  return cmocka_run_group_tests_name("fairshare", tests, NULL, NULL);
}
