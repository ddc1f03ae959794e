#include "api/market_util.h"

#include <stdio.h>

#include "http/request.h"

an_ret an_api_notice_too_short(struct an_request *r, const char *field, const char *earliest)
{
  char detail[300];
  if (an_req_text(r, "ja", "en")[0] == 'j')
    snprintf(detail, sizeof detail, "予告期間が足りません。%s 以降の日付を指定してください。",
             earliest);
  else
    snprintf(detail, sizeof detail, "The notice period is too short. Choose %s or later.",
             earliest);
  json_t *errs = json_pack("[{s:s, s:s, s:s}]", "field", field, "detail", detail, "earliest",
                           earliest);
  return an_reply_problem(r, AN_EC_NOTICE_PERIOD_TOO_SHORT, detail, errs);
}

an_ret an_api_market_reply(struct an_request *r, enum an_ec ec, unsigned status, const char *key,
                           json_t *obj)
{
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_json(r, status, key ? json_pack("{s:o}", key, obj) : obj);
}
