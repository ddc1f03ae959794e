#include "core/time.h"

#include <stdio.h>
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
