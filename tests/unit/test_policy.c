/* Unit tests for src/identity/policy: the staff password policy and how it reports each rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/password.h"
#include "identity/policy.h"

/* The rules broken, as "rule,rule,..." in the order reported; "" when the password passes. */
static void rules_of(const char *login, const char *pw, char *out, size_t outlen)
{
  json_t *errs = an_policy_check(&an_policy_staff, login, pw);
  out[0] = '\0';
  if (!errs)
    return;
  assert_true(json_is_array(errs));
  assert_true(json_array_size(errs) > 0);
  size_t used = 0;
  size_t i;
  json_t *e;
  json_array_foreach(errs, i, e)
  {
    const char *rule = json_string_value(json_object_get(e, "rule"));
    const char *ja = json_string_value(json_object_get(e, "detail_ja"));
    const char *en = json_string_value(json_object_get(e, "detail_en"));
    assert_non_null(rule);
    assert_true(ja && ja[0]);
    assert_true(en && en[0]);
    assert_int_equal(json_object_size(e), 3);
    int w = snprintf(out + used, outlen - used, "%s%s", used ? "," : "", rule);
    assert_true(w > 0 && (size_t)w < outlen - used);
    used += (size_t)w;
  }
  json_decref(errs);
}

static void expect_rules(const char *login, const char *pw, const char *want)
{
  char got[256];
  rules_of(login, pw, got, sizeof got);
  if (strcmp(got, want) != 0)
    fail_msg("login \"%s\", password \"%s\": rules \"%s\", expected \"%s\"", login ? login : "", pw,
             got, want);
}

static void staff_policy_values(void **state)
{
  (void)state;
  assert_int_equal(an_policy_staff.min_length, 10);
  assert_int_equal(an_policy_staff.min_classes, 3);
  assert_true(an_policy_staff.reject_login);
}

static void good_password_passes(void **state)
{
  (void)state;
  assert_null(an_policy_check(&an_policy_staff, "tanaka", "Correct-Horse-7"));
  assert_null(an_policy_check(&an_policy_staff, "tanaka", "Abcdefgh12")); /* exactly 10 */
  assert_null(an_policy_check(&an_policy_staff, "tanaka", "abcdefgh1!")); /* lower digit sym */
  assert_null(an_policy_check(&an_policy_staff, NULL, "Abcdefgh12"));     /* no login known */
}

static void short_fails_min_length(void **state)
{
  (void)state;
  expect_rules("tanaka", "Abcdef12!", "min_length"); /* 9 characters */
  expect_rules("tanaka", "", "min_length,character_classes");
  /* The message names the length in both languages. */
  json_t *errs = an_policy_check(&an_policy_staff, "tanaka", "Ab1!");
  assert_non_null(errs);
  json_t *e = json_array_get(errs, 0);
  assert_string_equal(json_string_value(json_object_get(e, "rule")), "min_length");
  assert_non_null(strstr(json_string_value(json_object_get(e, "detail_en")), "10"));
  assert_non_null(strstr(json_string_value(json_object_get(e, "detail_ja")), "10"));
  json_decref(errs);
}

static void two_classes_fail(void **state)
{
  (void)state;
  expect_rules("tanaka", "abcdefghij12", "character_classes"); /* lower + digit */
  expect_rules("tanaka", "ABCDEFGHIJkl", "character_classes"); /* upper + lower */
  expect_rules("tanaka", "!!!!!!!!!!11", "character_classes"); /* symbol + digit */
  expect_rules("tanaka", "abcdefghijkl", "character_classes"); /* one class */
  expect_rules("tanaka", "abcdef ghij1", "");                  /* space is a symbol */
  json_t *errs = an_policy_check(&an_policy_staff, "tanaka", "abcdefghij12");
  assert_non_null(
      strstr(json_string_value(json_object_get(json_array_get(errs, 0), "detail_en")), "3"));
  json_decref(errs);
}

static void contains_login_fails(void **state)
{
  (void)state;
  expect_rules("tanaka", "my-tanaka-Pass1", "similar_to_login");
  expect_rules("tanaka", "My-TaNaKa-Pass1", "similar_to_login"); /* case-insensitively */
  expect_rules("Tanaka", "xxtanakaXX99", "similar_to_login");
  expect_rules("tanaka", "Tanaka2026!!", "similar_to_login"); /* at the start */
  expect_rules("tanaka", "2026!!Tanaka", "similar_to_login"); /* at the end */
  expect_rules("tanaka", "tanak-Pass-2026", "");              /* only part of it: fine */
  /* Logins of one or two characters are not checked (they would forbid too much). */
  expect_rules("ab", "xxabXX99yy", "");
}

static void multiple_rules_all_listed(void **state)
{
  (void)state;
  expect_rules("tanaka", "tanaka", "min_length,character_classes,similar_to_login");
  expect_rules("tanaka", "TANAKA1", "min_length,character_classes,similar_to_login");
  /* Too long is its own rule, reported with the others. */
  size_t n = AN_PASSWORD_MAX_LEN + 1;
  char *pw = malloc(n + 1);
  assert_non_null(pw);
  memset(pw, 'a', n);
  pw[n] = '\0';
  expect_rules("tanaka", pw, "max_length,character_classes");
  /* Exactly the limit is fine. */
  memcpy(pw, "Aa1", 3);
  pw[AN_PASSWORD_MAX_LEN] = '\0';
  expect_rules("tanaka", pw, "");
  free(pw);
}

/* Length is in characters: a multi-byte UTF-8 character counts once. */
static void utf8_counts_characters(void **state)
{
  (void)state;
  /* パスワード (5 characters, 15 bytes) + "Abc12" = 10 characters. */
  const char *ten = "\xe3\x83\x91\xe3\x82\xb9\xe3\x83\xaf\xe3\x83\xbc\xe3\x83\x89"
                    "Abc12";
  assert_int_equal(strlen(ten), 20);
  expect_rules("tanaka", ten, "");
  /* 9 characters in 19 bytes is too short, although it has more than 10 bytes. */
  const char *nine = "\xe3\x83\x91\xe3\x82\xb9\xe3\x83\xaf\xe3\x83\xbc\xe3\x83\x89"
                     "Ab12";
  expect_rules("tanaka", nine, "min_length");
  /* A 4-byte character (an emoji) is one character too. */
  const char *emoji = "\xf0\x9f\x94\x91"
                      "Abcdefg12"; /* 1 + 9 = 10 */
  expect_rules("tanaka", emoji, "");
  /* Ten Japanese characters only: long enough, but one class. */
  const char *kana = "\xe3\x81\x82\xe3\x81\x84\xe3\x81\x86\xe3\x81\x88\xe3\x81\x8a"
                     "\xe3\x81\x8b\xe3\x81\x8d\xe3\x81\x8f\xe3\x81\x91\xe3\x81\x93";
  expect_rules("tanaka", kana, "character_classes");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(staff_policy_values),    cmocka_unit_test(good_password_passes),
      cmocka_unit_test(short_fails_min_length), cmocka_unit_test(two_classes_fail),
      cmocka_unit_test(contains_login_fails),   cmocka_unit_test(multiple_rules_all_listed),
      cmocka_unit_test(utf8_counts_characters),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
