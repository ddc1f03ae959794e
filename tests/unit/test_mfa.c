/* Unit tests for src/mfa: TOTP (RFC 6238), QR SVG, recovery codes, e-mail one-time codes.
 * SLA-22 (password + two-factor one-time password), WP-12 (MFA for administrators). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs the headers above first. */
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mfa/email_otp.h"
#include "mfa/qr.h"
#include "mfa/recovery.h"
#include "mfa/totp.h"

/* RFC 6238 Appendix B: the SHA-1 seed is the 20 ASCII bytes "12345678901234567890". */
static const uint8_t *rfc_secret = (const uint8_t *)"12345678901234567890";
#define RFC_LEN 20
#define T0 INT64_C(1111111111) /* step 37037037, 1 s into it */

static int group_setup(void **state)
{
  (void)state;
  return sodium_init() < 0 ? -1 : 0;
}

/* True when s is exactly n ASCII digits. */
static bool all_digits(const char *s, size_t n)
{
  if (strlen(s) != n)
    return false;
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9')
      return false;
  return true;
}

/* SLA-22: the code generator matches RFC 6238 Appendix B (last 6 of the 8 digits). */
static void test_totp_rfc6238_vectors(void **state)
{
  (void)state;
  static const struct {
    int64_t t;
    const char *code;
  } v[] = {
      {59, "287082"},         {1111111109, "081804"}, {1111111111, "050471"},
      {1234567890, "005924"}, {2000000000, "279037"}, {INT64_C(20000000000), "353130"},
  };
  char code[AN_TOTP_CODE_STR];
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    assert_int_equal(an_totp_code(rfc_secret, RFC_LEN, v[i].t, code), 0);
    assert_string_equal(code, v[i].code);
  }
}

static void test_totp_code_bad_args(void **state)
{
  (void)state;
  char code[AN_TOTP_CODE_STR] = "x";
  assert_int_equal(an_totp_code(NULL, RFC_LEN, 59, code), -1);
  assert_string_equal(code, "");
  assert_int_equal(an_totp_code(rfc_secret, 0, 59, code), -1);
  assert_int_equal(an_totp_code(rfc_secret, RFC_LEN, -1, code), -1);
}

/* Returns 1/0 from an_totp_verify of the code made at time `at`, checked at T0. */
static int verify_code_from(int64_t at, int64_t last_used, int64_t *matched)
{
  char code[AN_TOTP_CODE_STR];
  assert_int_equal(an_totp_code(rfc_secret, RFC_LEN, at, code), 0);
  return an_totp_verify(rfc_secret, RFC_LEN, code, T0, last_used, matched);
}

/* SLA-22 / WP-12: window of one step either side, nothing further. */
static void test_totp_verify_window(void **state)
{
  (void)state;
  int64_t step = T0 / AN_TOTP_STEP, m = -7;
  assert_int_equal(verify_code_from(T0, -1, &m), 1);
  assert_int_equal(m, step);
  assert_int_equal(verify_code_from(T0 - 30, -1, &m), 1);
  assert_int_equal(m, step - 1);
  assert_int_equal(verify_code_from(T0 + 30, -1, &m), 1);
  assert_int_equal(m, step + 1);
  m = -7;
  assert_int_equal(verify_code_from(T0 - 60, -1, &m), 0);
  assert_int_equal(verify_code_from(T0 + 60, -1, &m), 0);
  assert_int_equal(m, -7); /* untouched on failure */
  assert_int_equal(verify_code_from(T0, -1, NULL), 1);
}

/* SLA-22: a code is single-use, even while it is still inside its window. */
static void test_totp_verify_replay(void **state)
{
  (void)state;
  int64_t step = T0 / AN_TOTP_STEP, m = 0;
  assert_int_equal(verify_code_from(T0, step, &m), 0);          /* same step again */
  assert_int_equal(verify_code_from(T0, step + 1, &m), 0);      /* an even later one was used */
  assert_int_equal(verify_code_from(T0 - 30, step - 1, &m), 0); /* previous step, used */
  assert_int_equal(verify_code_from(T0 - 30, step - 2, &m), 1);
  assert_int_equal(m, step - 1);
  assert_int_equal(verify_code_from(T0, step - 1, &m), 1);
  assert_int_equal(m, step);
}

static void test_totp_verify_malformed(void **state)
{
  (void)state;
  char code[AN_TOTP_CODE_STR], longer[16];
  assert_int_equal(an_totp_code(rfc_secret, RFC_LEN, T0, code), 0); /* "050471" */
  snprintf(longer, sizeof longer, "%s0", code);
  static const char *const bad[] = {"05047", "0504710", "05047a", " 50471", "050471 ",
                                    "",      "+50471",  "5.0471", "-50471", "０５０４７１"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_int_equal(an_totp_verify(rfc_secret, RFC_LEN, bad[i], T0, -1, NULL), 0);
  assert_int_equal(an_totp_verify(rfc_secret, RFC_LEN, longer, T0, -1, NULL), 0);
  assert_int_equal(an_totp_verify(rfc_secret, RFC_LEN, NULL, T0, -1, NULL), 0);
  assert_int_equal(an_totp_verify(rfc_secret, RFC_LEN, code, -1, -1, NULL), 0);
  assert_int_equal(an_totp_verify(rfc_secret, RFC_LEN, code, INT64_MAX, -1, NULL), 0);
  assert_int_equal(an_totp_verify(NULL, RFC_LEN, code, T0, -1, NULL), 0);
  assert_int_equal(an_totp_verify(rfc_secret, RFC_LEN, code, T0, -1, NULL), 1);
}

static void test_totp_base32(void **state)
{
  (void)state;
  char out[AN_TOTP_B32_LEN(RFC_LEN)], small[8] = "x";
  assert_int_equal(sizeof out, 33);
  an_totp_secret_base32(rfc_secret, RFC_LEN, out, sizeof out);
  assert_string_equal(out, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  an_totp_secret_base32(rfc_secret, RFC_LEN, small, sizeof small);
  assert_string_equal(small, "");
  /* RFC 4648 section 10 vectors, padding dropped. */
  static const char *const want[] = {"",        "MY",       "MZXQ",      "MZXW6",
                                     "MZXW6YQ", "MZXW6YTB", "MZXW6YTBOI"};
  for (size_t n = 0; n <= 6; n++) {
    an_totp_secret_base32((const uint8_t *)"foobar", n, out, sizeof out);
    assert_string_equal(out, want[n]);
  }
}

static void test_totp_new_secret(void **state)
{
  (void)state;
  uint8_t a[AN_TOTP_SECRET_LEN], b[AN_TOTP_SECRET_LEN];
  assert_true(an_totp_new_secret(a));
  assert_true(an_totp_new_secret(b));
  assert_memory_not_equal(a, b, sizeof a);
}

static void test_totp_uri(void **state)
{
  (void)state;
  char *uri = an_totp_uri("anshin 安心", "user@corp", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  assert_non_null(uri);
  assert_string_equal(uri, "otpauth://totp/anshin%20%E5%AE%89%E5%BF%83:user%40corp"
                           "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                           "&issuer=anshin%20%E5%AE%89%E5%BF%83&algorithm=SHA1&digits=6&period=30");
  free(uri);
  uri = an_totp_uri("a-b.c_d~e", "x:y&z=1?#/", "AB");
  assert_string_equal(uri, "otpauth://totp/a-b.c_d~e:x%3Ay%26z%3D1%3F%23%2F?secret=AB"
                           "&issuer=a-b.c_d~e&algorithm=SHA1&digits=6&period=30");
  free(uri);
  assert_null(an_totp_uri(NULL, "a", "B"));
  assert_null(an_totp_uri("a", NULL, "B"));
  assert_null(an_totp_uri("a", "b", NULL));
}

/* Counts the dark modules in an SVG made by an_qr_svg. */
static size_t count_modules(const char *svg)
{
  size_t n = 0;
  for (const char *p = svg; (p = strstr(p, "h1v1h-1z")) != NULL; p++)
    n++;
  return n;
}

static void test_qr_svg(void **state)
{
  (void)state;
  char *svg = an_qr_svg("otpauth://totp/anshin:user%40corp?secret=GEZDGNBVGY3TQOJQ");
  assert_non_null(svg);
  assert_true(strncmp(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39) == 0);
  assert_non_null(strstr(svg, "<path fill=\"#000\" d=\"M"));
  assert_non_null(strstr(svg, "shape-rendering=\"crispEdges\""));
  assert_non_null(strstr(svg, "<rect "));
  assert_non_null(strstr(svg, "M4 4h1v1h-1z")); /* finder pattern corner after the quiet zone */
  assert_true(count_modules(svg) > 100);
  assert_null(strstr(svg, "M0 0")); /* quiet zone stays white */
  size_t n = strlen(svg);
  assert_true(n > 6 && strcmp(svg + n - 6, "</svg>") == 0);
  assert_int_equal(strchr(svg, '<') - svg, 0);
  free(svg);
  assert_null(an_qr_svg(NULL));
  assert_null(an_qr_svg(""));
}

static void test_qr_svg_too_long(void **state)
{
  (void)state;
  char *big = calloc(8000, 1);
  assert_non_null(big);
  memset(big, 'a', 7999); /* more than the 2331 bytes version 40-M holds */
  assert_null(an_qr_svg(big));
  assert_null(an_qr_svg_data_uri(big));
  free(big);
}

static void test_qr_data_uri(void **state)
{
  (void)state;
  const char *prefix = "data:image/svg+xml;base64,";
  char *svg = an_qr_svg("hello");
  char *uri = an_qr_svg_data_uri("hello");
  assert_non_null(uri);
  assert_true(strncmp(uri, prefix, strlen(prefix)) == 0);
  const char *b64 = uri + strlen(prefix);
  size_t cap = strlen(b64), got = 0;
  unsigned char *dec = calloc(cap + 1, 1);
  assert_int_equal(sodium_base642bin(dec, cap, b64, strlen(b64), NULL, &got, NULL,
                                     sodium_base64_VARIANT_ORIGINAL),
                   0);
  assert_int_equal(got, strlen(svg));
  assert_memory_equal(dec, svg, got);
  free(dec);
  free(uri);
  free(svg);
  assert_null(an_qr_svg_data_uri(NULL));
}

/* True when code looks like "XXXXX-XXXXX" in the Crockford alphabet. */
static bool recovery_format(const char *c)
{
  if (strlen(c) != 11 || c[5] != '-')
    return false;
  for (size_t i = 0; i < 11; i++)
    if (i != 5 && strchr("0123456789ABCDEFGHJKMNPQRSTVWXYZ", c[i]) == NULL)
      return false;
  return true;
}

/* SLA-22 / WP-12: ten distinct single-use codes for a lost second factor. */
static void test_recovery_generate(void **state)
{
  (void)state;
  char codes[AN_RECOVERY_COUNT][AN_RECOVERY_STR];
  an_recovery_generate(codes);
  for (size_t i = 0; i < AN_RECOVERY_COUNT; i++) {
    assert_true(recovery_format(codes[i]));
    for (size_t j = 0; j < i; j++)
      assert_string_not_equal(codes[i], codes[j]);
  }
}

static void test_recovery_normalise(void **state)
{
  (void)state;
  char out[AN_RECOVERY_NORM];
  assert_true(an_recovery_normalise("ABCDE-12345", out));
  assert_string_equal(out, "ABCDE12345");
  assert_true(an_recovery_normalise("abcde12345", out));
  assert_string_equal(out, "ABCDE12345");
  assert_true(an_recovery_normalise(" abcde - 12345 ", out));
  assert_string_equal(out, "ABCDE12345");
  assert_true(an_recovery_normalise("oilAB-CDEFG", out)); /* look-alikes */
  assert_string_equal(out, "011ABCDEFG");
  static const char *const bad[] = {"ABCDE-1234",  "ABCDE-123456",       "ABCDE-1234U",
                                    "ABCDE_12345", "ABCDE-1234\xc3\xa9", ""};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    strcpy(out, "junk");
    assert_false(an_recovery_normalise(bad[i], out));
    assert_string_equal(out, "");
  }
  assert_false(an_recovery_normalise(NULL, out));
}

static void test_recovery_hash(void **state)
{
  (void)state;
  uint8_t k1[AN_RECOVERY_KEY_LEN], k2[AN_RECOVERY_KEY_LEN];
  uint8_t a[AN_RECOVERY_HASH_LEN], b[AN_RECOVERY_HASH_LEN], c[AN_RECOVERY_HASH_LEN];
  randombytes_buf(k1, sizeof k1);
  randombytes_buf(k2, sizeof k2);
  assert_true(an_recovery_hash(k1, "ABCDE-12345", a));
  assert_true(an_recovery_hash(k1, "abcde12345", b));
  assert_memory_equal(a, b, sizeof a);
  assert_true(an_recovery_hash(k2, "ABCDE-12345", c));
  assert_memory_not_equal(a, c, sizeof a);
  assert_true(an_recovery_hash(k1, "ABCDE-12346", c));
  assert_memory_not_equal(a, c, sizeof a);
  assert_false(an_recovery_hash(k1, "ABCDE-1234", c));
  assert_memory_not_equal(a, c, sizeof a);
}

/* SLA-22: the one-time password sent to the e-mail address. */
static void test_email_otp_new(void **state)
{
  (void)state;
  char a[AN_EMAIL_OTP_STR], b[AN_EMAIL_OTP_STR];
  an_email_otp_new(a);
  assert_true(all_digits(a, 6));
  int same = 0;
  for (int i = 0; i < 5; i++) {
    an_email_otp_new(b);
    assert_true(all_digits(b, 6));
    same += strcmp(a, b) == 0;
  }
  assert_true(same < 5);
  assert_true(AN_EMAIL_OTP_TTL_US == INT64_C(10) * 60 * 1000000);
}

static void test_email_otp_hash(void **state)
{
  (void)state;
  uint8_t key[AN_EMAIL_OTP_KEY_LEN], k2[AN_EMAIL_OTP_KEY_LEN];
  uint8_t a[32], b[32];
  randombytes_buf(key, sizeof key);
  randombytes_buf(k2, sizeof k2);
  an_email_otp_hash(key, "123456", 7, a);
  an_email_otp_hash(key, "123456", 7, b);
  assert_memory_equal(a, b, sizeof a);
  an_email_otp_hash(key, "123456", 8, b);
  assert_memory_not_equal(a, b, sizeof a);
  an_email_otp_hash(key, "123457", 7, b);
  assert_memory_not_equal(a, b, sizeof a);
  an_email_otp_hash(k2, "123456", 7, b);
  assert_memory_not_equal(a, b, sizeof a);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_totp_rfc6238_vectors),
      cmocka_unit_test(test_totp_code_bad_args),
      cmocka_unit_test(test_totp_verify_window),
      cmocka_unit_test(test_totp_verify_replay),
      cmocka_unit_test(test_totp_verify_malformed),
      cmocka_unit_test(test_totp_base32),
      cmocka_unit_test(test_totp_new_secret),
      cmocka_unit_test(test_totp_uri),
      cmocka_unit_test(test_qr_svg),
      cmocka_unit_test(test_qr_svg_too_long),
      cmocka_unit_test(test_qr_data_uri),
      cmocka_unit_test(test_recovery_generate),
      cmocka_unit_test(test_recovery_normalise),
      cmocka_unit_test(test_recovery_hash),
      cmocka_unit_test(test_email_otp_new),
      cmocka_unit_test(test_email_otp_hash),
  };
  return cmocka_run_group_tests(tests, group_setup, NULL);
}
