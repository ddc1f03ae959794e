/* Shop integration by token (AWS Marketplace's SaaS contracts are the model): entitlement checks,
 * the customer data passed to the shop (each view recorded, TOS-18), webhook deliveries, and
 * discontinuing a service (TOS-9). Also the operator's discontinuation. */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/bodies.h"
#include "api/kinds.h"
#include "api/market_util.h"
#include "http/json_in.h"
#include "identity/tokens.h"
#include "market/catalogue.h"
#include "market/contracts.h"
#include "market/handover.h"
#include "market/shops.h"

an_ret an_api_entitlement(struct an_request *r)
{
  json_t *out = NULL;
  enum an_ec ec = an_entitlement(&r->ctx, r->db, an_req_query(r, "company_code"),
                                 an_req_query(r, "service_code"), &out);
  return an_api_market_reply(r, ec, 200, NULL, out);
}

AN_API_HANDLER(an_api_shop_customers, an_api_get, an_handover_shop_customers, 200, "items")

AN_API_HANDLER(an_api_shop_webhook_deliveries, an_api_list, an_shop_webhook_deliveries)

AN_API_HANDLER(an_api_shop_services, an_api_list, an_shop_services)

an_ret an_api_service_discontinue(struct an_request *r)
{
  const struct an_in_shop *in = r->in;
  json_t *svc = NULL;
  char earliest[16] = "";
  int64_t id = an_req_param_id(r, "id");
  enum an_ec ec = id ? an_service_discontinue(&r->ctx, r->db, id, in->discontinue_on, in->reason,
                                              earliest, &svc)
                     : AN_EC_GENERIC_NOT_FOUND;
  if (ec == AN_EC_NOTICE_PERIOD_TOO_SHORT)
    return an_api_notice_too_short(r, "discontinue_on", earliest);
  return an_api_market_reply(r, ec, 200, "service", svc);
}

/* The shop's own integration settings, for its staff (not for its tokens: tokens do not mint
 * tokens or move the webhook). */
static bool staff_only(struct an_request *r, an_ret *ret)
{
  if (r->ctx.subject == AN_SUBJECT_STAFF && r->ctx.shop_id)
    return true;
  *ret = an_reply_problem(r, AN_EC_AUTH_FORBIDDEN, NULL, NULL);
  return false;
}

AN_API_HANDLER(an_api_shop_tokens_list, an_api_list, an_shop_tokens)

an_ret an_api_shop_tokens_create(struct an_request *r)
{
  an_ret ret;
  if (!staff_only(r, &ret))
    return ret;
  const char *name = NULL;
  json_int_t days = 365;
  const struct an_jfield f[] = {{"name", AN_J_STRING, true, 1, 100, &name},
                                {"expires_in_days", AN_J_INT, false, 1, 730, &days}};
  if (!an_json_body_or_reply(r, f, 2, &ret))
    return ret;
  struct an_api_token t;
  char token[AN_API_TOKEN_STR];
  enum an_ec ec = an_shop_token_create(&r->ctx, r->db, r->ctx.shop_id, name, (long)days, &t, token);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_json(r, 201,
                       json_pack("{s:o, s:s}", "token", an_api_token_json(&t), "secret", token));
}

an_ret an_api_shop_tokens_revoke(struct an_request *r)
{
  an_ret ret;
  if (!staff_only(r, &ret))
    return ret;
  enum an_ec ec = an_shop_token_revoke(&r->ctx, r->db, an_req_param_id(r, "id"));
  return an_api_answer(r, ec, 204, NULL, NULL);
}

an_ret an_api_shop_webhook_own(struct an_request *r)
{
  an_ret ret;
  if (!staff_only(r, &ret))
    return ret;
  const char *url = NULL;
  const struct an_jfield f[] = {{"url", AN_J_STRING, true, 8, 500, &url}};
  if (!an_json_body_or_reply(r, f, 1, &ret) ||
      !an_api_webhook_url_or_reply(r, "url", url, false, &ret))
    return ret;
  char secret[80];
  enum an_ec ec = an_shop_set_webhook(&r->ctx, r->db, r->ctx.shop_id, url, secret);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_json(r, 200, json_pack("{s:s, s:s}", "url", url, "secret", secret));
}
