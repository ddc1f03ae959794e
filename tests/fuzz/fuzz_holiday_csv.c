/* Fuzz target: the Cabinet Office holiday list loader (src/core/calendar.c
 * an_calendar_load_csv_text: UTF-8 or Shift_JIS, header line, "YYYY/M/D,name" rows). Input: the
 * file's bytes. Checks, beyond memory safety and leaks: a refused file leaves the calendar as it
 * was and says why; an accepted one makes its years' holidays exactly its rows, each name
 * printable UTF-8 of at most 120 bytes, and the business-day questions keep answering. */
#include <string.h>

#include "core/calendar.h"
#include "fuzz.h"

static bool name_printable(const char *s)
{
  size_t n = strlen(s);
  if (n == 0 || n > 120)
    return false;
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
      return false;
  return true;
}

/* Days whose answer a refused file must not change (computed holidays and working days). */
static const struct an_date PROBES[] = {{2026, 1, 1}, {2026, 1, 12}, {2026, 5, 6},
                                        {2026, 9, 22}, {2026, 11, 24}, {1990, 11, 12}};
#define NPROBES (sizeof PROBES / sizeof PROBES[0])

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct an_calendar *c = an_calendar_new();
  char err[256] = "";
  struct an_holiday after[400];
  if (!an_calendar_load_csv_text(c, (const char *)data, size, err, sizeof err)) {
    FUZZ_CHECK(err[0] != '\0');
    for (size_t i = 0; i < NPROBES; i++) {
      const char *want = an_holiday_name(PROBES[i]), *got = an_calendar_holiday(c, PROBES[i]);
      FUZZ_CHECK(want == got);
    }
    an_calendar_free(c);
    return 0;
  }
  /* Look at a few years the file mentions: those of 4-digit numbers at line starts. */
  int years = 0;
  for (size_t i = 0; i + 4 <= size && years < 4; i++) {
    if (i && data[i - 1] != '\n' && !(i == 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0))
      continue;
    int y = 0, k;
    for (k = 0; k < 4 && data[i + k] >= '0' && data[i + k] <= '9'; k++)
      y = y * 10 + (data[i + k] - '0');
    if (k < 4 || y < AN_DATE_MIN_YEAR)
      continue;
    years++;
    size_t n = an_calendar_holidays(c, y, after, 400);
    FUZZ_CHECK(n <= 366);
    for (size_t j = 0; j < n && j < 400; j++) {
      FUZZ_CHECK(after[j].date.y == y && name_printable(after[j].name));
      FUZZ_CHECK(j == 0 || an_date_cmp(after[j - 1].date, after[j].date) < 0);
      FUZZ_CHECK(!an_calendar_is_business_day(c, after[j].date));
    }
    struct an_date d = {y, 1, 1}, out;
    if (an_calendar_business_day_on_or_after(c, d, &out))
      FUZZ_CHECK(an_calendar_is_business_day(c, out));
  }
  an_calendar_free(c);
  return 0;
}
