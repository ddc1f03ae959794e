/* Fees (TOS-20): what a contractor owes each shop for a month, and the consumption tax on it.
 *
 * Rules (documented in docs/architecture.md):
 * - The initial fee is charged in the month the contract starts.
 * - A monthly plan is charged for every month the contract is billable in; a partial month (the
 *   first and the last) is pro-rated by calendar days: fee x days billable / days in the month,
 *   rounded down to the yen.
 * - A yearly plan (billing_cycle "yearly") is charged 12 x the monthly fee in the start month and
 *   on each anniversary month, not pro-rated.
 * - Amounts are tax-exclusive. A statement is per contractor, per shop (the seller), per month;
 *   consumption tax is computed once per rate on the statement's total at that rate and rounded
 *   down (the qualified-invoice rule: one rounding per rate per invoice). */
#ifndef AN_MARKET_FEES_H
#define AN_MARKET_FEES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"

struct an_fee_line {
  int64_t amount; /* yen, tax-exclusive */
  int tax_rate;   /* 10 or 8 (percent) */
};

struct an_fee_totals {
  int64_t subtotal_10, tax_10;
  int64_t subtotal_8, tax_8;
  int64_t subtotal, tax, total;
};

/* Sums lines by rate and computes the tax once per rate, rounded down. */
void an_fee_totals(const struct an_fee_line *lines, size_t n, struct an_fee_totals *out);

/* The monthly charge of one contract for month (y, m): billed from `start` through `last`
 * (inclusive; last NULL = open-ended). Returns 0 when no day of the month is billable. */
int64_t an_fee_month_charge(int64_t monthly_fee, int yearly, struct an_date start,
                            const struct an_date *last, int y, int m, int *days_billed,
                            int *days_in_month);

/* Days in month m of year y. */
int an_days_in_month(int y, int m);

#endif
