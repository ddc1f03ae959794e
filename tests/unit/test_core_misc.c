/* Unit tests for small pieces of src/core: the growable buffer, the error table, time format and
 * parsing, and the CSV field writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/ascii.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/errors.h"
#include "core/ids.h"
#include "core/time.h"
#include "core/utf8.h"

/* ---- buf ---- */

static void buf_append_and_puts(void **state)
{
  (void)state;
  struct an_buf b = {0};
  an_buf_append(&b, "abc", 3);
  assert_int_equal(b.len, 3);
  assert_string_equal(b.data, "abc");
  assert_true(b.cap > b.len);
  an_buf_puts(&b, "def");
  assert_string_equal(b.data, "abcdef");
  an_buf_append(&b, "", 0);
  assert_int_equal(b.len, 6);
  assert_string_equal(b.data, "abcdef");
  /* Binary bytes, including NUL, are kept; the buffer stays NUL-terminated after them. */
  an_buf_append(&b, "x\0y", 3);
  assert_int_equal(b.len, 9);
  assert_memory_equal(b.data, "abcdefx\0y", 9);
  assert_int_equal(b.data[9], '\0');
  an_buf_free(&b);
  assert_null(b.data);
  assert_int_equal(b.len, 0);
  assert_int_equal(b.cap, 0);
  /* Reusable after free. */
  an_buf_puts(&b, "again");
  assert_string_equal(b.data, "again");
  an_buf_free(&b);
}

static void buf_empty_append_terminates(void **state)
{
  (void)state;
  struct an_buf b = {0};
  an_buf_append(&b, NULL, 0);
  assert_non_null(b.data);
  assert_string_equal(b.data, "");
  an_buf_free(&b);
  an_buf_printf(&b, "%s", "");
  assert_non_null(b.data);
  assert_string_equal(b.data, "");
  assert_int_equal(b.len, 0);
  an_buf_free(&b);
}

static void buf_printf_grows(void **state)
{
  (void)state;
  struct an_buf b = {0};
  an_buf_printf(&b, "%d-%s", 42, "x");
  assert_string_equal(b.data, "42-x");
  assert_int_equal(b.len, 4);
  /* Past the first 64-byte allocation in one call. */
  char big[201];
  memset(big, 'z', 200);
  big[200] = '\0';
  an_buf_printf(&b, "[%s]", big);
  assert_int_equal(b.len, 4 + 202);
  assert_true(b.cap >= b.len + 1);
  assert_memory_equal(b.data, "42-x[", 5);
  assert_memory_equal(b.data + 5, big, 200);
  assert_string_equal(b.data + 205, "]");
  /* And in many small calls, each landing exactly after the previous one. */
  struct an_buf c = {0};
  for (int i = 0; i < 100; i++)
    an_buf_printf(&c, "%02d,", i);
  assert_int_equal(c.len, 300);
  assert_int_equal(strlen(c.data), 300);
  assert_memory_equal(c.data, "00,01,02,", 9);
  assert_string_equal(c.data + 291, "97,98,99,");
  an_buf_free(&b);
  an_buf_free(&c);
}

/* Exactly filling the capacity (63 bytes + NUL) and then one byte more. */
static void buf_exact_boundary(void **state)
{
  (void)state;
  struct an_buf b = {0};
  char s[64];
  memset(s, 'a', 63);
  s[63] = '\0';
  an_buf_puts(&b, s);
  assert_int_equal(b.len, 63);
  assert_string_equal(b.data, s);
  an_buf_puts(&b, "b");
  assert_int_equal(b.len, 64);
  assert_int_equal(b.data[63], 'b');
  assert_int_equal(b.data[64], '\0');
  an_buf_free(&b);
}

static void buf_steal_and_reset(void **state)
{
  (void)state;
  struct an_buf b = {0};
  an_buf_puts(&b, "hello");
  char *s = an_buf_steal(&b);
  assert_string_equal(s, "hello");
  assert_null(b.data);
  assert_int_equal(b.len, 0);
  assert_int_equal(b.cap, 0);
  free(s);
  /* Stealing an empty buffer still hands over a string the caller frees. */
  s = an_buf_steal(&b);
  assert_non_null(s);
  assert_string_equal(s, "");
  free(s);

  an_buf_puts(&b, "some text");
  size_t cap = b.cap;
  char *mem = b.data;
  an_buf_reset(&b);
  assert_int_equal(b.len, 0);
  assert_string_equal(b.data, "");
  assert_int_equal(b.cap, cap); /* memory kept */
  assert_ptr_equal(b.data, mem);
  an_buf_puts(&b, "new");
  assert_string_equal(b.data, "new");
  an_buf_free(&b);
  an_buf_reset(&b); /* on an empty buffer: no crash, nothing allocated */
  assert_null(b.data);
}

/* ---- errors ---- */

static bool slug_ok(const char *s)
{
  if (!s || !*s || *s == '-')
    return false;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || *s == '-'))
      return false;
  return true;
}

static void errors_table(void **state)
{
  (void)state;
  assert_true(AN_EC__COUNT > 2);
  for (int i = 0; i < AN_EC__COUNT; i++) {
    const struct an_ec_info *e = an_ec_info((enum an_ec)i);
    assert_non_null(e);
    if (e->status < 200 || e->status > 599)
      fail_msg("%s: status %u is not an HTTP status 200..599", e->name, e->status);
    if (!slug_ok(e->slug))
      fail_msg("%s: slug \"%s\" is not [a-z-]+", e->name, e->slug);
    assert_non_null(e->name);
    if (strncmp(e->name, "AN_EC_", 6) != 0 || strlen(e->name) <= 6)
      fail_msg("name \"%s\" does not start with AN_EC_", e->name);
    assert_true(e->title && e->title[0]);
    assert_true(e->ja && e->ja[0]);
    assert_true(e->en && e->en[0]);
    for (int j = 0; j < i; j++) {
      const struct an_ec_info *o = an_ec_info((enum an_ec)j);
      if (strcmp(o->slug, e->slug) == 0)
        fail_msg("slug \"%s\" used by %s and %s", e->slug, o->name, e->name);
      if (strcmp(o->name, e->name) == 0)
        fail_msg("name %s used twice", e->name);
    }
  }
}

static void errors_known_entries(void **state)
{
  (void)state;
  const struct an_ec_info *e = an_ec_info(AN_EC_OK);
  assert_string_equal(e->name, "AN_EC_OK");
  assert_int_equal(e->status, 200);
  e = an_ec_info(AN_EC_GENERIC_NOT_FOUND);
  assert_string_equal(e->name, "AN_EC_GENERIC_NOT_FOUND");
  assert_int_equal(e->status, 404);
  assert_string_equal(e->slug, "not-found");
  e = an_ec_info(AN_EC_AUTH_REQUIRED);
  assert_int_equal(e->status, 401);
  e = an_ec_info(AN_EC_GENERIC_INTERNAL);
  assert_string_equal(e->name, "AN_EC_GENERIC_INTERNAL");
  assert_int_equal(e->status, 500);
  assert_string_equal(e->slug, "internal");
}

static void errors_out_of_range(void **state)
{
  (void)state;
  const struct an_ec_info *internal = an_ec_info(AN_EC_GENERIC_INTERNAL);
  assert_ptr_equal(an_ec_info(AN_EC__COUNT), internal);
  assert_ptr_equal(an_ec_info((enum an_ec)(AN_EC__COUNT + 1000)), internal);
  assert_ptr_equal(an_ec_info((enum an_ec) - 1), internal);
}

/* ---- time ---- */

static void time_epoch(void **state)
{
  (void)state;
  char out[32];
  an_time_format_utc(0, out, sizeof out);
  assert_string_equal(out, "1970-01-01T00:00:00.000Z");
  an_time_format_jst(0, out, sizeof out);
  assert_string_equal(out, "1970-01-01T09:00:00+09:00");
}

static void time_known_instant(void **state)
{
  (void)state;
  /* 2026-11-23T15:04:05.678Z; the seconds are checked against the C library too. */
  struct tm tm = {
      .tm_year = 2026 - 1900, .tm_mon = 10, .tm_mday = 23, .tm_hour = 15, .tm_min = 4, .tm_sec = 5};
  int64_t secs = (int64_t)timegm(&tm);
  assert_int_equal(secs, 1795446245);
  int64_t us = secs * 1000000 + 678000;
  char out[32];
  an_time_format_utc(us, out, sizeof out);
  assert_string_equal(out, "2026-11-23T15:04:05.678Z");
  /* Sub-millisecond digits are truncated, not rounded. */
  an_time_format_utc(us + 999, out, sizeof out);
  assert_string_equal(out, "2026-11-23T15:04:05.678Z");
  an_time_format_utc(us + 1000, out, sizeof out);
  assert_string_equal(out, "2026-11-23T15:04:05.679Z");
  an_time_format_jst(us, out, sizeof out);
  assert_string_equal(out, "2026-11-24T00:04:05+09:00");
}

static void time_jst_crosses_date_line(void **state)
{
  (void)state;
  char out[32];
  int64_t us = INT64_C(1798731000) * 1000000; /* 2026-12-31T15:30:00Z */
  an_time_format_utc(us, out, sizeof out);
  assert_string_equal(out, "2026-12-31T15:30:00.000Z");
  an_time_format_jst(us, out, sizeof out);
  assert_string_equal(out, "2027-01-01T00:30:00+09:00");
  /* One microsecond before JST midnight stays on the old day. */
  us = INT64_C(1798729200) * 1000000 - 1; /* 2026-12-31T14:59:59.999999Z */
  an_time_format_jst(us, out, sizeof out);
  assert_string_equal(out, "2026-12-31T23:59:59+09:00");
  an_time_format_jst(us + 1, out, sizeof out);
  assert_string_equal(out, "2027-01-01T00:00:00+09:00");
}

static void time_before_epoch(void **state)
{
  (void)state;
  char out[32];
  an_time_format_utc(-1, out, sizeof out);
  assert_string_equal(out, "1969-12-31T23:59:59.999Z");
  an_time_format_utc(-1000, out, sizeof out);
  assert_string_equal(out, "1969-12-31T23:59:59.999Z");
  an_time_format_utc(-1001, out, sizeof out);
  assert_string_equal(out, "1969-12-31T23:59:59.998Z");
  an_time_format_utc(-1000000, out, sizeof out);
  assert_string_equal(out, "1969-12-31T23:59:59.000Z");
  an_time_format_utc(-1500000, out, sizeof out);
  assert_string_equal(out, "1969-12-31T23:59:58.500Z");
  /* 1969-07-20T20:17:40.250Z */
  an_time_format_utc(INT64_C(-14182940) * 1000000 + 250000, out, sizeof out);
  assert_string_equal(out, "1969-07-20T20:17:40.250Z");
  an_time_format_jst(-1, out, sizeof out);
  assert_string_equal(out, "1970-01-01T08:59:59+09:00");
  an_time_format_jst(INT64_C(-9) * 3600 * 1000000, out, sizeof out);
  assert_string_equal(out, "1970-01-01T00:00:00+09:00");
  an_time_format_jst(INT64_C(-9) * 3600 * 1000000 - 1, out, sizeof out);
  assert_string_equal(out, "1969-12-31T23:59:59+09:00");
}

static void time_clocks(void **state)
{
  (void)state;
  int64_t now = an_time_now_us();
  assert_true(now > INT64_C(1700000000) * 1000000); /* after 2023 */
  int64_t a = an_time_mono_us();
  int64_t b = an_time_mono_us();
  assert_true(b >= a);
  char out[32];
  an_time_format_utc(now, out, sizeof out);
  assert_int_equal(strlen(out), 24);
  an_time_format_jst(now, out, sizeof out);
  assert_int_equal(strlen(out), 25);
}

/* ---- utf8 (M8, L) ---- */

static void utf8_validity(void **state)
{
  (void)state;
  static const char *good[] = {"",
                               "abc",
                               "日本語",
                               "\xc2\x80",
                               "\xef\xbf\xbf",
                               "\xf0\x90\x80\x80",
                               "\xf4\x8f\xbf\xbf",
                               "\xed\x9f\xbf"};
  static const char *bad[] = {"\xff",
                              "\xc3",
                              "\xc3\x28",
                              "\xc0\xaf",
                              "\xc1\xbf",
                              "\xe0\x80\xaf",
                              "\xed\xa0\x80",
                              "\xf0\x80\x80\xaf",
                              "\xf4\x90\x80\x80",
                              "\xf8\x88\x80\x80\x80",
                              "\xe6\x97",
                              "a\x80"};
  for (size_t i = 0; i < sizeof good / sizeof *good; i++)
    assert_true(an_utf8_valid(good[i], strlen(good[i])));
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
    assert_false(an_utf8_valid(bad[i], strlen(bad[i])));
  assert_true(an_utf8_valid("a\0b", 3)); /* NUL is a character; the edge refuses it apart */
}

static void utf8_prefix_counts_characters(void **state)
{
  (void)state;
  const char *s = "株式会社安心テスト商事日本橋"; /* 14 characters, 3 bytes each */
  assert_int_equal(an_utf8_chars(s), 14);
  assert_int_equal(an_utf8_prefix_bytes(s, 11), 33);
  assert_int_equal(an_utf8_prefix_bytes(s, 32), strlen(s));
  assert_int_equal(an_utf8_prefix_bytes("abc", 0), 0);
  assert_int_equal(an_utf8_prefix_bytes("aé日𝄞x", 4), 1 + 2 + 3 + 4);
  for (size_t n = 0; n <= 14; n++)
    assert_true(an_utf8_valid(s, an_utf8_prefix_bytes(s, n)));
}

static void utf8_escape(void **state)
{
  (void)state;
  char *e = an_utf8_escape("a\xff%b\x01", 5);
  assert_string_equal(e, "a%FF%25b%01");
  free(e);
  e = an_utf8_escape("", 0);
  assert_string_equal(e, "");
  free(e);
}

/* ---- ids (I3) ---- */

static void ids_are_strict(void **state)
{
  (void)state;
  int64_t v = -7;
  assert_true(an_id_parse("1", &v) && v == 1);
  assert_true(an_id_parse("9223372036854775807", &v) && v == INT64_MAX);
  static const char *bad[] = {"",
                              "0",
                              "+1",
                              "-1",
                              " 1",
                              "1 ",
                              "01",
                              "1.0",
                              "0x1",
                              "1e3",
                              "9223372036854775808",
                              "99999999999999999999",
                              "١"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    v = 42;
    assert_false(an_id_parse(bad[i], &v));
    assert_int_equal(v, 42);
  }
  assert_false(an_id_parse(NULL, &v));
  assert_true(an_count_parse("0", &v) && v == 0);
  assert_true(an_count_parse("500", &v) && v == 500);
  assert_false(an_count_parse("00", &v));
  assert_false(an_count_parse("+5", &v));
  assert_false(an_count_parse("5 ", &v));
}

/* ---- an_time_parse (the audit filter's from/to) ---- */

static void time_parse_accepts_the_documented_forms(void **state)
{
  (void)state;
  int64_t us;
  assert_true(an_time_parse("2026-01-01", &us)); /* midnight JST */
  assert_int_equal(us, INT64_C(1767193200) * 1000000);
  assert_true(an_time_parse("2026-01-01T00:00:00Z", &us));
  assert_int_equal(us, INT64_C(1767225600) * 1000000);
  assert_true(an_time_parse("2026-01-01T09:00:00+09:00", &us));
  assert_int_equal(us, INT64_C(1767225600) * 1000000);
  assert_true(an_time_parse("2025-12-31T19:30:00-04:30", &us));
  assert_int_equal(us, INT64_C(1767225600) * 1000000);
  assert_true(an_time_parse("2024-02-29", &us));           /* a leap day */
  assert_true(an_time_parse("2016-12-31T23:59:60Z", &us)); /* a leap second */
}

/* Issue 20 (b): the audit filters take RFC 3339 times with fractional seconds, as the API writes
 * them ("2026-11-23T01:02:03.456Z"), kept to the microsecond (CHK-7). */
static void time_parse_accepts_fractional_seconds(void **state)
{
  (void)state;
  int64_t us;
  assert_true(an_time_parse("2026-01-01T00:00:00.456Z", &us));
  assert_int_equal(us, INT64_C(1767225600) * 1000000 + 456000);
  assert_true(an_time_parse("2026-01-01T09:00:00.5+09:00", &us));
  assert_int_equal(us, INT64_C(1767225600) * 1000000 + 500000);
  assert_true(an_time_parse("2026-01-01T00:00:00.123456Z", &us));
  assert_int_equal(us, INT64_C(1767225600) * 1000000 + 123456);
  assert_true(an_time_parse("2026-01-01T00:00:00.123456789Z", &us)); /* cut to microseconds */
  assert_int_equal(us, INT64_C(1767225600) * 1000000 + 123456);
  assert_true(an_time_parse("2025-12-31T19:30:00.000001-04:30", &us));
  assert_int_equal(us, INT64_C(1767225600) * 1000000 + 1);
}

/* Found by tests/fuzz/fuzz_time: days a month does not have were accepted and rolled over
 * (2026-11-31 read as 2026-12-01), and sscanf's leniency let signs, blanks and one-digit fields
 * through. Canonical input only. */
static void time_parse_refuses_days_the_month_lacks(void **state)
{
  (void)state;
  int64_t us = 7;
  const char *bad[] = {"2026-11-31", "2026-02-29",           "2026-02-30",
                       "2100-02-29", "2026-04-31T00:00:00Z", "2026-06-31T10:00:00+09:00"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    assert_false(an_time_parse(bad[i], &us));
    assert_int_equal(us, 7);
  }
}

static void time_parse_refuses_non_canonical_text(void **state)
{
  (void)state;
  int64_t us;
  const char *bad[] = {" 026-01-01",
                       "+026-01-01",
                       "2026-01-01 ",
                       "2026-1-01x",
                       "2026-01-01T1:02:03Z",
                       "2026-01-01T01:02:03",
                       "2026-01-01T01:02:03z",
                       "2026-01-01T01:02:03+-5:00",
                       "2026-01-01T01:02:03+ 9:00",
                       "2026-01-01T01:02:03+24:00",
                       "2026-01-01T01:02:03+09:60",
                       "2026-01-01T24:00:00Z",
                       "2026-01-01T01:02:03.Z",
                       "2026-01-01T01:02:03.5",
                       "2026-01-01T01:02:03,5Z",
                       "2026-01-01T01:02:03.5x+09:00",
                       "2026-01-01T01:02:03.+09:00",
                       "2026-01-01T01:02:03.1234567890Z",
                       "2026-13-01",
                       "2026-00-10",
                       "2026-01-00",
                       "",
                       "yesterday"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_false(an_time_parse(bad[i], &us));
  assert_false(an_time_parse(NULL, &us));
}

/* ---- an_csv_field (every CSV export) ---- */

static void csv_field_quotes_and_neutralises_formulas(void **state)
{
  (void)state;
  struct an_buf b = {0};
  const char *in[] = {"plain", "a,b",  "say \"hi\"",           "=1+2", "+81", "-5", "@SUM(A1)",
                      "\tx",   "\r=x", "=cmd|' /C calc'!A0,x", "",     NULL};
  for (size_t i = 0; i < sizeof in / sizeof in[0]; i++)
    an_csv_field(&b, in[i], i + 1 == sizeof in / sizeof in[0]);
  /* Every cell quoted, so a field can never end early or start a formula outside quotes. */
  assert_string_equal(b.data,
                      "\"plain\",\"a,b\",\"say \"\"hi\"\"\",\"'=1+2\",\"'+81\",\"'-5\","
                      "\"'@SUM(A1)\",\"'\tx\",\"'\r=x\",\"'=cmd|' /C calc'!A0,x\",\"\",\"\"\r\n");
  an_buf_free(&b);
}

/* Request ids, staff logins and safe paths are checked by one ASCII class test. */
static void ascii_word_bounds_and_class(void **state)
{
  (void)state;
  assert_true(an_ascii_word("abc-_09", 3, 64, "-_"));
  assert_false(an_ascii_word("ab", 3, 64, "-_"));
  assert_false(an_ascii_word(NULL, 3, 64, ""));
  assert_true(an_ascii_word(NULL, 0, 64, ""));
  assert_false(an_ascii_word("a.b", 1, 64, "-_"));
  assert_false(an_ascii_word("\xe3\x81\x82"
                             "bc",
                             1, 64, "-_")); /* UTF-8 is not a letter */
  assert_false(an_ascii_word("abcd", 1, 3, ""));
  assert_true(an_ascii_alnum_or('/', "/"));
  assert_false(an_ascii_alnum_or('\0', "/"));
}

/* A time no event had (0) is JSON null; any other is RFC 3339 UTC. */
static void time_json_or_null(void **state)
{
  (void)state;
  json_t *j = an_time_json_or_null(0);
  assert_true(json_is_null(j));
  json_decref(j);
  j = an_time_json_or_null(1000000);
  assert_string_equal(json_string_value(j), "1970-01-01T00:00:01.000Z");
  json_decref(j);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(buf_append_and_puts),
      cmocka_unit_test(buf_empty_append_terminates),
      cmocka_unit_test(buf_printf_grows),
      cmocka_unit_test(buf_exact_boundary),
      cmocka_unit_test(buf_steal_and_reset),
      cmocka_unit_test(errors_table),
      cmocka_unit_test(errors_known_entries),
      cmocka_unit_test(errors_out_of_range),
      cmocka_unit_test(time_epoch),
      cmocka_unit_test(time_known_instant),
      cmocka_unit_test(time_jst_crosses_date_line),
      cmocka_unit_test(time_before_epoch),
      cmocka_unit_test(time_clocks),
      cmocka_unit_test(utf8_validity),
      cmocka_unit_test(utf8_prefix_counts_characters),
      cmocka_unit_test(utf8_escape),
      cmocka_unit_test(ids_are_strict),
      cmocka_unit_test(time_parse_accepts_the_documented_forms),
      cmocka_unit_test(time_parse_refuses_days_the_month_lacks),
      cmocka_unit_test(time_parse_accepts_fractional_seconds),
      cmocka_unit_test(time_parse_refuses_non_canonical_text),
      cmocka_unit_test(csv_field_quotes_and_neutralises_formulas),
      cmocka_unit_test(ascii_word_bounds_and_class),
      cmocka_unit_test(time_json_or_null),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
