/* Public catalogue and documents; the operator's shops, services, plans and documents. */
#include <string.h>

#include "api/api.h"
#include "api/bodies.h"
#include "api/kinds.h"
#include "api/market_util.h"
#include "http/etag.h"
#include "http/json_in.h"
#include "identity/tokens.h"
#include "market/catalogue.h"
#include "market/documents.h"
#include "market/public_cache.h"
#include "market/reads.h"
#include "store/rows.h"

/* A public page from the cache (market/public_cache.h), with its ETag: 304 when unchanged. */
static an_ret reply_page(struct an_request *r, enum an_ec ec, struct an_public_page *page)
{
  an_ret ret = an_api_etag_answer(r, ec, page ? page->body : NULL, page ? page->len : 0,
                                  page ? page->etag : NULL);
  an_public_page_release(page);
  return ret;
}

an_ret an_api_catalogue(struct an_request *r)
{
  struct an_public_page *page = NULL;
  enum an_ec ec = an_public_catalogue(&r->ctx, r->db, &page);
  return reply_page(r, ec, page);
}

an_ret an_api_document_public(struct an_request *r)
{
  struct an_public_page *page = NULL;
  enum an_ec ec = an_public_document(&r->ctx, r->db, an_req_param(r, "kind"), &page);
  return reply_page(r, ec, page);
}

AN_API_HANDLER(an_api_document_version, an_api_find_reply, an_document_find, "document")

an_ret an_api_document_publish(struct an_request *r)
{
  const struct an_in_catalogue *in = r->in;
  json_t *doc = NULL;
  char earliest[16] = "";
  enum an_ec ec = an_document_publish(&r->ctx, r->db, in->kind, in->title, in->body,
                                      in->effective_on, in->material, earliest, &doc);
  if (ec == AN_EC_NOTICE_PERIOD_TOO_SHORT)
    return an_api_notice_too_short(r, "effective_on", earliest);
  return an_api_market_reply(r, ec, 201, "document", doc);
}

AN_API_HANDLER(an_api_shop_list, an_api_list, an_shop_list_all)

AN_API_HANDLER(an_api_shop_get, an_api_find_reply, an_shop_find, "shop")

const struct an_jbody an_api_shop_create_body = AN_JBODY_SPEC(&an_shop_form_spec, NULL);

an_ret an_api_shop_create(struct an_request *r)
{
  struct an_shop_form *form = r->in;
  an_ret ret;
  if (!an_api_webhook_url_or_reply(r, "webhook_url", form->webhook_url ? form->webhook_url : "",
                                   true, &ret))
    return ret;
  json_t *shop = NULL;
  enum an_ec ec = an_shop_create(&r->ctx, r->db, form, &shop);
  return an_api_market_reply(r, ec, 201, "shop", shop);
}

an_ret an_api_shop_webhook(struct an_request *r)
{
  const char *url = NULL;
  const struct an_jfield f[] = {{"url", AN_J_STRING, true, 8, 500, &url}};
  an_ret ret;
  if (!an_json_body_or_reply(r, f, 1, &ret) ||
      !an_api_webhook_url_or_reply(r, "url", url, false, &ret))
    return ret;
  char secret[80];
  enum an_ec ec = an_shop_set_webhook(&r->ctx, r->db, an_req_param_id(r, "id"), url, secret);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_json(r, 200, json_pack("{s:s, s:s}", "url", url, "secret", secret));
}

an_ret an_api_shop_token(struct an_request *r)
{
  const char *name = NULL;
  json_int_t days = 365;
  const struct an_jfield f[] = {{"name", AN_J_STRING, true, 1, 100, &name},
                                {"expires_in_days", AN_J_INT, false, 1, 730, &days}};
  AN_API_BODY_OR_RETURN(r, f);
  json_t *shop = NULL;
  int64_t id = an_req_param_id(r, "id");
  int rc = an_shop_find(&r->ctx, r->db, id, &shop);
  json_decref(shop);
  if (rc <= 0)
    return an_reply_problem(r, an_api_found_ec(rc), NULL, NULL);
  struct an_api_token t;
  char token[AN_API_TOKEN_STR];
  enum an_ec ec = an_shop_token_create(&r->ctx, r->db, id, name, (long)days, &t, token);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_json(r, 201,
                       json_pack("{s:o, s:s}", "token", an_api_token_json(&t), "secret", token));
}

const struct an_jbody an_api_service_create_body = AN_JBODY_SPEC(&an_service_form_spec, NULL);

an_ret an_api_service_create(struct an_request *r)
{
  const struct an_service_form *form = r->in;
  if (!an_service_url_valid(form->url))
    return an_api_field_text(r, AN_EC_GENERIC_INVALID_FIELD, "url",
                             "http:// または https:// で始まる URL を指定してください。",
                             "Give a URL starting with http:// or https://.");
  json_t *svc = NULL;
  enum an_ec ec = an_service_create(&r->ctx, r->db, form, &svc);
  if (ec == AN_EC_NOTICE_PERIOD_TOO_SHORT)
    return an_api_notice_floor(r, an_service_notice_floor(&r->ctx));
  return an_api_market_reply(r, ec, 201, "service", svc);
}

const struct an_jbody an_api_plan_create_body = AN_JBODY_SPEC(&an_plan_form_spec, NULL);

an_ret an_api_plan_create(struct an_request *r)
{
  json_t *plan = NULL;
  enum an_ec ec = an_plan_add(&r->ctx, r->db, an_req_param_id(r, "id"), r->in, &plan);
  return an_api_market_reply(r, ec, 201, "plan", plan);
}
