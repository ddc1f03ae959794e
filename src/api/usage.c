/* Usage metering (issue 17 item 5, SLA-11): meters on plans (operator), usage reports sent with a
 * shop's token, and a contract's usage so far this month. */
#include <stdbool.h>

#include "api/api.h"
#include "api/kinds.h"
#include "api/market_util.h"
#include "core/ids.h"
#include "http/json_in.h"
#include "market/usage.h"

/* The problem of ec naming field (its JSON pointer is added on the way out). */
static an_ret field_problem(struct an_request *r, enum an_ec ec, const char *field)
{
  json_t *errs = json_pack(
      "[{s:s, s:s}]", "field", field, "detail",
      an_req_text(r, "この項目の値は受け付けられません。", "This value is not accepted."));
  return an_reply_problem(r, ec, NULL, errs);
}

an_ret an_api_plan_meter_add(struct an_request *r)
{
  struct an_meter_in in = {0};
  json_int_t price = 0, rate = 0;
  const struct an_jfield f[] = {{"code", AN_J_STRING, true, 1, 40, &in.code},
                                {"name", AN_J_STRING, true, 1, 100, &in.name},
                                {"unit", AN_J_STRING, true, 1, 40, &in.unit},
                                {"unit_price", AN_J_INT, true, 0, 10000000, &price},
                                {"tax_rate", AN_J_INT, true, 8, 10, &rate}};
  AN_API_BODY_OR_RETURN(r, f);
  in.unit_price = price;
  in.tax_rate = rate;
  const char *bad = NULL;
  json_t *out = NULL;
  int64_t id = an_req_param_id(r, "id");
  enum an_ec ec = id ? an_meter_add(&r->ctx, r->db, id, &in, &bad, &out) : AN_EC_GENERIC_NOT_FOUND;
  if (bad)
    return field_problem(r, ec, bad);
  return an_api_answer(r, ec, 201, NULL, out);
}

an_ret an_api_usage_report(struct an_request *r)
{
  struct an_usage_in in = {0};
  json_int_t contract = 0, quantity = 0;
  const struct an_jfield f[] = {{"contract_id", AN_J_INT, true, 1, INT64_MAX, &contract},
                                {"meter", AN_J_STRING, true, 1, 40, &in.meter},
                                {"quantity", AN_J_INT, true, 0, 1000000000, &quantity},
                                {"hour", AN_J_STRING, true, 1, 40, &in.hour},
                                {"idempotency_key", AN_J_STRING, true, 1, 100, &in.key}};
  AN_API_BODY_OR_RETURN(r, f);
  in.contract_id = contract;
  in.quantity = quantity;
  const char *bad = NULL;
  bool created = false;
  json_t *out = NULL;
  enum an_ec ec = an_usage_report(&r->ctx, r->db, &in, &bad, &created, &out);
  if (bad)
    return field_problem(r, ec, bad);
  return an_api_market_reply(r, ec, created ? 201 : 200, "usage_report", out);
}

an_ret an_api_usage_month(struct an_request *r)
{
  int64_t contract = 0;
  if (!an_id_parse(an_req_query(r, "contract_id"), &contract))
    return field_problem(r, AN_EC_GENERIC_INVALID_FIELD, "contract_id");
  json_t *out = NULL;
  enum an_ec ec = an_usage_month(&r->ctx, r->db, contract, an_req_query(r, "month"), &out);
  if (ec == AN_EC_GENERIC_INVALID_FIELD)
    return field_problem(r, ec, "month");
  return an_api_answer(r, ec, 200, NULL, out);
}
