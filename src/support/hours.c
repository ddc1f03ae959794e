#include "support/hours.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/span.h"

#define MIN_US INT64_C(60000000)
#define DAY_US (INT64_C(86400) * INT64_C(1000000))
#define JST_US (INT64_C(9) * 3600 * INT64_C(1000000))

static const char *const day_names[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

struct an_date an_support_jst_date(int64_t us)
{
  int64_t t = us + JST_US;
  int64_t days = t / DAY_US - (t % DAY_US < 0 ? 1 : 0);
  struct an_date out = {1970, 1, 1};
  an_date_add_days(out, (long)days, &out);
  return out;
}

int64_t an_support_jst_midnight(struct an_date d)
{
  return (int64_t)an_date_days_between((struct an_date){1970, 1, 1}, d) * DAY_US - JST_US;
}

static const char *skip_spaces(const char *p, const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  return p;
}

/* "HH:MM" at p (exactly five bytes); minutes after midnight, 24:00 allowed. -1 otherwise. */
static int clock_minutes(const char *p, const char *end)
{
  if (end - p < 5 || p[2] != ':')
    return -1;
  for (int i = 0; i < 5; i++)
    if (i != 2 && (p[i] < '0' || p[i] > '9'))
      return -1;
  int hh = (p[0] - '0') * 10 + (p[1] - '0'), mm = (p[3] - '0') * 10 + (p[4] - '0');
  if (mm > 59 || hh > 24 || (hh == 24 && mm != 0))
    return -1;
  return hh * 60 + mm;
}

static bool fail(char *err, size_t errlen, const char *what, const char *p, const char *end)
{
  snprintf(err, errlen, "%s: \"%.*s\"", what, (int)(end - p), p);
  return false;
}

/* Parses "HH:MM-HH:MM[,...]" in [p, end) into one day's spans. */
static bool parse_spans(const char *p, const char *end, int *n, int *from, int *to, char *err,
                        size_t errlen)
{
  *n = 0;
  while (p < end) {
    const char *comma = memchr(p, ',', (size_t)(end - p));
    const char *stop = comma ? comma : end;
    const char *s = skip_spaces(p, stop), *e = stop;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
      e--;
    int a = e - s == 11 && s[5] == '-' ? clock_minutes(s, s + 5) : -1;
    int b = a >= 0 ? clock_minutes(s + 6, e) : -1;
    if (a < 0 || b < 0)
      return fail(err, errlen, "not a span HH:MM-HH:MM", s, e);
    if (a >= b)
      return fail(err, errlen, "a span must end after it starts", s, e);
    if (*n > 0 && a <= to[*n - 1])
      return fail(err, errlen, "spans must be in order with a gap between them", s, e);
    if (*n == AN_SUPPORT_MAX_SPANS)
      return fail(err, errlen, "too many spans in one day", s, e);
    from[*n] = a;
    to[*n] = b;
    (*n)++;
    p = comma ? comma + 1 : end;
    if (comma && p == end)
      return fail(err, errlen, "a span is missing after the comma", s, end);
  }
  if (*n == 0) {
    snprintf(err, errlen, "no opening hours given");
    return false;
  }
  return true;
}

static int day_index(const char *p, const char *end)
{
  if (end - p != 3)
    return -1;
  for (int i = 0; i < 7; i++)
    if (!strncasecmp(p, day_names[i], 3))
      return i;
  return -1;
}

/* "DAYS SPANS" in [p, end): applies the spans to each day named. */
static bool parse_group(const char *p, const char *end, struct an_support_hours *h, char *err,
                        size_t errlen)
{
  p = skip_spaces(p, end);
  const char *sp = p;
  while (sp < end && *sp != ' ' && *sp != '\t')
    sp++;
  const char *dash = memchr(p, '-', (size_t)(sp - p));
  int a = day_index(p, dash ? dash : sp), b = dash ? day_index(dash + 1, sp) : a;
  if (a < 0 || b < 0)
    return fail(err, errlen, "not a day or day range (mon, mon-fri)", p, sp);
  int n, from[AN_SUPPORT_MAX_SPANS], to[AN_SUPPORT_MAX_SPANS];
  if (!parse_spans(sp, end, &n, from, to, err, errlen))
    return false;
  for (int d = a;; d = (d + 1) % 7) {
    if (h->n[d])
      return fail(err, errlen, "a day is named twice", p, sp);
    h->n[d] = n;
    memcpy(h->from[d], from, sizeof from);
    memcpy(h->to[d], to, sizeof to);
    if (d == b)
      break;
  }
  return true;
}

bool an_support_hours_parse(const char *spec, struct an_support_hours *out, char *err,
                            size_t errlen)
{
  struct an_support_hours h;
  memset(&h, 0, sizeof h);
  const char *p = spec ? spec : "", *end = p + strlen(p);
  p = skip_spaces(p, end);
  if (p < end && *p >= '0' && *p <= '9') {
    int n, from[AN_SUPPORT_MAX_SPANS], to[AN_SUPPORT_MAX_SPANS];
    if (!parse_spans(p, end, &n, from, to, err, errlen))
      return false;
    for (int d = 1; d <= 5; d++) {
      h.n[d] = n;
      memcpy(h.from[d], from, sizeof from);
      memcpy(h.to[d], to, sizeof to);
    }
  } else {
    while (p < end) {
      const char *semi = memchr(p, ';', (size_t)(end - p));
      const char *stop = semi ? semi : end;
      if (!parse_group(p, stop, &h, err, errlen))
        return false;
      p = semi ? semi + 1 : end;
    }
    bool any = false;
    for (int d = 0; d < 7; d++)
      any = any || h.n[d] > 0;
    if (!any) {
      snprintf(err, errlen, "no opening hours given");
      return false;
    }
  }
  *out = h;
  return true;
}

void an_support_hours_day_text(const struct an_support_hours *h, int wd, char *out, size_t outlen)
{
  size_t used = 0;
  if (outlen)
    out[0] = '\0';
  for (int i = 0; i < h->n[wd] && used < outlen; i++) {
    int w =
        snprintf(out + used, outlen - used, "%s%02d:%02d-%02d:%02d", i ? "," : "",
                 h->from[wd][i] / 60, h->from[wd][i] % 60, h->to[wd][i] / 60, h->to[wd][i] % 60);
    if (w < 0)
      break;
    used += (size_t)w;
  }
}

bool an_support_day_open(const struct an_calendar *c, const struct an_support_hours *h,
                         struct an_date d)
{
  int wd = an_date_weekday(d);
  if (h->n[wd] == 0)
    return false;
  if (wd >= 1 && wd <= 5)
    return an_calendar_is_business_day(c, d);
  /* A weekend day the schedule opens: closed on a holiday or closing day like any other. An
   * operator's business-day override makes an_calendar_is_business_day true, which we accept. */
  return an_calendar_is_business_day(c, d) ||
         (!an_calendar_holiday(c, d) && !an_calendar_is_closing(c, d));
}

int64_t an_support_open_seconds(const struct an_calendar *c, const struct an_support_hours *h,
                                int64_t from_us, int64_t to_us)
{
  if (to_us <= from_us)
    return 0;
  int64_t total = 0;
  struct an_date d = an_support_jst_date(from_us);
  for (long i = 0; i < AN_CALENDAR_SEARCH_DAYS; i++) {
    int64_t mid = an_support_jst_midnight(d);
    if (mid >= to_us)
      break;
    if (an_support_day_open(c, h, d)) {
      int wd = an_date_weekday(d);
      for (int k = 0; k < h->n[wd]; k++)
        total += an_span_overlap(mid + h->from[wd][k] * MIN_US, mid + h->to[wd][k] * MIN_US,
                                 from_us, to_us);
    }
    if (!an_date_add_days(d, 1, &d))
      break;
  }
  return total / 1000000;
}

bool an_support_due(const struct an_calendar *c, const struct an_support_hours *h, int64_t start_us,
                    int64_t seconds, int64_t *due)
{
  if (seconds < 0)
    return false;
  int64_t left = seconds * 1000000;
  struct an_date d = an_support_jst_date(start_us);
  for (long i = 0; i < AN_CALENDAR_SEARCH_DAYS; i++) {
    if (an_support_day_open(c, h, d)) {
      int64_t mid = an_support_jst_midnight(d);
      int wd = an_date_weekday(d);
      for (int k = 0; k < h->n[wd]; k++) {
        int64_t s = mid + h->from[wd][k] * MIN_US, e = mid + h->to[wd][k] * MIN_US;
        if (e <= start_us)
          continue;
        s = s > start_us ? s : start_us;
        if (left <= e - s) {
          *due = s + left;
          return true;
        }
        left -= e - s;
      }
    }
    if (!an_date_add_days(d, 1, &d))
      return false;
  }
  return false;
}
