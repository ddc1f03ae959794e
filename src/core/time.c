#include "core/time.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

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

void an_time_format_utc(int64_t us, char *out, size_t outlen)
{
  time_t s;
  int ms;
  split(us, &s, &ms);
  struct tm tm;
  gmtime_r(&s, &tm);
  snprintf(out, outlen, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
           tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
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

static bool valid_tm(const struct tm *tm)
{
  return tm->tm_mon >= 0 && tm->tm_mon < 12 && tm->tm_mday >= 1 && tm->tm_mday <= 31 &&
         tm->tm_hour >= 0 && tm->tm_hour < 24 && tm->tm_min >= 0 && tm->tm_min < 60 &&
         tm->tm_sec >= 0 && tm->tm_sec < 61;
}

bool an_time_parse(const char *s, int64_t *us)
{
  struct tm tm = {0};
  int n = 0, oh = 0, om = 0;
  char sign = 0;
  if (!s)
    return false;
  if (sscanf(s, "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &n) != 3 || n != 10)
    return false;
  long offset = 9 * 3600; /* a bare date is a JST date */
  if (s[10] != '\0') {
    int m = 0;
    if (sscanf(s + 10, "T%2d:%2d:%2d%n", &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &m) != 3)
      return false;
    const char *z = s + 10 + m;
    if (strcmp(z, "Z") == 0)
      offset = 0;
    else if (sscanf(z, "%c%2d:%2d%n", &sign, &oh, &om, &m) == 3 && !z[m] &&
             (sign == '+' || sign == '-'))
      offset = (sign == '+' ? 1 : -1) * (oh * 3600L + om * 60L);
    else
      return false;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  if (!valid_tm(&tm))
    return false;
  time_t t = timegm(&tm);
  *us = ((int64_t)t - offset) * 1000000;
  return true;
}
