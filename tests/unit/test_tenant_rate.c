/* The per-tenant rate across instances (SLA-5, issue 15 item 4), its in-memory part: at most
 * `rate` requests of a tenant in a one-second window, Retry-After to the next window, other
 * tenants and requests without a tenant unaffected, nothing when off. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "identity/tenant_rate.h"

static struct an_config config(long rate)
{
  struct an_config c;
  memset(&c, 0, sizeof c);
  c.fairshare_tenant_rate = rate;
  c.fairshare_rate_sync_ms = 100;
  c.fairshare_rate_store = (char *)"memory";
  c.store_driver = (char *)"sqlite";
  return c;
}

static bool take(struct an_tenant_rate *tr, int64_t tenant, int64_t now, long *retry)
{
  struct an_ctx ctx;
  memset(&ctx, 0, sizeof ctx);
  ctx.tenant_id = tenant;
  ctx.now = now;
  return an_tenant_rate_take(tr, &ctx, NULL, "cookie-of-7", retry);
}

static void test_rate_per_tenant_and_window(void **state)
{
  (void)state;
  struct an_config c = config(3);
  struct an_tenant_rate *tr = an_tenant_rate_new(&c);
  const int64_t t0 = 1780000000LL * 1000000LL + 200000; /* 0.2 s into a second */
  long retry = 0;
  for (int i = 0; i < 3; i++)
    assert_true(take(tr, 7, t0 + i, &retry));
  assert_false(take(tr, 7, t0 + 10, &retry)); /* the fourth in the second */
  assert_int_equal(retry, 1);
  assert_true(take(tr, 8, t0 + 11, &retry)); /* another tenant has its own rate */
  assert_true(take(tr, 0, t0 + 12, &retry)); /* operator staff, the public: no tenant, no rate */
  /* the refused credential is known as spent until the second ends, nothing else is */
  assert_true(an_tenant_rate_spent(tr, "cookie-of-7", t0 + 20, &retry));
  assert_int_equal(retry, 1);
  assert_false(an_tenant_rate_spent(tr, "another cookie", t0 + 21, &retry));
  assert_true(an_tenant_rate_flooding(tr, 7, t0 + 22)); /* refused: flooding */
  assert_false(an_tenant_rate_flooding(tr, 8, t0 + 23));
  assert_true(take(tr, 7, t0 + 800000, &retry)); /* the next second */
  assert_false(an_tenant_rate_spent(tr, "cookie-of-7", t0 + 800001, &retry));
  assert_true(an_tenant_rate_flooding(tr, 7, t0 + 800002));   /* the second after, still */
  assert_false(an_tenant_rate_flooding(tr, 7, t0 + 1800002)); /* then no more */
  an_tenant_rate_free(tr);
}

static void test_off(void **state)
{
  (void)state;
  struct an_config c = config(0);
  struct an_tenant_rate *tr = an_tenant_rate_new(&c);
  assert_null(tr);
  long retry = 0;
  for (int i = 0; i < 1000; i++)
    assert_true(take(tr, 7, 1000, &retry));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rate_per_tenant_and_window),
      cmocka_unit_test(test_off),
  };
  return cmocka_run_group_tests_name("tenant_rate", tests, NULL, NULL);
}
