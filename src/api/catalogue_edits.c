/* The operator's edits of shops, services and plans (issue 10 item 5). */
#include "api/api.h"
#include "api/bodies.h"
#include "api/kinds.h"
#include "api/market_util.h"
#include "http/json_in.h"
#include "http/request.h"
#include "market/catalogue.h"
#include "market/edits.h"

const struct an_jbody an_api_shop_update_body = AN_JBODY_SPEC(&an_shop_patch_spec, NULL);

an_ret an_api_shop_update(struct an_request *r)
{
  json_t *shop = NULL;
  enum an_ec ec = an_shop_update(&r->ctx, r->db, an_req_param_id(r, "id"), r->in, &shop);
  return an_api_market_reply(r, ec, 200, "shop", shop);
}

const struct an_jbody an_api_service_update_body = AN_JBODY_SPEC(&an_service_patch_spec, NULL);

an_ret an_api_service_update(struct an_request *r)
{
  json_t *svc = NULL;
  const char *field = NULL;
  enum an_ec ec = an_service_update(&r->ctx, r->db, an_req_param_id(r, "id"), r->in, &field, &svc);
  if (ec == AN_EC_NOTICE_PERIOD_TOO_SHORT)
    return an_api_notice_floor(r, an_service_notice_floor(&r->ctx));
  if (ec == AN_EC_GENERIC_INVALID_FIELD && field)
    return an_api_field_text(r, ec, field,
                             "http:// または https:// で始まる URL を指定してください。",
                             "Give a URL starting with http:// or https://.");
  return an_api_market_reply(r, ec, 200, "service", svc);
}

const struct an_jbody an_api_plan_update_body = AN_JBODY_SPEC(&an_plan_patch_spec, NULL);

an_ret an_api_plan_update(struct an_request *r)
{
  json_t *plan = NULL;
  char earliest[16] = "";
  enum an_ec ec = an_plan_update(&r->ctx, r->db, an_req_param_id(r, "id"), r->in, earliest, &plan);
  if (ec == AN_EC_NOTICE_PERIOD_TOO_SHORT)
    return an_api_notice_too_short(r, "effective_on", earliest);
  return an_api_market_reply(r, ec, 200, "plan", plan);
}
