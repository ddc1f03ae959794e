#include "api/market_util.h"

#include <stdio.h>
#include <stdlib.h>

#include "api/kinds.h"
#include "core/messages.h"
#include "http/request.h"
#include "market/catalogue.h"
#include "market/market.h"

an_ret an_api_notice_too_short(struct an_request *r, const char *field, const char *earliest)
{
  char detail[300];
  if (an_req_text(r, "ja", "en")[0] == 'j')
    snprintf(detail, sizeof detail, "予告期間が足りません。%s 以降の日付を指定してください。",
             earliest);
  else
    snprintf(detail, sizeof detail, "The notice period is too short. Choose %s or later.",
             earliest);
  json_t *errs =
      json_pack("[{s:s, s:s, s:s}]", "field", field, "detail", detail, "earliest", earliest);
  return an_reply_problem(r, AN_EC_NOTICE_PERIOD_TOO_SHORT, detail, errs);
}

an_ret an_api_market_reply(struct an_request *r, enum an_ec ec, unsigned status, const char *key,
                           json_t *obj)
{
  return an_api_answer(r, ec, status, key, obj);
}

an_ret an_api_found_reply(struct an_request *r, int rc, const char *key, json_t *obj)
{
  return an_api_answer(r, an_api_found_ec(rc), 200, key, obj);
}

an_ret an_api_find_reply(struct an_request *r, an_api_find_fn find, const char *key)
{
  json_t *obj = NULL;
  int rc = find(&r->ctx, r->db, an_req_param_id(r, "id"), &obj);
  return an_api_found_reply(r, rc, key, obj);
}

bool an_api_webhook_url_or_reply(struct an_request *r, const char *field, const char *url,
                                 bool empty_ok, an_ret *ret)
{
  enum an_target_check c = an_shop_webhook_url_check(&r->ctx, url, empty_ok);
  if (c == AN_TARGET_OK)
    return true;
  const char *detail =
      c == AN_TARGET_PRIVATE
          ? an_req_text(r,
                        "社内・ローカルのアドレス（ループバック、プライベート、リンクローカル等）に"
                        "は送信できません。公開されたアドレスを指定してください。",
                        "Webhooks are not sent to loopback, private, link-local or other "
                        "non-public addresses. Give a public address.")
          : an_req_text(r, "http:// または https:// で始まる500文字未満のURLを指定してください。",
                        "Give an http:// or https:// URL shorter than 500 characters.");
  json_t *errs = json_pack("[{s:s, s:s}]", "field", field, "detail", detail);
  *ret = an_reply_problem(r, AN_EC_GENERIC_INVALID_FIELD, detail, errs);
  return false;
}

an_ret an_api_notice_floor(struct an_request *r, long min_days)
{
  struct an_date first;
  char earliest[AN_DATE_STRLEN];
  an_date_add_days(an_market_today(&r->ctx), min_days, &first);
  an_date_format(first, earliest, sizeof earliest);
  json_t *v = json_pack("{s:I, s:s}", "days", (json_int_t)min_days, "earliest", earliest);
  char *detail = an_msg_render("market.notice_floor", an_req_text(r, "ja", "en"), v);
  json_decref(v);
  json_t *errs =
      json_pack("[{s:s, s:s, s:I, s:s}]", "field", "notice_days", "detail", detail ? detail : "",
                "min_days", (json_int_t)min_days, "earliest", earliest);
  an_ret ret = an_reply_problem(r, AN_EC_NOTICE_PERIOD_TOO_SHORT, detail, errs);
  free(detail);
  return ret;
}
