/* Unit tests for the one formatter (core/format.h) and the message catalogue (core/messages.h):
 * Japanese-style and English dates, JST date-times and yen amounts, typed placeholders, and
 * every catalogue row present in both languages with the same placeholders (issue 9, item 4). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/format.h"
#include "core/messages.h"

/* 2026-12-05T05:30:00Z = 2026-12-05 14:30 JST. */
#define AT_US (1796448600LL * 1000000)

static char *fmt_date(const char *lang, int y, int m, int d)
{
  struct an_buf b = {0};
  an_fmt_date(&b, lang, (struct an_date){y, m, d});
  return an_buf_steal(&b);
}

static void dates(void **state)
{
  (void)state;
  char *s = fmt_date("ja", 2026, 12, 5);
  assert_string_equal(s, "2026年12月5日");
  free(s);
  s = fmt_date("en", 2026, 12, 5);
  assert_string_equal(s, "Dec 5, 2026");
  free(s);
  s = fmt_date(NULL, 2027, 1, 31); /* no language: Japanese */
  assert_string_equal(s, "2027年1月31日");
  free(s);
  s = fmt_date("fr", 2027, 1, 31);
  assert_string_equal(s, "2027年1月31日");
  free(s);
  struct an_buf b = {0};
  an_fmt_date_iso(&b, "en", "2026-02-28");
  an_buf_puts(&b, " | ");
  an_fmt_date_iso(&b, "ja", "2026-02-28");
  an_buf_puts(&b, " | ");
  an_fmt_date_iso(&b, "ja", "not a date"); /* unchanged */
  an_fmt_date_iso(&b, "ja", NULL);         /* nothing */
  assert_string_equal(b.data, "Feb 28, 2026 | 2026年2月28日 | not a date");
  an_buf_free(&b);
}

static void datetimes_in_jst(void **state)
{
  (void)state;
  struct an_buf b = {0};
  an_fmt_datetime(&b, "ja", AT_US);
  assert_string_equal(b.data, "2026年12月5日 14:30");
  an_buf_reset(&b);
  an_fmt_datetime(&b, "en", AT_US);
  assert_string_equal(b.data, "Dec 5, 2026, 14:30 JST");
  an_buf_reset(&b);
  /* 15:00 UTC on New Year's Eve is already the next day, and year, in Japan. */
  an_fmt_datetime(&b, "ja", 1798729200LL * 1000000);
  assert_string_equal(b.data, "2027年1月1日 00:00");
  an_buf_free(&b);
}

static void amounts(void **state)
{
  (void)state;
  static const struct {
    int64_t v;
    const char *ja, *en;
  } cases[] = {
      {0, "0円", "¥0"},
      {999, "999円", "¥999"},
      {1000, "1,000円", "¥1,000"},
      {10000, "10,000円", "¥10,000"},
      {11938, "11,938円", "¥11,938"},
      {1234567890, "1,234,567,890円", "¥1,234,567,890"},
      {-1000, "-1,000円", "-¥1,000"},
      {INT64_MIN, "-9,223,372,036,854,775,808円", "-¥9,223,372,036,854,775,808"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    struct an_buf b = {0};
    an_fmt_yen(&b, "ja", cases[i].v);
    assert_string_equal(b.data, cases[i].ja);
    an_buf_reset(&b);
    an_fmt_yen(&b, "en", cases[i].v);
    assert_string_equal(b.data, cases[i].en);
    an_buf_free(&b);
  }
}

static void languages(void **state)
{
  (void)state;
  assert_string_equal(an_lang_norm("en"), "en");
  assert_string_equal(an_lang_norm("ja"), "ja");
  assert_string_equal(an_lang_norm("EN"), "ja");
  assert_string_equal(an_lang_norm(NULL), "ja");
  assert_true(an_lang_valid("ja"));
  assert_true(an_lang_valid("en"));
  assert_false(an_lang_valid("fr"));
  assert_false(an_lang_valid(""));
  assert_false(an_lang_valid(NULL));
}

static void typed_placeholders(void **state)
{
  (void)state;
  json_t *v =
      json_pack("{s:s, s:I, s:I, s:s, s:s}", "on", "2026-12-05", "at", (json_int_t)AT_US, "due",
                (json_int_t)10000, "why", "notice.cancellation.honoured", "name", "{{on}}");
  const char *text = "{{on:date}} / {{ at:datetime }} / {{due:yen}} / {{why:msg}} / {{name}}";
  char missing[64] = "";
  char *s = an_msg_render_text(text, "ja", v, missing, sizeof missing);
  assert_string_equal(s, "2026年12月5日 / 2026年12月5日 14:30 / 10,000円 / "
                         "ご希望の解約日で承りました。 / {{on}}");
  free(s);
  s = an_msg_render_text(text, "en", v, missing, sizeof missing);
  assert_string_equal(s, "Dec 5, 2026 / Dec 5, 2026, 14:30 JST / ¥10,000 / "
                         "Your cancellation takes effect on the date you asked for. / {{on}}");
  free(s);
  /* A value of the wrong type, or a :msg value that is no key, has no value. */
  assert_null(an_msg_render_text("{{due:date}}", "ja", v, missing, sizeof missing));
  assert_string_equal(missing, "due");
  assert_null(an_msg_render_text("{{on:yen}}", "ja", v, missing, sizeof missing));
  assert_null(an_msg_render_text("{{name:msg}}", "ja", v, missing, sizeof missing));
  assert_null(an_msg_render_text("{{on:unknown}}", "ja", v, missing, sizeof missing));
  /* Not placeholders: copied as they are. */
  s = an_msg_render_text("{{on:}} {{:date}}", "ja", v, missing, sizeof missing);
  assert_string_equal(s, "{{on:}} {{:date}}");
  free(s);
  json_decref(v);
  assert_null(an_msg_render("no.such.key", "ja", NULL));
  assert_null(an_msg_text("no.such.key", "en"));
}

/* The set of placeholders ("{{name:type}}" as written) of a text, as an object's keys. */
static json_t *placeholders(const char *text)
{
  json_t *set = json_object();
  for (const char *p = strstr(text, "{{"); p; p = strstr(p + 2, "{{")) {
    const char *e = strstr(p, "}}");
    if (!e)
      break;
    char *name = strndup(p, (size_t)(e - p + 2));
    json_object_set_new(set, name, json_true());
    free(name);
  }
  return set;
}

static void check_row(const char *key, const char *ja, const char *en, void *cls)
{
  int *rows = cls;
  (*rows)++;
  if (!ja[0] || !en[0])
    fail_msg("%s: a language is empty", key);
  /* The same set in both: a language may repeat or reorder them, never lack or add one. */
  json_t *pj = placeholders(ja), *pe = placeholders(en);
  bool same = json_equal(pj, pe);
  json_decref(pj);
  json_decref(pe);
  if (!same)
    fail_msg("%s: the languages have different placeholders", key);
  assert_ptr_equal(an_msg_text(key, "ja"), ja);
  assert_ptr_equal(an_msg_text(key, "en"), en);
}

static void catalogue_complete(void **state)
{
  (void)state;
  int rows = 0;
  an_msg_each(check_row, &rows);
  assert_true(rows > 40);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(dates),
      cmocka_unit_test(datetimes_in_jst),
      cmocka_unit_test(amounts),
      cmocka_unit_test(languages),
      cmocka_unit_test(typed_placeholders),
      cmocka_unit_test(catalogue_complete),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
