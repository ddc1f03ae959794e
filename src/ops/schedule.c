#include "ops/schedule.h"

#include <string.h>

#include "core/config.h"

#define MINUTE_US INT64_C(60000000)
#define DAY_US (INT64_C(86400) * 1000000)
#define JST_OFFSET_US (INT64_C(9) * 3600 * 1000000)

struct an_ops_rule an_ops_rule_from(const struct an_config *cfg)
{
  return (struct an_ops_rule){(int)cfg->ops_maintenance_week, (int)cfg->ops_maintenance_weekday,
                              (int)cfg->ops_maintenance_start_minute,
                              (int)cfg->ops_maintenance_minutes};
}

int64_t an_ops_midnight(struct an_date d)
{
  const struct an_date epoch = {1970, 1, 1};
  return an_date_days_between(epoch, d) * DAY_US - JST_OFFSET_US;
}

struct an_date an_ops_date_of(int64_t us)
{
  const struct an_date epoch = {1970, 1, 1};
  int64_t local = us + JST_OFFSET_US;
  int64_t days = local / DAY_US - (local % DAY_US < 0 ? 1 : 0);
  struct an_date d = epoch;
  an_date_add_days(epoch, (long)days, &d);
  return d;
}

struct an_date an_ops_rule_day(struct an_ops_rule rule, int y, int m)
{
  struct an_date first = {y, m, 1};
  int shift = (rule.weekday - an_date_weekday(first) + 7) % 7;
  int day = 1 + shift + 7 * (rule.week - 1);
  /* The fifth weekday means the last: step back a week when the month has only four. */
  while (day > an_month_days(y, m))
    day -= 7;
  return (struct an_date){y, m, day};
}

bool an_ops_rule_window(struct an_ops_rule rule, int y, int m, struct an_ops_span *out)
{
  if (rule.minutes <= 0)
    return false;
  int64_t start = an_ops_midnight(an_ops_rule_day(rule, y, m)) + rule.start_minute * MINUTE_US;
  *out = (struct an_ops_span){start, start + rule.minutes * MINUTE_US};
  return true;
}

size_t an_ops_rule_windows(struct an_ops_rule rule, int64_t from, int64_t to,
                           struct an_ops_span *out, size_t cap)
{
  size_t n = 0;
  if (from >= to)
    return 0;
  /* From the month before `from` (a window may start the day before and run into it). */
  struct an_date d = an_ops_date_of(from);
  int y = d.y, m = d.m - 1;
  if (m < 1) {
    m = 12;
    y--;
  }
  for (;;) {
    struct an_ops_span w;
    if (!an_ops_rule_window(rule, y, m, &w) || w.start >= to || n >= cap)
      break;
    if (w.end > from)
      out[n++] = w;
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return n;
}

static const struct {
  const char *kind;
  enum an_ops_notice rule;
} kinds[] = {
    {"maintenance", AN_OPS_NOTICE_WEEK},     {"planned_stop", AN_OPS_NOTICE_MONTH},
    {"incident", AN_OPS_NOTICE_NONE},        {"security_advisory", AN_OPS_NOTICE_NONE},
    {"virus_info", AN_OPS_NOTICE_NONE},      {"security_news", AN_OPS_NOTICE_NONE},
    {"version_upgrade", AN_OPS_NOTICE_WEEK}, {"browser_support", AN_OPS_NOTICE_WEEK},
    {"terms_change", AN_OPS_NOTICE_WEEK},    {"security_change", AN_OPS_NOTICE_BEFORE},
    {"general", AN_OPS_NOTICE_NONE},
};

bool an_ops_kind_notice(const char *kind, enum an_ops_notice *out)
{
  for (size_t i = 0; kind && i < sizeof kinds / sizeof kinds[0]; i++)
    if (!strcmp(kinds[i].kind, kind)) {
      *out = kinds[i].rule;
      return true;
    }
  return false;
}

struct an_date an_ops_first_allowed(enum an_ops_notice rule, int64_t announced)
{
  struct an_date d = an_ops_date_of(announced), out = d;
  switch (rule) {
  case AN_OPS_NOTICE_WEEK:
    an_date_add_days(d, 7, &out);
    break;
  case AN_OPS_NOTICE_MONTH:
    /* The same day of the next month; the 31st of a shorter month is its last day. */
    out.m = d.m == 12 ? 1 : d.m + 1;
    out.y = d.m == 12 ? d.y + 1 : d.y;
    if (out.d > an_month_days(out.y, out.m))
      out.d = an_month_days(out.y, out.m);
    break;
  case AN_OPS_NOTICE_BEFORE:
    an_date_add_days(d, 1, &out);
    break;
  case AN_OPS_NOTICE_NONE:
    break;
  }
  return out;
}

bool an_ops_notice_ok(enum an_ops_notice rule, int64_t announced, int64_t effective)
{
  if (rule == AN_OPS_NOTICE_NONE)
    return true;
  return an_date_cmp(an_ops_date_of(effective), an_ops_first_allowed(rule, announced)) >= 0;
}
