#include "market/rules.h"

struct an_date an_cancel_end_date(struct an_date arrival, const struct an_date *desired,
                                  bool *honoured)
{
  struct an_date earliest = arrival;
  an_date_add_days(arrival, AN_CANCEL_NOTICE_DAYS, &earliest);
  bool ok = desired && an_date_days_between(arrival, *desired) >= AN_CANCEL_NOTICE_DAYS;
  if (honoured)
    *honoured = ok;
  return ok ? *desired : earliest;
}

struct an_date an_discontinue_earliest(struct an_date today, long notice_days)
{
  struct an_date out = today;
  an_date_add_days(today, notice_days, &out);
  return out;
}

struct an_date an_change_effective_date(struct an_date today)
{
  struct an_date out = {today.y, today.m + 1, 1};
  if (out.m > 12) {
    out.m = 1;
    out.y++;
  }
  return out;
}

bool an_details_change_late(struct an_date today, struct an_date change_on)
{
  return an_date_days_between(today, change_on) < AN_DETAILS_NOTICE_DAYS;
}

struct an_date an_access_end_date(struct an_date end_on)
{
  return end_on; /* access runs through the end date; from the next day the service stops */
}
