/* Unit tests for an_roles_parse_array (identity/roles.h): the one reader of a body's list of role
 * names, used by the staff and user handlers that each had a loop of their own (issue 9). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdbool.h>

#include "identity/roles.h"

static bool parse(const char *text, unsigned *bits)
{
  json_t *names = json_loads(text, 0, NULL);
  bool ok = an_roles_parse_array(names, bits);
  json_decref(names);
  return ok;
}

static void reads_every_name(void **state)
{
  (void)state;
  unsigned bits = 0;
  assert_true(parse("[\"admin\", \"auditor\"]", &bits));
  assert_int_equal(bits, AN_ROLE_ADMIN | AN_ROLE_AUDITOR);
  assert_true(parse("[\"tenant_admin\"]", &bits));
  assert_int_equal(bits, AN_ROLE_TENANT_ADMIN);
}

static void refuses_unknown_and_none(void **state)
{
  (void)state;
  unsigned bits = 0;
  assert_false(parse("[\"admin\", \"root\"]", &bits));
  assert_false(parse("[\"\"]", &bits));
  assert_false(parse("[]", &bits));
  assert_int_equal(bits, 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(reads_every_name),
      cmocka_unit_test(refuses_unknown_and_none),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
