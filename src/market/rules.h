/* The date rules of the terms of use, as pure functions (no database, no clock): the tests cite
 * the articles through these. Dates are Japanese calendar dates (JST). */
#ifndef AN_MARKET_RULES_H
#define AN_MARKET_RULES_H
#include <stdbool.h>

#include "core/calendar.h"

/* Days of notice a cancellation needs (Art. 12: 30 days before the desired date). */
#define AN_CANCEL_NOTICE_DAYS 30
/* Days ahead a contractor-detail change should be notified (Art. 10). */
#define AN_DETAILS_NOTICE_DAYS 30

/* Art. 12 (TOS-7): the contract's end date for a cancellation notice that arrived on `arrival`.
 * A desired date at least 30 days after arrival is honoured; no desired date (NULL), or one
 * fewer than 30 days ahead, makes the end date arrival + 30 days. Holidays do not move either
 * date: the article counts calendar days. *honoured (may be NULL) tells which applied. */
struct an_date an_cancel_end_date(struct an_date arrival, const struct an_date *desired,
                                  bool *honoured);

/* Art. 14 (TOS-9): the earliest discontinuation date a notice given `today` allows. */
struct an_date an_discontinue_earliest(struct an_date today, long notice_days);

/* Art. 9-2 (TOS-3): a plan change requested on `today` applies from the first day of the next
 * month, so a month is always billed under one plan. */
struct an_date an_change_effective_date(struct an_date today);

/* Art. 10 (TOS-4): true when a detail change on `change_on` notified `today` is late
 * (fewer than 30 days ahead). */
bool an_details_change_late(struct an_date today, struct an_date change_on);

/* WP-4: service stops from the day after the end date. */
struct an_date an_access_end_date(struct an_date end_on);

#endif
