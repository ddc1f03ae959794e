/* Fuzz target: dates and times from outside (src/core/time.c an_time_parse for the audit
 * filter's from/to; src/core/calendar.c an_date_parse and the date arithmetic built on it;
 * an_calendar_set_closing for the operator's closing days). Input: one text NUL a closing-day
 * spec NUL a day count.
 *
 * an_time_parse is checked against an independent reading of its contract: exactly
 * "YYYY-MM-DD" (midnight JST) or "YYYY-MM-DDTHH:MM:SS", optionally ".d" with 1 to 9 digits (read
 * to the microsecond), with "Z" or "+HH:MM"/"-HH:MM", digits
 * where digits belong, a real calendar day, hour < 24, minute < 60, second < 61, offset hour
 * < 24 and minute < 60; the instant must be the one the text names. an_date_parse must give back
 * exactly its input when formatted, and the date arithmetic must agree with itself. */
#include <string.h>

#include "core/calendar.h"
#include "core/time.h"
#include "fuzz.h"

static bool num(const char *s, int n, int *out)
{
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

static int mdays(int y, int m)
{
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : d[m - 1];
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; Howard Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/* The contract of an_time_parse, read independently. */
static bool reference(const char *s, int64_t *us)
{
  size_t n = strlen(s);
  int y, mo, d, h = 0, mi = 0, se = 0, oh = 9, om = 0, sign = 1;
  int64_t frac = 0;
  if (n < 10 || !num(s, 4, &y) || s[4] != '-' || !num(s + 5, 2, &mo) || s[7] != '-' ||
      !num(s + 8, 2, &d) || mo < 1 || mo > 12 || d < 1 || d > mdays(y, mo))
    return false;
  if (n != 10) {
    if (n < 20 || s[10] != 'T' || !num(s + 11, 2, &h) || s[13] != ':' || !num(s + 14, 2, &mi) ||
        s[16] != ':' || !num(s + 17, 2, &se) || h > 23 || mi > 59 || se > 60)
      return false;
    /* An optional fraction: '.' and 1 to 9 digits, read to the microsecond. */
    size_t p = 19, k = 0;
    if (s[p] == '.') {
      while (s[p + 1 + k] >= '0' && s[p + 1 + k] <= '9')
        k++;
      if (k < 1 || k > 9)
        return false;
      for (size_t i = 0; i < 6; i++)
        frac = frac * 10 + (i < k ? s[p + 1 + i] - '0' : 0);
      p += 1 + k;
    }
    if (n == p + 1 && s[p] == 'Z')
      oh = 0;
    else if (n == p + 6 && (s[p] == '+' || s[p] == '-') && num(s + p + 1, 2, &oh) &&
             s[p + 3] == ':' && num(s + p + 4, 2, &om) && oh < 24 && om < 60)
      sign = s[p] == '+' ? 1 : -1;
    else
      return false;
  }
  int64_t secs = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
  *us = (secs - sign * (oh * 3600 + om * 60)) * 1000000 + frac;
  return true;
}

static void check_time(const char *s)
{
  int64_t got = 0, want = 0;
  bool ok = an_time_parse(s, &got), ref = reference(s, &want);
  FUZZ_CHECK(ok == ref);
  if (ok)
    FUZZ_CHECK(got == want);
}

static void check_date(const char *s, long n)
{
  struct an_date d = {0, 0, 0}, e;
  if (!an_date_parse(s, &d)) {
    FUZZ_CHECK(d.y == 0 && d.m == 0 && d.d == 0); /* left untouched */
    return;
  }
  FUZZ_CHECK(an_date_valid(d));
  char out[AN_DATE_STRLEN];
  an_date_format(d, out, sizeof out);
  FUZZ_CHECK(strcmp(out, s) == 0);
  int64_t us;
  FUZZ_CHECK(an_time_parse(s, &us)); /* every calendar date is a time too */
  int wd = an_date_weekday(d);
  FUZZ_CHECK(wd >= 0 && wd <= 6);
  if (an_date_add_days(d, n, &e)) {
    FUZZ_CHECK(an_date_valid(e));
    FUZZ_CHECK(an_date_days_between(d, e) == n);
    FUZZ_CHECK((an_date_cmp(d, e) < 0) == (n > 0));
    FUZZ_CHECK(an_date_weekday(e) == (int)(((wd + n) % 7 + 7) % 7));
  }
  const char *name = an_holiday_name(d);
  FUZZ_CHECK(!name || (d.y >= AN_HOLIDAY_MIN_YEAR && d.y <= AN_HOLIDAY_MAX_YEAR));
}

static void check_closing(const char *spec, const char *date)
{
  struct an_calendar *c = an_calendar_new();
  char err[200] = "";
  bool ok = an_calendar_set_closing(c, spec, err, sizeof err);
  FUZZ_CHECK(ok || err[0]);
  struct an_date d, out;
  if (an_date_parse(date, &d)) {
    bool closing = an_calendar_is_closing(c, d);
    if (closing)
      FUZZ_CHECK(!an_calendar_is_business_day(c, d));
    if (an_calendar_business_day_on_or_after(c, d, &out)) {
      FUZZ_CHECK(an_date_cmp(out, d) >= 0 && an_calendar_is_business_day(c, out));
      FUZZ_CHECK(!an_calendar_is_closing(c, out));
    }
    if (an_calendar_add_business_days(c, d, 3, &out))
      FUZZ_CHECK(an_date_cmp(out, d) > 0 && an_calendar_is_business_day(c, out));
  }
  an_calendar_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *f[3];
  char *buf = fuzz_fields(data, size, f, 3);
  long n = strtol(f[2], NULL, 10);
  check_time(f[0]);
  check_date(f[0], n);
  if (size < 4096) /* the closing-day calendar costs most; long specs add nothing new */
    check_closing(f[1], f[0]);
  free(buf);
  return 0;
}
