/* Support hours and the business-hours SLA clock (SLA-12, SLA-31, issue 13 item 3). Support
 * hours are a weekly schedule of open spans with breaks between them (default weekdays
 * 10:00-18:00; "10:00-12:00,13:00-17:00" and "09:00-17:00" are as easy to say), on the days the
 * business-day calendar keeps open: national holidays (substitute and citizens' holidays
 * included) and the operator's closing days are closed whatever the schedule says. Pure
 * computation over core/calendar.h: no database, no clock. Times are microseconds UTC; days and
 * spans are JST. */
#ifndef AN_SUPPORT_HOURS_H
#define AN_SUPPORT_HOURS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"

/* Open spans in one day, at most. */
#define AN_SUPPORT_MAX_SPANS 8
/* The configured default when nothing is set (SLA-12). */
#define AN_SUPPORT_DEFAULT_HOURS "10:00-18:00"

/* One weekly schedule: for each weekday (0 Sunday .. 6 Saturday) its open spans in minutes
 * after midnight JST, increasing, not touching or overlapping, each from < to, to <= 1440. */
struct an_support_hours {
  int n[7];
  int from[7][AN_SUPPORT_MAX_SPANS], to[7][AN_SUPPORT_MAX_SPANS];
};

/* Parses a schedule. Either spans alone, "HH:MM-HH:MM[,HH:MM-HH:MM...]", meaning Monday to
 * Friday; or day groups separated by ";", each "DAYS SPANS" with DAYS a day ("mon") or a range
 * ("mon-fri", three-letter English names), e.g. "mon-fri 10:00-12:00,13:00-17:00; sat
 * 10:00-12:00". A day not named is closed. "24:00" may end a span. Spaces around items are
 * allowed. On anything else returns false, writes the reason (naming the item) into err and
 * leaves out unchanged. */
bool an_support_hours_parse(const char *spec, struct an_support_hours *out, char *err,
                            size_t errlen);
/* Writes the spans of weekday wd as "10:00-12:00,13:00-17:00" into out ("" when closed). */
void an_support_hours_day_text(const struct an_support_hours *h, int wd, char *out, size_t outlen);

/* True when support is open on the JST day d: the schedule has spans on its weekday and the
 * calendar keeps it open (a weekday must be a business day; a Saturday or Sunday in the schedule
 * must be neither a holiday nor a closing day; an operator override of d decides first). */
bool an_support_day_open(const struct an_calendar *c, const struct an_support_hours *h,
                         struct an_date d);
/* Open seconds between from_us and to_us (0 when to_us <= from_us); counts at most
 * AN_CALENDAR_SEARCH_DAYS days. */
int64_t an_support_open_seconds(const struct an_calendar *c, const struct an_support_hours *h,
                                int64_t from_us, int64_t to_us);
/* The instant by which `seconds` of open time have passed after start_us: a start outside the
 * hours begins at the next opening; 0 seconds gives start_us when open, else the next opening; a
 * target that ends exactly at closing time is due at closing time (18:00), not the next morning.
 * False, leaving *due untouched, when no open time is found within AN_CALENDAR_SEARCH_DAYS days
 * or seconds < 0. */
bool an_support_due(const struct an_calendar *c, const struct an_support_hours *h, int64_t start_us,
                    int64_t seconds, int64_t *due);

/* The JST calendar day of an instant, and the instant of a JST day's midnight. */
struct an_date an_support_jst_date(int64_t us);
int64_t an_support_jst_midnight(struct an_date d);

#endif
