#include "core/calendar.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/ascii.h"
#include "core/utf8.h"

/* ---- Dates ----------------------------------------------------------------------------------- */

static bool leap(int y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int an_month_days(int y, int m)
{
  static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : n[m - 1];
}

/* Days since 1970-01-01 (H. Hinnant's days_from_civil; our years are all positive). */
static long day_number(struct an_date d)
{
  long y = d.y - (d.m <= 2);
  long era = y / 400;
  long yoe = y - era * 400;
  long doy = (153 * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static struct an_date from_day_number(long z)
{
  z += 719468;
  long era = z / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  struct an_date r;
  r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
  r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
  r.y = (int)(yoe + era * 400 + (r.m <= 2));
  return r;
}

bool an_date_valid(struct an_date d)
{
  return d.y >= AN_DATE_MIN_YEAR && d.y <= AN_DATE_MAX_YEAR && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
         d.d <= an_month_days(d.y, d.m);
}

bool an_date_parse(const char *s, struct an_date *out)
{
  struct an_date d;
  if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !an_ascii_digits(s, 4, &d.y) ||
      !an_ascii_digits(s + 5, 2, &d.m) || !an_ascii_digits(s + 8, 2, &d.d) || !an_date_valid(d))
    return false;
  *out = d;
  return true;
}

void an_date_format(struct an_date d, char *out, size_t outlen)
{
  snprintf(out, outlen, "%04d-%02d-%02d", d.y, d.m, d.d);
}

int an_date_weekday(struct an_date d)
{
  /* 1970-01-01 was a Thursday; days before it are negative. */
  return (int)(((day_number(d) + 4) % 7 + 7) % 7);
}

int an_date_cmp(struct an_date a, struct an_date b)
{
  long x = day_number(a), y = day_number(b);
  return (x > y) - (x < y);
}

long an_date_days_between(struct an_date from, struct an_date to)
{
  return day_number(to) - day_number(from);
}

static long min_day(void)
{
  return day_number((struct an_date){AN_DATE_MIN_YEAR, 1, 1});
}

static long max_day(void)
{
  return day_number((struct an_date){AN_DATE_MAX_YEAR, 12, 31});
}

bool an_date_add_days(struct an_date d, long n, struct an_date *out)
{
  long z = day_number(d);
  /* Compare before adding so a huge n cannot overflow. */
  if (n > max_day() - z || n < min_day() - z)
    return false;
  *out = from_day_number(z + n);
  return true;
}

/* ---- National holidays ----------------------------------------------------------------------- */

static const char SUBSTITUTE[] = "休日"; /* the Cabinet Office's name for 振替休日 and 国民の休日 */

enum rule_kind { FIXED, MONDAY, SPRING, AUTUMN };

/* One holiday of the Act (or of a one-year statute) and the years it was in force. */
static const struct rule {
  short from, to;
  enum rule_kind kind;
  char m, d; /* FIXED: month and day; MONDAY: month and which Monday */
  const char *name;
} rules[] = {
    {1949, 9999, FIXED, 1, 1, "元日"},
    {1949, 1999, FIXED, 1, 15, "成人の日"},
    {2000, 9999, MONDAY, 1, 2, "成人の日"}, /* Happy Monday, Act of 1998 */
    {1967, 9999, FIXED, 2, 11, "建国記念の日"},
    {2020, 9999, FIXED, 2, 23, "天皇誕生日"},
    {1949, 9999, SPRING, 3, 0, "春分の日"},
    {1949, 1988, FIXED, 4, 29, "天皇誕生日"},
    {1989, 2006, FIXED, 4, 29, "みどりの日"},
    {2007, 9999, FIXED, 4, 29, "昭和の日"},
    {1949, 9999, FIXED, 5, 3, "憲法記念日"},
    {2007, 9999, FIXED, 5, 4, "みどりの日"},
    {1949, 9999, FIXED, 5, 5, "こどもの日"},
    {1996, 2002, FIXED, 7, 20, "海の日"},
    {2003, 2019, MONDAY, 7, 3, "海の日"},
    {2022, 9999, MONDAY, 7, 3, "海の日"},
    {2016, 2019, FIXED, 8, 11, "山の日"},
    {2022, 9999, FIXED, 8, 11, "山の日"},
    {1966, 2002, FIXED, 9, 15, "敬老の日"},
    {2003, 9999, MONDAY, 9, 3, "敬老の日"},
    {1948, 9999, AUTUMN, 9, 0, "秋分の日"}, /* the Act came into force on 1948-07-20 */
    {1966, 1999, FIXED, 10, 10, "体育の日"},
    {2000, 2018, MONDAY, 10, 2, "体育の日"},
    /* Renamed from 2020; the Cabinet Office lists the 2019 day under both names. */
    {2019, 2019, MONDAY, 10, 2, "体育の日（スポーツの日）"},
    {2022, 9999, MONDAY, 10, 2, "スポーツの日"},
    {1948, 9999, FIXED, 11, 3, "文化の日"},
    {1948, 9999, FIXED, 11, 23, "勤労感謝の日"},
    {1989, 2018, FIXED, 12, 23, "天皇誕生日"},
    /* Olympic years: the special measures act moved three holidays to the Games. */
    {2020, 2020, FIXED, 7, 23, "海の日"},
    {2020, 2020, FIXED, 7, 24, "スポーツの日"},
    {2020, 2020, FIXED, 8, 10, "山の日"},
    {2021, 2021, FIXED, 7, 22, "海の日"},
    {2021, 2021, FIXED, 7, 23, "スポーツの日"},
    {2021, 2021, FIXED, 8, 8, "山の日"},
    /* One-day statutes. The 2019 enthronement days count as national holidays for the
     * substitute and citizens' rules, which is what makes 4/30 and 5/2 holidays. */
    {1959, 1959, FIXED, 4, 10, "結婚の儀"},
    {1989, 1989, FIXED, 2, 24, "大喪の礼"},
    {1990, 1990, FIXED, 11, 12, "即位礼正殿の儀"},
    {1993, 1993, FIXED, 6, 9, "結婚の儀"},
    {2019, 2019, FIXED, 5, 1, "休日（祝日扱い）"},
    {2019, 2019, FIXED, 10, 22, "休日（祝日扱い）"},
};

/* Day of month of the equinox: the approximation published for 1900..2099 (C division truncates,
 * as the formula's int() does for the negative terms before 1983). */
static int equinox_day(int y, bool spring)
{
  double base;
  int leaps;
  if (y < 1980) {
    base = spring ? 20.8357 : 23.2588;
    leaps = (y - 1983) / 4;
  } else {
    base = spring ? 20.8431 : 23.2488;
    leaps = (y - 1980) / 4;
  }
  return (int)(base + 0.242194 * (y - 1980) - leaps);
}

static int rule_day(const struct rule *r, int y)
{
  switch (r->kind) {
  case FIXED:
    return r->d;
  case MONDAY: {
    int wd1 = an_date_weekday((struct an_date){y, r->m, 1});
    return 1 + (8 - wd1) % 7 + 7 * (r->d - 1);
  }
  case SPRING:
    return equinox_day(y, true);
  case AUTUMN:
    return equinox_day(y, false);
  }
  return 1;
}

/* Fills names[day of year - 1] with the national holidays of y (NULL elsewhere). */
static void national_year(int y, const char *names[366])
{
  memset(names, 0, 366 * sizeof names[0]);
  if (y < AN_HOLIDAY_MIN_YEAR || y > AN_HOLIDAY_MAX_YEAR)
    return;
  long jan1 = day_number((struct an_date){y, 1, 1});
  int len = leap(y) ? 366 : 365;
  bool shuku[366] = {false}; /* 祝日 proper: what the substitute and citizens' rules look at */
  for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
    const struct rule *r = &rules[i];
    if (y < r->from || y > r->to)
      continue;
    long at = day_number((struct an_date){y, r->m, rule_day(r, y)}) - jan1;
    names[at] = r->name;
    shuku[at] = true;
  }
  int wd_jan1 = an_date_weekday((struct an_date){y, 1, 1});
  /* 振替休日 from 1973-04-12: a Sunday holiday gives the Monday off; from 2007 the next day that
   * is not itself a holiday (Golden Week's Sunday 5/3 moves to 5/6). */
  long since = day_number((struct an_date){1973, 4, 12}) - jan1;
  for (int i = 0; i < len; i++) {
    if (!shuku[i] || (wd_jan1 + i) % 7 != 0 || i < since)
      continue;
    int j = i + 1;
    while (y >= 2007 && j < len && shuku[j])
      j++;
    if (j < len && !shuku[j])
      names[j] = SUBSTITUTE;
  }
  /* 国民の休日 from 1986: a day between two holidays; before 2007 not a Sunday or a substitute. */
  for (int i = 1; y >= 1986 && i + 1 < len; i++)
    if (shuku[i - 1] && shuku[i + 1] && !names[i] && (y >= 2007 || (wd_jan1 + i) % 7 != 0))
      names[i] = SUBSTITUTE;
}

const char *an_holiday_name(struct an_date d)
{
  if (!an_date_valid(d))
    return NULL;
  const char *names[366];
  national_year(d.y, names);
  return names[day_number(d) - day_number((struct an_date){d.y, 1, 1})];
}

size_t an_holidays_of_year(int year, struct an_holiday *out, size_t cap)
{
  const char *names[366];
  national_year(year, names);
  size_t n = 0;
  for (int i = 0; i < 366; i++) {
    if (!names[i])
      continue;
    if (n < cap) {
      out[n].date = from_day_number(day_number((struct an_date){year, 1, 1}) + i);
      out[n].name = names[i];
    }
    n++;
  }
  return n;
}

/* ---- The calendar ---------------------------------------------------------------------------- */

struct closing {
  int from, to; /* month * 100 + day */
};

struct entry {
  long day; /* day_number */
  enum an_day_kind kind;
  char *name;
};

struct an_calendar {
  struct closing *closing;
  size_t nclosing;
  struct entry *official; /* the Cabinet Office list, sorted by day */
  size_t nofficial;
  struct entry *overrides; /* operator's, sorted by day */
  size_t noverrides;
};

/* Writes the reason for a failure; always returns false so callers can `return fail(...)`. */
__attribute__((format(printf, 3, 4))) static bool fail(char *err, size_t errlen, const char *fmt,
                                                       ...)
{
  if (err && errlen) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
  }
  return false;
}

struct an_calendar *an_calendar_new(void)
{
  struct an_calendar *c = an_calloc(sizeof *c);
  an_calendar_set_closing(c, AN_CALENDAR_DEFAULT_CLOSING, NULL, 0);
  return c;
}

static void free_entries(struct entry *e, size_t n)
{
  for (size_t i = 0; i < n; i++)
    free(e[i].name);
  free(e);
}

void an_calendar_free(struct an_calendar *c)
{
  if (!c)
    return;
  free(c->closing);
  free_entries(c->official, c->nofficial);
  free_entries(c->overrides, c->noverrides);
  free(c);
}

/* ---- Closing days ---------------------------------------------------------------------------- */

/* "MM-DD" as month * 100 + day; 02-29 is allowed (it simply does not occur in other years). */
static bool parse_month_day(const char *s, size_t n, int *out)
{
  int m, d;
  if (n != 5 || s[2] != '-' || !an_ascii_digits(s, 2, &m) || !an_ascii_digits(s + 3, 2, &d) ||
      m < 1 || m > 12 || d < 1 || d > an_month_days(2000, m))
    return false;
  *out = m * 100 + d;
  return true;
}

static bool closing_has(const struct closing *r, size_t n, int md)
{
  for (size_t i = 0; i < n; i++)
    if (r[i].from <= r[i].to ? md >= r[i].from && md <= r[i].to : md >= r[i].from || md <= r[i].to)
      return true;
  return false;
}

static bool blank(char ch)
{
  return ch == ' ' || ch == '\t';
}

/* Parses one trimmed entry "MM-DD..MM-DD" or "MM-DD". */
static bool parse_closing_entry(const char *s, size_t n, struct closing *out)
{
  const char *dots = NULL;
  for (size_t i = 0; i + 1 < n && !dots; i++)
    if (s[i] == '.' && s[i + 1] == '.')
      dots = s + i;
  if (!dots) {
    if (!parse_month_day(s, n, &out->from))
      return false;
    out->to = out->from;
    return true;
  }
  size_t left = (size_t)(dots - s);
  return parse_month_day(s, left, &out->from) && parse_month_day(dots + 2, n - left - 2, &out->to);
}

bool an_calendar_set_closing(struct an_calendar *c, const char *spec, char *err, size_t errlen)
{
  if (err && errlen)
    err[0] = '\0';
  const char *p = spec ? spec : "";
  size_t cap = 1;
  for (const char *q = p; *q; q++)
    cap += *q == ',';
  struct closing *r = an_calloc(cap * sizeof *r);
  size_t n = 0;
  while (*p && blank(*p))
    p++;
  /* After the first entry every comma must be followed by one: "a," is an empty entry. */
  for (bool more = *p != '\0'; more;) {
    const char *comma = strchr(p, ',');
    const char *end = comma ? comma : p + strlen(p);
    const char *a = p, *b = end;
    while (a < b && blank(*a))
      a++;
    while (b > a && blank(b[-1]))
      b--;
    if (a == b) {
      free(r);
      return fail(err, errlen, "closing days: empty entry in \"%s\"", spec);
    }
    if (!parse_closing_entry(a, (size_t)(b - a), &r[n])) {
      free(r);
      return fail(err, errlen, "closing days: bad entry \"%.*s\" (expected MM-DD..MM-DD or MM-DD)",
                  (int)(b - a > 64 ? 64 : b - a), a);
    }
    n++;
    more = comma != NULL;
    p = comma ? comma + 1 : p;
  }
  /* A calendar with no business day at all would make every deadline unreachable. */
  bool open = n == 0;
  for (int m = 1; m <= 12 && !open; m++)
    for (int d = 1; d <= an_month_days(2000, m) && !open; d++)
      open = !closing_has(r, n, m * 100 + d);
  if (!open) {
    free(r);
    return fail(err, errlen, "closing days: \"%s\" closes every day of the year", spec);
  }
  free(c->closing);
  c->closing = r;
  c->nclosing = n;
  return true;
}

bool an_calendar_is_closing(const struct an_calendar *c, struct an_date d)
{
  return closing_has(c->closing, c->nclosing, d.m * 100 + d.d);
}

/* ---- Overrides and the Cabinet Office list --------------------------------------------------- */

/* Index of the first entry on or after day. */
static size_t lower_bound(const struct entry *e, size_t n, long day)
{
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (e[mid].day < day)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

static const struct entry *find(const struct entry *e, size_t n, long day)
{
  size_t i = lower_bound(e, n, day);
  return i < n && e[i].day == day ? &e[i] : NULL;
}

/* True when the loaded list has a row in year y, which makes it the authority for y. */
static bool official_year(const struct an_calendar *c, int y)
{
  size_t i = lower_bound(c->official, c->nofficial, day_number((struct an_date){y, 1, 1}));
  return i < c->nofficial && c->official[i].day < day_number((struct an_date){y + 1, 1, 1});
}

/* A name is printed on terminals and pages: UTF-8, no control characters (C0, DEL, C1). */
static bool name_ok(const char *s, size_t n)
{
  if (n == 0 || n > 120 || !an_utf8_valid(s, n))
    return false;
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (ch < 0x20 || ch == 0x7f || (ch == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] < 0xA0))
      return false;
  }
  return true;
}

bool an_calendar_override(struct an_calendar *c, struct an_date d, enum an_day_kind kind,
                          const char *name)
{
  if (!an_date_valid(d) || (kind != AN_DAY_HOLIDAY && kind != AN_DAY_BUSINESS))
    return false;
  if ((name || kind == AN_DAY_HOLIDAY) && !(name && name_ok(name, strlen(name))))
    return false;
  long day = day_number(d);
  size_t i = lower_bound(c->overrides, c->noverrides, day);
  if (i == c->noverrides || c->overrides[i].day != day) {
    c->overrides = an_realloc(c->overrides, (c->noverrides + 1) * sizeof c->overrides[0]);
    memmove(&c->overrides[i + 1], &c->overrides[i], (c->noverrides - i) * sizeof c->overrides[0]);
    c->noverrides++;
  } else {
    free(c->overrides[i].name);
  }
  c->overrides[i] = (struct entry){day, kind, an_strdup(name)};
  return true;
}

/* Parses "YYYY/M/D,name" (one pair of double quotes around the name is allowed). */
static bool parse_row(const char *s, size_t n, struct entry *out, char *why, size_t whylen)
{
  struct an_date d = {0, 0, 0};
  size_t i = 0;
  int *part[3] = {&d.y, &d.m, &d.d};
  for (int k = 0; k < 3; k++) {
    size_t start = i;
    int v = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9' && i - start < 4)
      v = v * 10 + (s[i++] - '0');
    size_t len = i - start;
    char sep = k < 2 ? '/' : ',';
    if ((k == 0 ? len != 4 : len < 1 || len > 2) || i >= n || s[i] != sep)
      return fail(why, whylen, "bad date (expected YYYY/M/D,name)");
    i++;
    *part[k] = v;
  }
  if (!an_date_valid(d))
    return fail(why, whylen, "no such date %d/%d/%d", d.y, d.m, d.d);
  const char *a = s + i, *b = s + n;
  while (a < b && blank(*a))
    a++;
  while (b > a && blank(b[-1]))
    b--;
  if (b - a >= 2 && *a == '"' && b[-1] == '"')
    a++, b--;
  if (a == b)
    return fail(why, whylen, "missing name");
  if (memchr(a, ',', (size_t)(b - a)) || memchr(a, '"', (size_t)(b - a)))
    return fail(why, whylen, "expected two columns, date and name");
  if (!name_ok(a, (size_t)(b - a)))
    return fail(why, whylen, "bad name (control characters, or longer than 120 bytes)");
  *out = (struct entry){day_number(d), AN_DAY_HOLIDAY, an_strndup(a, (size_t)(b - a))};
  return true;
}

static int by_day(const void *a, const void *b)
{
  long x = ((const struct entry *)a)->day, y = ((const struct entry *)b)->day;
  return (x > y) - (x < y);
}

/* Splits text into lines and parses them into e (sorted); false with the reason in err. */
static bool parse_csv(const char *p, size_t n, struct entry **e, size_t *ne, char *err,
                      size_t errlen)
{
  size_t cap = 0, lineno = 0;
  bool first = true;
  const char *end = p + n;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t len = (size_t)((nl ? nl : end) - p);
    lineno++;
    if (len && p[len - 1] == '\r')
      len--;
    bool header = first && len && (p[0] < '0' || p[0] > '9');
    if (len)
      first = false;
    if (len && !header) {
      char why[128];
      if (*ne == cap) {
        cap = cap ? cap * 2 : 64;
        *e = an_realloc(*e, cap * sizeof **e);
      }
      if (!parse_row(p, len, &(*e)[*ne], why, sizeof why))
        return fail(err, errlen, "holidays CSV line %zu: %s", lineno, why);
      ++*ne;
    }
    p = nl ? nl + 1 : end;
  }
  if (*ne == 0)
    return fail(err, errlen, "holidays CSV: no holidays listed");
  qsort(*e, *ne, sizeof **e, by_day);
  for (size_t i = 1; i < *ne; i++) {
    if ((*e)[i].day == (*e)[i - 1].day) {
      char day[AN_DATE_STRLEN];
      an_date_format(from_day_number((*e)[i].day), day, sizeof day);
      return fail(err, errlen, "holidays CSV: %s is listed twice", day);
    }
  }
  return true;
}

bool an_calendar_load_csv_text(struct an_calendar *c, const char *text, size_t len, char *err,
                               size_t errlen)
{
  if (err && errlen)
    err[0] = '\0';
  char *conv = NULL;
  if (!an_utf8_valid(text, len)) {
    conv = an_utf8_from_cp932(text, len, &len);
    if (!conv)
      return fail(err, errlen,
                  "holidays CSV: neither UTF-8 nor Shift_JIS (CP932); convert it "
                  "with iconv -f CP932 -t UTF-8");
    text = conv;
  }
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
    text += 3, len -= 3;
  struct entry *e = NULL;
  size_t ne = 0;
  bool ok = parse_csv(text, len, &e, &ne, err, errlen);
  free(conv);
  if (!ok) {
    free_entries(e, ne);
    return false;
  }
  free_entries(c->official, c->nofficial);
  c->official = e;
  c->nofficial = ne;
  return true;
}

bool an_calendar_load_csv(struct an_calendar *c, const char *path, char *err, size_t errlen)
{
  FILE *f = fopen(path, "rb");
  if (!f)
    return fail(err, errlen, "%s: %s", path, strerror(errno));
  /* The published file is about 21 kB; 4 MB means the wrong file. */
  enum { LIMIT = 4 << 20 };
  char *buf = an_calloc(LIMIT + 1);
  size_t len = fread(buf, 1, LIMIT + 1, f);
  bool rd = !ferror(f);
  fclose(f);
  bool ok;
  if (!rd)
    ok = fail(err, errlen, "%s: read error", path);
  else if (len > LIMIT)
    ok = fail(err, errlen, "%s: larger than 4 MB, not a holidays CSV", path);
  else
    ok = an_calendar_load_csv_text(c, buf, len, err, errlen);
  free(buf);
  return ok;
}

/* ---- Questions ------------------------------------------------------------------------------- */

const char *an_calendar_holiday(const struct an_calendar *c, struct an_date d)
{
  if (!an_date_valid(d))
    return NULL;
  long day = day_number(d);
  const struct entry *o = find(c->overrides, c->noverrides, day);
  if (o)
    return o->kind == AN_DAY_HOLIDAY ? o->name : NULL;
  if (official_year(c, d.y)) {
    const struct entry *e = find(c->official, c->nofficial, day);
    return e ? e->name : NULL;
  }
  return an_holiday_name(d);
}

bool an_calendar_is_business_day(const struct an_calendar *c, struct an_date d)
{
  if (!an_date_valid(d))
    return false;
  const struct entry *o = find(c->overrides, c->noverrides, day_number(d));
  if (o)
    return o->kind == AN_DAY_BUSINESS;
  int wd = an_date_weekday(d);
  return wd != 0 && wd != 6 && !an_calendar_is_closing(c, d) && !an_calendar_holiday(c, d);
}

/* The first business day at d + first or later, looking at most AN_CALENDAR_SEARCH_DAYS ahead. */
static bool search(const struct an_calendar *c, struct an_date d, long first, struct an_date *out)
{
  for (long i = first; i <= AN_CALENDAR_SEARCH_DAYS; i++) {
    struct an_date x;
    if (!an_date_add_days(d, i, &x))
      return false;
    if (an_calendar_is_business_day(c, x)) {
      *out = x;
      return true;
    }
  }
  return false;
}

bool an_calendar_business_day_on_or_after(const struct an_calendar *c, struct an_date d,
                                          struct an_date *out)
{
  return search(c, d, 0, out);
}

bool an_calendar_business_day_after(const struct an_calendar *c, struct an_date d,
                                    struct an_date *out)
{
  return search(c, d, 1, out);
}

bool an_calendar_add_business_days(const struct an_calendar *c, struct an_date d, long n,
                                   struct an_date *out)
{
  /* n business days need at least n calendar days; refuse at once what cannot fit. */
  if (n < 0 || !an_date_valid(d) || n > max_day() - day_number(d))
    return false;
  struct an_date x;
  if (!an_calendar_business_day_on_or_after(c, d, &x))
    return false;
  for (long i = 0; i < n; i++)
    if (!an_calendar_business_day_after(c, x, &x))
      return false;
  *out = x;
  return true;
}

size_t an_calendar_holidays(const struct an_calendar *c, int year, struct an_holiday *out,
                            size_t cap)
{
  if (year < AN_DATE_MIN_YEAR || year > AN_DATE_MAX_YEAR)
    return 0;
  size_t n = 0;
  for (struct an_date d = {year, 1, 1}; d.y == year;) {
    const char *name = an_calendar_holiday(c, d);
    if (name) {
      if (n < cap)
        out[n] = (struct an_holiday){d, name};
      n++;
    }
    if (!an_date_add_days(d, 1, &d))
      break;
  }
  return n;
}
