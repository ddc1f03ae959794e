/* Japanese business-day calendar: civil dates, the national holidays of the Act on National
 * Holidays (国民の祝日に関する法律), operator closing days and explicit overrides. Pure
 * computation: no database, no clock. Deadlines in days and business days (TOS-7, CHK-17, TOS-23)
 * build on it. */
#ifndef AN_CORE_CALENDAR_H
#define AN_CORE_CALENDAR_H
#include <stdbool.h>
#include <stddef.h>

/* A civil date in the Gregorian calendar: y 1873..9999, m 1..12, d 1..days in that month. Japan
 * adopted the Gregorian calendar on 1873-01-01, so an earlier YYYY-MM-DD names no Japanese day.
 * Every function that returns a date returns a valid one; functions taking a date expect one. */
struct an_date {
  int y, m, d;
};

#define AN_DATE_MIN_YEAR 1873
#define AN_DATE_MAX_YEAR 9999
/* Bytes for "YYYY-MM-DD" and its NUL. */
#define AN_DATE_STRLEN 11
/* National holidays are known for these years; outside them no day is a national holiday
 * (the equinox formula is published for 1900..2099 and the Act dates from 1948). */
#define AN_HOLIDAY_MIN_YEAR 1948
#define AN_HOLIDAY_MAX_YEAR 2099

/* True when d is a real date within the years above. */
bool an_date_valid(struct an_date d);
/* The days of month m (1..12) of year y (Gregorian leap years). */
int an_month_days(int y, int m);
/* Parses exactly "YYYY-MM-DD" (ASCII digits, zero-padded). Returns false, leaving out untouched,
 * on anything else: other lengths or separators, non-digits, 2026-02-30, 2025-02-29, years outside
 * AN_DATE_MIN_YEAR..AN_DATE_MAX_YEAR. */
bool an_date_parse(const char *s, struct an_date *out);
/* Writes "YYYY-MM-DD" into out (outlen >= AN_DATE_STRLEN; shorter truncates). */
void an_date_format(struct an_date d, char *out, size_t outlen);
/* Day of the week: 0 Sunday, 1 Monday, ... 6 Saturday (as struct tm's tm_wday). */
int an_date_weekday(struct an_date d);
/* Negative, zero or positive as a is before, the same day as, or after b. */
int an_date_cmp(struct an_date a, struct an_date b);
/* Days from `from` to `to`: positive when to is later (2026-01-01 to 2026-01-31 is 30). */
long an_date_days_between(struct an_date from, struct an_date to);
/* Writes d + n days (n may be negative) into out. False, leaving out untouched, when the result
 * would leave the years AN_DATE_MIN_YEAR..AN_DATE_MAX_YEAR. */
bool an_date_add_days(struct an_date d, long n, struct an_date *out);

/* One holiday: the date and its name as the Cabinet Office publishes it (UTF-8). */
struct an_holiday {
  struct an_date date;
  const char *name;
};

/* The name of the national holiday on d computed from the Act, or NULL when d is none or its year
 * is outside AN_HOLIDAY_MIN_YEAR..AN_HOLIDAY_MAX_YEAR. Names follow the Cabinet Office list
 * (syukujitsu.csv): substitute (振替休日) and citizens' holidays (国民の休日) are both "休日"; the
 * 2019 enthronement days (5/1 and 10/22) are "休日（祝日扱い）"; 2019-10-14 is
 * "体育の日（スポーツの日）". The returned string is static. */
const char *an_holiday_name(struct an_date d);
/* Writes the computed national holidays of year into out in date order, at most cap of them, and
 * returns how many there are (0 outside the known years; never more than 32). */
size_t an_holidays_of_year(int year, struct an_holiday *out, size_t cap);

/* A business-day calendar: national holidays, operator closing days (recurring month-day ranges,
 * by default the year-end closing 12-29..01-03), the Cabinet Office CSV when loaded, and operator
 * overrides. Not safe to change while another thread reads it; reading is safe. */
struct an_calendar;

enum an_day_kind {
  AN_DAY_HOLIDAY,  /* closed, whatever the rules say */
  AN_DAY_BUSINESS, /* open, even on a weekend, holiday or closing day */
};

/* Default closing days: the year-end and New Year closing most Japanese companies keep. */
#define AN_CALENDAR_DEFAULT_CLOSING "12-29..01-03"
/* The business-day searches below give up after this many days (a closing-day spec can leave very
 * few open days in a year; an endless loop is never the answer). */
#define AN_CALENDAR_SEARCH_DAYS 3660

/* A calendar with the default closing days, no CSV and no overrides. Never NULL. */
struct an_calendar *an_calendar_new(void);
void an_calendar_free(struct an_calendar *c);

/* Replaces the closing days with spec: comma-separated "MM-DD..MM-DD" ranges (inclusive; a range
 * whose end is before its start wraps over the new year) or single "MM-DD" days, spaces allowed
 * around entries, e.g. "12-29..01-03, 08-13..08-15". "" (or NULL) means no closing days. On a bad
 * entry, or a spec closing every day of the year, returns false, writes the reason (naming the
 * entry) into err, and leaves the calendar unchanged. */
bool an_calendar_set_closing(struct an_calendar *c, const char *spec, char *err, size_t errlen);
/* Loads the Cabinet Office list (syukujitsu.csv) from path; see an_calendar_load_csv_text. */
bool an_calendar_load_csv(struct an_calendar *c, const char *path, char *err, size_t errlen);
/* Loads the Cabinet Office list from text (len bytes): a header line, then "YYYY/M/D,name" lines
 * (CRLF or LF, blank lines ignored). The text may be UTF-8 (a BOM is skipped) or Shift_JIS, the
 * encoding of the published file: anything not valid UTF-8 is converted from CP932 with iconv(3).
 * The list becomes authoritative for every year it mentions: for those years the holidays are
 * exactly its rows and the computed ones are not used; other years stay computed. A load replaces
 * any list loaded before. On a bad line returns false, writes "line N: reason" into err and
 * leaves the calendar unchanged. */
bool an_calendar_load_csv_text(struct an_calendar *c, const char *text, size_t len, char *err,
                               size_t errlen);
/* Marks d as a holiday (name required, UTF-8 without control characters, at most 120 bytes) or a
 * business day (name optional, may be NULL) for this operator, replacing an earlier override of d.
 * Overrides come before every other rule. Returns false when d or name is invalid. */
bool an_calendar_override(struct an_calendar *c, struct an_date d, enum an_day_kind kind,
                          const char *name);

/* The holiday name of d in this calendar (an override holiday, else the CSV for a year it covers,
 * else the computed national holiday), or NULL; a business-day override makes it NULL. Closing
 * days are not holidays. The string lives as long as the calendar (or is static). */
const char *an_calendar_holiday(const struct an_calendar *c, struct an_date d);
/* True when d falls in one of the closing-day ranges. */
bool an_calendar_is_closing(const struct an_calendar *c, struct an_date d);
/* True when d is a business day: an override says so, or it is not Saturday, not Sunday, not a
 * holiday (an_calendar_holiday) and not a closing day. */
bool an_calendar_is_business_day(const struct an_calendar *c, struct an_date d);
/* The first business day on or after d (d itself when it is one). False, leaving out untouched,
 * when there is none within AN_CALENDAR_SEARCH_DAYS or before the end of the date range. */
bool an_calendar_business_day_on_or_after(const struct an_calendar *c, struct an_date d,
                                          struct an_date *out);
/* The first business day strictly after d. False as above. */
bool an_calendar_business_day_after(const struct an_calendar *c, struct an_date d,
                                    struct an_date *out);
/* The date n business days after d. A start that is not a business day is first moved to the next
 * business day (what arrives on a holiday is handled the next business day), then n business days
 * are counted from there: n = 0 gives d itself when it is a business day, else the next business
 * day; Friday + 1 is Monday; a Saturday + 1 is Tuesday. False, leaving out untouched, when n < 0 or
 * a search fails as above. */
bool an_calendar_add_business_days(const struct an_calendar *c, struct an_date d, long n,
                                   struct an_date *out);
/* Writes the holidays of year in this calendar (as an_calendar_holiday sees them) in date order,
 * at most cap of them, and returns how many there are (at most 366). */
size_t an_calendar_holidays(const struct an_calendar *c, int year, struct an_holiday *out,
                            size_t cap);

#endif
