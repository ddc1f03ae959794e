/* Response times (SLA-10, SLA-26) of a JST month. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/kinds.h"
#include "api/ops_util.h"
#include "ops/latency.h"
#include "ops/ops.h"
#include "ops/report.h"
#include "ops/schedule.h"

/* ?month=YYYY-MM (default: the current JST month) as [from, to). */
bool an_api_month_or_reply(struct an_request *r, int64_t *from, int64_t *to, an_ret *ret)
{
  const char *m = an_req_query(r, "month");
  int y, mo;
  char extra;
  if (!m) {
    struct an_date today = an_ops_date_of(r->ctx.now);
    y = today.y;
    mo = today.m;
  } else if (strlen(m) != 7 || sscanf(m, "%4d-%2d%c", &y, &mo, &extra) != 2) {
    y = mo = 0;
  }
  if (!an_ops_month_span(y, mo, from, to))
    return (*ret = an_api_ops_refusal(r, AN_EC_GENERIC_INVALID_FIELD, "month", NULL)), false;
  return true;
}

an_ret an_api_sla_response_times(struct an_request *r)
{
  int64_t from, to;
  an_ret ret;
  if (!an_api_month_or_reply(r, &from, &to, &ret))
    return ret;
  json_t *out = NULL;
  enum an_ec ec = an_ops_response_times(&r->ctx, r->db, from, to, &out);
  return an_api_answer(r, ec, 200, NULL, out);
}

/* The monthly SLA report of ?contract= for ?month= (issue 12 item 3); ?format=csv for the CSV. */
an_ret an_api_sla_report(struct an_request *r)
{
  int64_t from, to;
  an_ret ret;
  if (!an_api_month_or_reply(r, &from, &to, &ret))
    return ret;
  const char *c = an_req_query(r, "contract"), *format = an_req_query(r, "format");
  char *end = NULL;
  long long contract = c ? strtoll(c, &end, 10) : 0;
  if (!c || *end || contract < 1)
    return an_api_ops_refusal(r, AN_EC_GENERIC_INVALID_FIELD, "contract", NULL);
  bool csv = format && !strcmp(format, "csv");
  if (format && !csv && strcmp(format, "json"))
    return an_api_ops_refusal(r, AN_EC_GENERIC_INVALID_FIELD, "format", NULL);
  json_t *out = NULL;
  enum an_ec ec = an_ops_sla_report(&r->ctx, r->db, contract, from, to, &out);
  if (ec != AN_EC_OK || !csv)
    return an_api_answer(r, ec, 200, NULL, out);
  struct an_buf b = {0};
  an_ops_sla_report_csv(out, r->lang[0] == 'e' ? "en" : "ja", &b);
  json_decref(out);
  return an_api_download(r, AN_EC_OK, &b, "text/csv; charset=utf-8", "sla-report.csv");
}

/* GET /api/v1/me/status: the status of the caller's own services. */
AN_API_HANDLER(an_api_status_mine, an_api_get, an_ops_status_mine, 200, NULL)
