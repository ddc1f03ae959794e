#include "core/format.h"

#include <string.h>
#include <time.h>

#define JST_OFFSET_S (9 * 3600)

static const char *const months_en[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

const char *an_lang_norm(const char *lang)
{
  return lang && strcmp(lang, "en") == 0 ? "en" : "ja";
}

bool an_lang_valid(const char *lang)
{
  return lang && (strcmp(lang, "ja") == 0 || strcmp(lang, "en") == 0);
}

static bool is_en(const char *lang)
{
  return an_lang_norm(lang)[0] == 'e';
}

void an_fmt_date(struct an_buf *b, const char *lang, struct an_date d)
{
  if (is_en(lang) && d.m >= 1 && d.m <= 12)
    an_buf_printf(b, "%s %d, %d", months_en[d.m - 1], d.d, d.y);
  else
    an_buf_printf(b, "%d年%d月%d日", d.y, d.m, d.d);
}

void an_fmt_date_iso(struct an_buf *b, const char *lang, const char *iso)
{
  struct an_date d;
  if (iso && an_date_parse(iso, &d))
    an_fmt_date(b, lang, d);
  else if (iso)
    an_buf_puts(b, iso);
}

void an_fmt_datetime(struct an_buf *b, const char *lang, int64_t us)
{
  int64_t s = us / 1000000 - (us % 1000000 < 0); /* floor, also before 1970 */
  time_t t = (time_t)(s + JST_OFFSET_S);
  struct tm tm;
  gmtime_r(&t, &tm);
  an_fmt_date(b, lang, (struct an_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday});
  an_buf_printf(b, is_en(lang) ? ", %02d:%02d JST" : " %02d:%02d", tm.tm_hour, tm.tm_min);
}

/* Appends the digits of v (>= 0) with a comma every three. */
static void grouped(struct an_buf *b, uint64_t v)
{
  if (v >= 1000) {
    grouped(b, v / 1000);
    an_buf_printf(b, ",%03u", (unsigned)(v % 1000));
  } else {
    an_buf_printf(b, "%u", (unsigned)v);
  }
}

void an_fmt_yen(struct an_buf *b, const char *lang, int64_t yen)
{
  uint64_t mag = yen < 0 ? (uint64_t)0 - (uint64_t)yen : (uint64_t)yen;
  if (yen < 0)
    an_buf_puts(b, "-");
  if (is_en(lang))
    an_buf_puts(b, "¥");
  grouped(b, mag);
  if (!is_en(lang))
    an_buf_puts(b, "円");
}
