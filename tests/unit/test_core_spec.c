/* Unit tests for core/spec's stored documents: an_spec_from_json reads a JSON object into a typed
 * struct and refuses a misspelt key, a value of another type or a missing required field instead
 * of reading "" or 0; an_spec_to_json_present writes back only what is there (issue 9 item 3,
 * the change request's details). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/spec.h"

struct doc {
  char *name;
  int64_t plan;
  bool ok;
  char *note;
  uint64_t nulls;
};
#define T struct doc
static const struct an_field FIELDS[] = {
    AN_FIELD(T, name, AN_F_TEXT, false),
    AN_FIELD(T, plan, AN_F_INT, true),
    AN_FIELD(T, ok, AN_F_BOOL, true),
    AN_FIELD(T, note, AN_F_TEXT, true),
};
static const struct an_spec SPEC = AN_SPEC(T, FIELDS, nulls);
#undef T

static bool read_doc(const char *text, struct doc *d)
{
  json_t *o = json_loads(text, 0, NULL);
  bool ok = an_spec_from_json(&SPEC, o, d);
  json_decref(o);
  return ok;
}

static void reads_typed_fields(void **state)
{
  (void)state;
  struct doc d;
  assert_true(read_doc("{\"name\":\"新社名\",\"plan\":7,\"ok\":true}", &d));
  assert_string_equal(d.name, "新社名");
  assert_int_equal(d.plan, 7);
  assert_true(d.ok);
  assert_null(d.note);
  assert_true(an_spec_is_null(&SPEC, &d, 3));
  assert_false(an_spec_is_null(&SPEC, &d, 1));
  json_t *back = an_spec_to_json_present(&SPEC, &d);
  char *text = json_dumps(back, JSON_COMPACT | JSON_SORT_KEYS);
  assert_string_equal(text, "{\"name\":\"新社名\",\"ok\":true,\"plan\":7}");
  free(text);
  json_decref(back);
  an_spec_clear(&SPEC, &d);
}

static void refuses_what_the_spec_does_not_say(void **state)
{
  (void)state;
  struct doc d;
  assert_false(read_doc("{\"name\":\"a\",\"nmae\":\"b\"}", &d)); /* misspelt key */
  assert_null(d.name);
  assert_false(read_doc("{\"name\":\"a\",\"plan\":\"7\"}", &d)); /* text for an integer */
  assert_false(read_doc("{\"plan\":7}", &d));                    /* required name missing */
  assert_false(read_doc("{\"name\":null}", &d));                 /* required name null */
  assert_false(read_doc("[]", &d));
  assert_true(read_doc("{\"name\":\"a\",\"note\":null}", &d)); /* optional null */
  assert_true(an_spec_is_null(&SPEC, &d, 3));
  an_spec_clear(&SPEC, &d);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(reads_typed_fields),
      cmocka_unit_test(refuses_what_the_spec_does_not_say),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
