/* Unit tests for src/http/etag: which If-None-Match values match a page's ETag (RFC 9110
 * 13.1.2, weak comparison), for the public pages' 304 (issue 9 item 7). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>

#include "http/etag.h"

static const char TAG[] = "\"0123456789abcdef0123456789abcdef\"";

static void matches(void **state)
{
  (void)state;
  assert_true(an_etag_matches(TAG, TAG));
  assert_true(an_etag_matches("*", TAG));
  assert_true(an_etag_matches("W/\"0123456789abcdef0123456789abcdef\"", TAG));
  assert_true(an_etag_matches("\"x\", \"0123456789abcdef0123456789abcdef\"", TAG));
  assert_true(an_etag_matches("\"x\",W/\"0123456789abcdef0123456789abcdef\" ,\"y\"", TAG));
}

static void does_not_match(void **state)
{
  (void)state;
  assert_false(an_etag_matches(NULL, TAG));
  assert_false(an_etag_matches("", TAG));
  assert_false(an_etag_matches("\"x\"", TAG));
  assert_false(an_etag_matches("0123456789abcdef0123456789abcdef", TAG));   /* unquoted */
  assert_false(an_etag_matches("\"0123456789abcdef0123456789abcdef", TAG)); /* unterminated */
  assert_false(an_etag_matches("\"0123456789abcdef0123456789abcdef0\"", TAG));
  assert_false(an_etag_matches("\"a,\"0123456789abcdef0123456789abcdef\"", TAG));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(matches),
      cmocka_unit_test(does_not_match),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
