#include "market/fees.h"

void an_fee_totals(const struct an_fee_line *lines, size_t n, struct an_fee_totals *out)
{
  *out = (struct an_fee_totals){0};
  for (size_t i = 0; i < n; i++) {
    if (lines[i].tax_rate == 8)
      out->subtotal_8 += lines[i].amount;
    else
      out->subtotal_10 += lines[i].amount;
  }
  /* Integer division rounds toward zero: amounts are never negative, so this rounds down. */
  out->tax_10 = out->subtotal_10 * 10 / 100;
  out->tax_8 = out->subtotal_8 * 8 / 100;
  out->subtotal = out->subtotal_10 + out->subtotal_8;
  out->tax = out->tax_10 + out->tax_8;
  out->total = out->subtotal + out->tax;
}

int an_days_in_month(int y, int m)
{
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

int64_t an_fee_month_charge(int64_t monthly_fee, int yearly, struct an_date start,
                            const struct an_date *last, int y, int m, int *days_billed,
                            int *days_in_month)
{
  int dim = an_days_in_month(y, m);
  struct an_date first = {y, m, 1}, end = {y, m, dim};
  struct an_date from = an_date_cmp(start, first) > 0 ? start : first;
  struct an_date to = last && an_date_cmp(*last, end) < 0 ? *last : end;
  long days = an_date_cmp(from, to) > 0 ? 0 : an_date_days_between(from, to) + 1;
  if (days_in_month)
    *days_in_month = dim;
  if (days_billed)
    *days_billed = (int)days;
  if (days <= 0)
    return 0;
  if (yearly) /* charged in the start month and each anniversary month, whole */
    return m == start.m && y >= start.y ? monthly_fee * 12 : 0;
  return monthly_fee * days / dim;
}
