#include "api/ops_util.h"

#include "api/kinds.h"
#include "api/market_util.h"
#include "core/time.h"
#include "http/request.h"

static an_ret bad_field(struct an_request *r, const char *field, const char *ja, const char *en)
{
  json_t *errs = json_pack("[{s:s, s:s}]", "field", field, "detail", an_req_text(r, ja, en));
  return an_reply_problem(r, AN_EC_GENERIC_INVALID_FIELD, NULL, errs);
}

bool an_api_instant_or_reply(struct an_request *r, const char *field, const char *text, int64_t *us,
                             an_ret *ret)
{
  *us = 0;
  if (!text)
    return true;
  if (an_time_parse(text, us) && *us > 0)
    return true;
  *ret = bad_field(r, field, "RFC 3339 の日時（例：2026-12-05T10:00:00+09:00）で指定してください。",
                   "Must be an RFC 3339 date-time (e.g. 2026-12-05T10:00:00+09:00).");
  return false;
}

an_ret an_api_ops_refusal(struct an_request *r, enum an_ec ec, const char *field,
                          const char *earliest)
{
  if (ec == AN_EC_NOTICE_PERIOD_TOO_SHORT)
    return an_api_notice_too_short(r, field ? field : "effective_at", earliest);
  if (ec == AN_EC_GENERIC_INVALID_FIELD && field)
    return bad_field(r, field, "値が正しくありません。", "The value is not valid.");
  return an_reply_problem(r, ec, NULL, NULL);
}

an_ret an_api_ops_answer(struct an_request *r, enum an_ec ec, const char *field,
                         const char *earliest, unsigned status, const char *key, json_t *out)
{
  if (ec == AN_EC_OK)
    return an_api_answer(r, ec, status, key, out);
  json_decref(out);
  return an_api_ops_refusal(r, ec, field, earliest);
}
