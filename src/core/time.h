/* Time: stored and logged as UTC (microseconds since the epoch), shown in JST. */
#ifndef AN_CORE_TIME_H
#define AN_CORE_TIME_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Wall-clock now in microseconds since 1970-01-01T00:00:00Z. */
int64_t an_time_now_us(void);
/* Monotonic clock in microseconds, for durations. */
int64_t an_time_mono_us(void);
/* The moment ms milliseconds from now on clock (CLOCK_REALTIME, CLOCK_MONOTONIC), as the absolute
 * time pthread_cond_timedwait waits until on a condition variable of that clock. */
struct timespec an_time_deadline(clockid_t clock, int64_t ms);
/* Writes RFC 3339 UTC with milliseconds ("2026-11-23T01:02:03.456Z") into out (>= 32 bytes). */
void an_time_format_utc(int64_t us, char *out, size_t outlen);
/* us as a JSON string in an_time_format_utc's form, or JSON null when us is 0 (no such time: a
 * login that never happened, a message not yet sent). */
json_t *an_time_json_or_null(int64_t us);
/* Writes RFC 3339 in JST ("2026-11-23T10:02:03+09:00") into out (>= 32 bytes). */
void an_time_format_jst(int64_t us, char *out, size_t outlen);

/* Parses "YYYY-MM-DD" (midnight JST: dates people type are Japanese dates) or RFC 3339
 * "YYYY-MM-DDTHH:MM:SS", optionally with a fraction of 1 to 9 digits (".456"; kept to the
 * microsecond, further digits cut), with "Z" or "+09:00"-style offset (its hours < 24, minutes
 * < 60). Digits
 * exactly where the form has them, a day the month has (2026-02-29 is refused, not rolled over),
 * hour < 24, minute < 60, second <= 60. Returns false, leaving *us untouched, on anything else. */
bool an_time_parse(const char *s, int64_t *us);

#endif
