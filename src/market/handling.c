#include "market/handling.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/span.h"
#include "core/time.h"
#include "market/market.h"

#define HOUR_US (3600LL * 1000000)

static struct an_date jst_date(int64_t us)
{
  time_t s = (time_t)((us + 9 * HOUR_US) / 1000000);
  struct tm tm;
  gmtime_r(&s, &tm);
  return (struct an_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

static int64_t window_open(struct an_date d)
{
  return an_market_midnight(d) + AN_HANDLING_OPEN_HOUR * HOUR_US;
}

static int64_t window_close(struct an_date d)
{
  return an_market_midnight(d) + AN_HANDLING_CLOSE_HOUR * HOUR_US;
}

bool an_handling_in_window(const struct an_calendar *c, int64_t at_us)
{
  struct an_date d = jst_date(at_us);
  return an_calendar_is_business_day(c, d) && at_us >= window_open(d) && at_us < window_close(d);
}

bool an_handling_date(const struct an_calendar *c, int64_t at_us, struct an_date *out)
{
  struct an_date d = jst_date(at_us);
  if (an_calendar_is_business_day(c, d) && at_us < window_close(d)) {
    *out = d;
    return true;
  }
  return an_calendar_business_day_after(c, d, out);
}

int64_t an_handling_seconds(const struct an_calendar *c, int64_t from_us, int64_t to_us)
{
  if (to_us <= from_us)
    return 0;
  struct an_date d = jst_date(from_us), last = jst_date(to_us);
  int64_t total = 0;
  for (long i = 0; i < AN_CALENDAR_SEARCH_DAYS && an_date_cmp(d, last) <= 0; i++) {
    if (an_calendar_is_business_day(c, d))
      total += an_span_overlap(window_open(d), window_close(d), from_us, to_us);
    if (!an_date_add_days(d, 1, &d))
      break;
  }
  return total / 1000000;
}

void an_handling_date_ja(struct an_date d, char *out, size_t outlen)
{
  snprintf(out, outlen, "%d年%d月%d日", d.y, d.m, d.d);
}

/* The store's "2026-12-07T01:02:03.456Z" (an_time_parse takes no fraction). */
static bool parse_at(const json_t *v, int64_t *us)
{
  const char *s = json_string_value(v);
  if (!s || strlen(s) < 19)
    return false;
  char whole[21];
  memcpy(whole, s, 19);
  memcpy(whole + 19, "Z", 2);
  return an_time_parse(whole, us);
}

void an_handling_annotate(const struct an_calendar *c, json_t *item, int64_t now_us)
{
  int64_t created, until = now_us;
  struct an_date due;
  if (!c || !json_is_object(item) || !parse_at(json_object_get(item, "created_at"), &created) ||
      !an_handling_date(c, created, &due))
    return;
  const char *status = json_string_value(json_object_get(item, "status"));
  if (status && strcmp(status, "pending") != 0)
    parse_at(json_object_get(item, "decided_at"), &until);
  char iso[AN_DATE_STRLEN], ja[32];
  an_date_format(due, iso, sizeof iso);
  an_handling_date_ja(due, ja, sizeof ja);
  json_object_set_new(item, "handling",
                      json_pack("{s:b, s:s, s:s, s:I}", "received_in_window",
                                an_handling_in_window(c, created), "expected_on", iso,
                                "expected_on_ja", ja, "waited_business_minutes",
                                (json_int_t)(an_handling_seconds(c, created, until) / 60)));
}

void an_handling_annotate_all(const struct an_calendar *c, json_t *items, int64_t now_us)
{
  size_t i;
  json_t *item;
  json_array_foreach(items, i, item)
  {
    an_handling_annotate(c, item, now_us);
  }
}
