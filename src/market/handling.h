/* The handling window (TOS-23): the service runs 24/365, but human steps (approving
 * applications, deciding change requests) happen on business days from 9:00 to 17:00 JST. What
 * arrives outside the window is handled on the next business day; the operator's queue shows how
 * long each item has waited in window time. Pure functions over the business-day calendar. */
#ifndef AN_MARKET_HANDLING_H
#define AN_MARKET_HANDLING_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"

#define AN_HANDLING_OPEN_HOUR 9   /* JST, inclusive */
#define AN_HANDLING_CLOSE_HOUR 17 /* JST, exclusive */

/* True when at_us (microseconds UTC) falls on a business day of c between 9:00 and 17:00 JST. */
bool an_handling_in_window(const struct an_calendar *c, int64_t at_us);
/* The JST day on which something received at at_us is handled: that day when it is a business day
 * and the window has not closed yet (so 7:00 on a business day is handled from 9:00 the same day),
 * else the next business day. False when the calendar finds none. */
bool an_handling_date(const struct an_calendar *c, int64_t at_us, struct an_date *out);
/* Seconds of window time between from_us and to_us: 0 when to_us <= from_us. Counts at most
 * AN_CALENDAR_SEARCH_DAYS days. */
int64_t an_handling_seconds(const struct an_calendar *c, int64_t from_us, int64_t to_us);
/* Writes d the Japanese way, "2026年12月7日", into out (at least 32 bytes). */
void an_handling_date_ja(struct an_date d, char *out, size_t outlen);
/* Adds "handling" to an application or change request record (with created_at, status and
 * decided_at as the store returns them): {received_in_window, expected_on, expected_on_ja,
 * waited_business_minutes}. Waiting runs from created_at to decided_at, or to now_us while the
 * item is pending. Leaves item unchanged when created_at is missing or c is NULL. */
void an_handling_annotate(const struct an_calendar *c, json_t *item, int64_t now_us);
/* an_handling_annotate on every record of the array items. */
void an_handling_annotate_all(const struct an_calendar *c, json_t *items, int64_t now_us);

#endif
