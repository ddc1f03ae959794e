/* Unit tests for the whole-character helpers of src/core/utf8.c: text cut inside a character loses
 * that character only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

static void whole_text_is_kept(void **state)
{
  (void)state;
  const char *ok[] = {"",
                      "abc",
                      "\xc3\xa9",
                      "a\xe3\x81\x82",
                      "\xf0\xa0\xae\xb7",
                      "\xf4\x8f\xbf\xbf",
                      "\xed\x9f\xbf"};
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    char *s = an_utf8_whole_dup(ok[i]);
    assert_string_equal(s, ok[i]);
    free(s);
  }
  assert_int_equal(an_utf8_char_len("\xf0\xa0\xae\xb7"), 4);
  assert_int_equal(an_utf8_char_len("\xe3\x81\x82"), 3);
  assert_int_equal(an_utf8_char_len("a"), 1);
}

static void check(const char *in, const char *want)
{
  char *s = an_utf8_whole_dup(in);
  assert_string_equal(s, want);
  free(s);
}

static void a_cut_character_is_dropped(void **state)
{
  (void)state;
  check("a\xe3\x81", "a");
  check("a\xe3", "a");
  check("\xe3\x81\x82\xf0\xa0\xae", "\xe3\x81\x82");
  check("\xe6\xbc\xa2\xe5\xad", "\xe6\xbc\xa2"); /* 漢, then half of 字 */
  /* Cut in the middle, the rest kept: a buffer cut then formatted into another. */
  check("\xe3\x81\n\xe3\x81\x82", "\n\xe3\x81\x82");
  /* Not characters at all: overlong, surrogate, beyond U+10FFFF, stray continuation. */
  check("x\xc0\xafy", "xy");
  check("x\xe0\x80\xafy", "xy");
  check("x\xed\xa0\x80y", "xy");
  check("x\xf4\x90\x80\x80y", "xy");
  check("x\x80\xbfy", "xy");
  check("x\xffy", "xy");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(whole_text_is_kept),
      cmocka_unit_test(a_cut_character_is_dropped),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
