/* The regular maintenance window (SLA-1, MARK-5-2-1, TOS-5) and the notice rules of the service
 * level sheet (CHK-1, SLA-2, SLA-27, CHK-22, WP-14): pure date arithmetic in JST, no database. */
#ifndef AN_OPS_SCHEDULE_H
#define AN_OPS_SCHEDULE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"

struct an_config;

/* The regular window: the `week`-th (1..4, 5 = the last) `weekday` (0 Sunday .. 6 Saturday) of
 * every month, from `start_minute` after 00:00 JST for `minutes` (0..300; 0 = none). */
struct an_ops_rule {
  int week, weekday, start_minute, minutes;
};

/* One interval of time [start, end) in microseconds since the epoch (UTC). */
struct an_ops_span {
  int64_t start, end;
};

/* The rule as [ops] configures it. */
struct an_ops_rule an_ops_rule_from(const struct an_config *cfg);
/* The day of month y/m (1..12) the rule's window starts on. */
struct an_date an_ops_rule_day(struct an_ops_rule rule, int y, int m);
/* The window of month y/m; false when the rule has no window (minutes 0). */
bool an_ops_rule_window(struct an_ops_rule rule, int y, int m, struct an_ops_span *out);
/* Appends to out (at most cap) the regular windows overlapping [from, to), in order; returns how
 * many it wrote. */
size_t an_ops_rule_windows(struct an_ops_rule rule, int64_t from, int64_t to,
                           struct an_ops_span *out, size_t cap);

/* 00:00 JST of d as microseconds since the epoch. */
int64_t an_ops_midnight(struct an_date d);
/* The JST calendar date of the instant us. */
struct an_date an_ops_date_of(int64_t us);

/* Kinds of announcement (CHK-19) and of maintenance; each names its notice rule. */
enum an_ops_notice {
  AN_OPS_NOTICE_NONE,   /* no rule: incidents, advisories, news, general */
  AN_OPS_NOTICE_WEEK,   /* 7 days ahead: user-affecting change, maintenance, version upgrade,
                           browser/OS support change (CHK-1, SLA-2, SLA-27, CHK-22) */
  AN_OPS_NOTICE_MONTH,  /* one month ahead: a planned stop of the service (SLA-2) */
  AN_OPS_NOTICE_BEFORE, /* before it is made (at least the next day): security-relevant change
                           (WP-14) */
};

/* The rule of an announcement kind, or false when kind is not one of: maintenance, planned_stop,
 * incident, security_advisory, virus_info, security_news, version_upgrade, browser_support,
 * terms_change, security_change, general. */
bool an_ops_kind_notice(const char *kind, enum an_ops_notice *out);
/* The first JST date on which something announced at `announced` may take effect under rule. */
struct an_date an_ops_first_allowed(enum an_ops_notice rule, int64_t announced);
/* True when an effect at `effective` respects rule for an announcement at `announced` (compared
 * by JST date: the first allowed date itself is on time). */
bool an_ops_notice_ok(enum an_ops_notice rule, int64_t announced, int64_t effective);

#endif
