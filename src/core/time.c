#include "core/time.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/ascii.h"
#include "core/calendar.h"

int64_t an_time_now_us(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t an_time_mono_us(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void split(int64_t us, time_t *secs, int *ms)
{
  int64_t s = us / 1000000;
  int64_t rem = us % 1000000;
  if (rem < 0) {
    rem += 1000000;
    s -= 1;
  }
  *secs = (time_t)s;
  *ms = (int)(rem / 1000);
}

/* Writes v (0 <= v < 10^n) as n decimal digits, zeros first. */
static void put_digits(char *out, int v, int n)
{
  for (int i = n - 1; i >= 0; i--, v /= 10)
    out[i] = (char)('0' + v % 10);
}

struct timespec an_time_deadline(clockid_t clock, int64_t ms)
{
  struct timespec until;
  clock_gettime(clock, &until);
  until.tv_sec += ms / 1000;
  until.tv_nsec += (ms % 1000) * 1000000L;
  if (until.tv_nsec >= 1000000000L) {
    until.tv_sec++;
    until.tv_nsec -= 1000000000L;
  }
  return until;
}

void an_time_format_utc(int64_t us, char *out, size_t outlen)
{
  time_t s;
  int ms;
  split(us, &s, &ms);
  struct tm tm;
  gmtime_r(&s, &tm);
  int year = tm.tm_year + 1900;
  /* Written digit by digit: an authenticated read formats several of these and the log line
   * one more, and vsnprintf was a few per cent of its profile (bench/README.md). */
  if (year < 0 || year > 9999 || outlen < 25) {
    snprintf(out, outlen, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", year, tm.tm_mon + 1, tm.tm_mday,
             tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
    return;
  }
  put_digits(out, year, 4);
  out[4] = '-';
  put_digits(out + 5, tm.tm_mon + 1, 2);
  out[7] = '-';
  put_digits(out + 8, tm.tm_mday, 2);
  out[10] = 'T';
  put_digits(out + 11, tm.tm_hour, 2);
  out[13] = ':';
  put_digits(out + 14, tm.tm_min, 2);
  out[16] = ':';
  put_digits(out + 17, tm.tm_sec, 2);
  out[19] = '.';
  put_digits(out + 20, ms, 3);
  out[23] = 'Z';
  out[24] = '\0';
}

void an_time_format_jst(int64_t us, char *out, size_t outlen)
{
  time_t s;
  int ms;
  split(us, &s, &ms);
  s += 9 * 3600; /* JST has no daylight saving time */
  struct tm tm;
  gmtime_r(&s, &tm);
  snprintf(out, outlen, "%04d-%02d-%02dT%02d:%02d:%02d+09:00", tm.tm_year + 1900, tm.tm_mon + 1,
           tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* "YYYY-MM-DD" of a day the month has. */
static bool parse_date(const char *s, struct tm *tm)
{
  int y, m, d;
  if (!an_ascii_digits(s, 4, &y) || s[4] != '-' || !an_ascii_digits(s + 5, 2, &m) || s[7] != '-' ||
      !an_ascii_digits(s + 8, 2, &d) || m < 1 || m > 12 || d < 1 || d > an_month_days(y, m))
    return false;
  tm->tm_year = y - 1900;
  tm->tm_mon = m - 1;
  tm->tm_mday = d;
  return true;
}

/* An optional fraction ".d" of 1 to 9 digits at *t (n bytes left): adds its microseconds to
 * *frac_us (digits past the sixth are cut) and moves *t and *n past it. False when a '.' is not
 * followed by 1 to 9 digits. */
static bool parse_fraction(const char **t, size_t *n, int64_t *frac_us)
{
  if (*n == 0 || **t != '.')
    return true;
  size_t k = 1;
  int64_t v = 0;
  while (k < *n && (*t)[k] >= '0' && (*t)[k] <= '9') {
    if (k <= 6)
      v = v * 10 + ((*t)[k] - '0');
    k++;
  }
  if (k == 1 || k > 10)
    return false;
  for (size_t d = k - 1; d < 6; d++)
    v *= 10;
  *frac_us = v;
  *t += k;
  *n -= k;
  return true;
}

/* t (n bytes, the rest of the text) is "THH:MM:SS", an optional fraction ".sss" (RFC 3339's
 * time-secfrac, as the API writes times), then "Z" or "+HH:MM" / "-HH:MM". */
static bool parse_time(const char *t, size_t n, struct tm *tm, long *offset, int64_t *frac_us)
{
  int oh, om;
  if (n < 10 || t[0] != 'T' || !an_ascii_digits(t + 1, 2, &tm->tm_hour) || t[3] != ':' ||
      !an_ascii_digits(t + 4, 2, &tm->tm_min) || t[6] != ':' ||
      !an_ascii_digits(t + 7, 2, &tm->tm_sec) || tm->tm_hour > 23 || tm->tm_min > 59 ||
      tm->tm_sec > 60)
    return false;
  t += 9;
  n -= 9;
  if (!parse_fraction(&t, &n, frac_us))
    return false;
  if (n == 1 && t[0] == 'Z') {
    *offset = 0;
    return true;
  }
  if (n != 6 || (t[0] != '+' && t[0] != '-') || !an_ascii_digits(t + 1, 2, &oh) || t[3] != ':' ||
      !an_ascii_digits(t + 4, 2, &om) || oh > 23 || om > 59)
    return false;
  *offset = (t[0] == '+' ? 1 : -1) * (oh * 3600L + om * 60L);
  return true;
}

bool an_time_parse(const char *s, int64_t *us)
{
  struct tm tm = {0};
  long offset = 9 * 3600; /* a bare date is a JST date */
  int64_t frac_us = 0;
  size_t n = s ? strlen(s) : 0;
  if (n < 10 || !parse_date(s, &tm) ||
      (n > 10 && !parse_time(s + 10, n - 10, &tm, &offset, &frac_us)))
    return false;
  time_t t = timegm(&tm);
  *us = ((int64_t)t - offset) * 1000000 + frac_us;
  return true;
}

json_t *an_time_json_or_null(int64_t us)
{
  char s[40];
  if (!us)
    return json_null();
  an_time_format_utc(us, s, sizeof s);
  return json_string(s);
}
