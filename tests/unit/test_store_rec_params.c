/* Unit tests for an_rec_params (store/rows.h): a record's columns listed once as data bind the
 * same parameters the hand-written binds did — text as text ("" when absent), integers as
 * integers (0 when absent), and the two optional kinds as NULL when absent, null or, for "z:", 0
 * (issue 9: the store's record inserts share one binder). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "store/rows.h"

static void binds_each_kind_in_order(void **state)
{
  (void)state;
  json_t *rec =
      json_loads("{\"title\":\"障害\",\"n\":7,\"zero\":0,\"none\":null,\"opt\":5}", 0, NULL);
  static const char *const KEYS[] = {"t:title", "t:missing", "i:n",    "i:missing", "n:opt",
                                     "n:none",  "n:zero",    "z:zero", "z:opt",     "z:missing"};
  struct an_db_param p[10];
  an_rec_params(rec, KEYS, 10, p);
  assert_int_equal(p[0].type, AN_DB_T_TEXT);
  assert_string_equal(p[0].s, "障害");
  assert_int_equal(p[1].type, AN_DB_T_TEXT);
  assert_string_equal(p[1].s, "");
  assert_int_equal(p[2].type, AN_DB_T_INT);
  assert_int_equal(p[2].i, 7);
  assert_int_equal(p[3].type, AN_DB_T_INT);
  assert_int_equal(p[3].i, 0);
  assert_int_equal(p[4].type, AN_DB_T_INT);
  assert_int_equal(p[4].i, 5);
  assert_int_equal(p[5].type, AN_DB_T_NULL); /* n: null is NULL */
  assert_int_equal(p[6].type, AN_DB_T_INT);  /* n: 0 stays 0 */
  assert_int_equal(p[6].i, 0);
  assert_int_equal(p[7].type, AN_DB_T_NULL); /* z: 0 is NULL */
  assert_int_equal(p[8].type, AN_DB_T_INT);
  assert_int_equal(p[8].i, 5);
  assert_int_equal(p[9].type, AN_DB_T_NULL);
  json_decref(rec);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(binds_each_kind_in_order),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
