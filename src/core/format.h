/* How a person reads dates, times and amounts: one formatter for every sentence the server writes
 * (mails, portal notices, contract documents, CSV files), in Japanese or English.
 *
 *   date       2026年12月5日            Dec 5, 2026
 *   date-time  2026年12月5日 14:30      Dec 5, 2026, 14:30 JST     (always in JST)
 *   amount     11,938円                 ¥11,938
 *
 * lang is "ja" or "en"; anything else (NULL included) is Japanese. Output is appended to a
 * growable buffer: no fixed-size text buffers. */
#ifndef AN_CORE_FORMAT_H
#define AN_CORE_FORMAT_H
#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/calendar.h"

/* "en" when lang is "en", else "ja": the one rule for a language value from outside. */
const char *an_lang_norm(const char *lang);
/* True for the language codes a preference may hold: "ja" and "en". */
bool an_lang_valid(const char *lang);

/* Appends d ("2026年12月5日" / "Dec 5, 2026"). */
void an_fmt_date(struct an_buf *b, const char *lang, struct an_date d);
/* Appends the date written "YYYY-MM-DD" in iso as an_fmt_date does; text that is not such a
 * date is appended unchanged (NULL appends nothing). */
void an_fmt_date_iso(struct an_buf *b, const char *lang, const char *iso);
/* Appends the instant us (microseconds UTC) as a JST date and time to the minute
 * ("2026年12月5日 14:30" / "Dec 5, 2026, 14:30 JST"). */
void an_fmt_datetime(struct an_buf *b, const char *lang, int64_t us);
/* Appends an amount in yen with thousands separators ("11,938円" / "¥11,938"; negative amounts
 * "-1,000円" / "-¥1,000"). */
void an_fmt_yen(struct an_buf *b, const char *lang, int64_t yen);

#endif
