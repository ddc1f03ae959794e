/* Shop integration by token (AWS Marketplace's SaaS contracts are the model): entitlement checks,
 * the customer data passed to the shop (each view recorded, TOS-18), webhook deliveries, and
 * discontinuing a service (TOS-9). Also the operator's discontinuation. */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/market_util.h"
#include "http/json_in.h"
#include "identity/tokens.h"
#include "market/catalogue.h"
#include "market/contracts.h"
#include "market/market.h"
#include "store/catalogue.h"
#include "store/contracts.h"
#include "store/market_ops.h"
#include "store/rows.h"

an_ret an_api_entitlement(struct an_request *r)
{
  json_t *out = NULL;
  enum an_ec ec = an_entitlement(&r->ctx, r->db, an_req_query(r, "company_code"),
                                 an_req_query(r, "service_code"), &out);
  return an_api_market_reply(r, ec, 200, NULL, out);
}

struct view {
  const struct an_ctx *ctx;
  int64_t records;
};

static int view_txn(struct an_db *db, void *cls)
{
  struct view *v = cls;
  char who[48];
  snprintf(who, sizeof who, "shop:%lld", (long long)v->ctx->shop_id);
  int rc = an_store_handover_insert(db, "shop", who, 0, "サービス提供・利用者サポート（利用規約第28条）",
                                    "company_code,company_name,responsible_name,responsible_email",
                                    v->records, v->ctx->actor, v->ctx->now);
  if (rc < 0)
    return rc;
  json_t *d = json_pack("{s:I}", "records", (json_int_t)v->records);
  rc = an_market_audit(v->ctx, db, "customers.view", "shop", v->ctx->shop_id, 0, d);
  json_decref(d);
  return rc;
}

an_ret an_api_shop_customers(struct an_request *r)
{
  json_t *contracts = json_array(), *items = json_array();
  if (an_store_contract_list(r->db, 0, r->ctx.shop_id, 0, "", 500, 0, contracts) < 0)
    goto fail;
  size_t i;
  json_t *c;
  json_array_foreach(contracts, i, c)
  {
    struct an_tenant t;
    if (an_store_tenant_by_id(r->db, an_rec_int(c, "tenant_id"), &t) != 1)
      goto fail;
    json_array_append_new(
        items, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "contract", an_rec_str(c, "number"),
                         "status", an_rec_str(c, "status"), "service", an_rec_str(c, "service_name"),
                         "company_code", t.company_code, "company_name", t.name,
                         "responsible_name", t.responsible_name, "responsible_email",
                         t.responsible_email));
  }
  struct view v = {&r->ctx, (int64_t)json_array_size(items)};
  if (an_db_txn(r->db, view_txn, &v) < 0)
    goto fail;
  json_decref(contracts);
  return an_reply_json(r, 200, json_pack("{s:o}", "items", items));
fail:
  json_decref(contracts);
  json_decref(items);
  return an_reply_problem(r, AN_EC_GENERIC_INTERNAL, NULL, NULL);
}

an_ret an_api_shop_webhook_deliveries(struct an_request *r)
{
  json_t *items = json_array();
  int listed = an_store_webhook_list(r->db, r->ctx.shop_id, items);
  return an_reply_items(r, listed, items);
}

an_ret an_api_shop_services(struct an_request *r)
{
  json_t *items = json_array();
  int listed = an_store_service_list(r->db, r->ctx.shop_id, items);
  return an_reply_items(r, listed, items);
}

an_ret an_api_service_discontinue(struct an_request *r)
{
  const char *on = NULL, *reason = NULL;
  const struct an_jfield f[] = {{"discontinue_on", AN_J_STRING, true, 10, 10, &on},
                                {"reason", AN_J_STRING, true, 1, 1000, &reason}};
  an_ret ret;
  if (!an_json_body_or_reply(r, f, 2, &ret))
    return ret;
  json_t *svc = NULL;
  char earliest[16] = "";
  int64_t id = an_req_param_id(r, "id");
  enum an_ec ec = id ? an_service_discontinue(&r->ctx, r->db, id, on, reason, earliest, &svc)
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

an_ret an_api_shop_tokens_list(struct an_request *r)
{
  json_t *items = json_array();
  int listed = an_store_token_list_shop(r->db, r->ctx.shop_id, an_api_token_append, items);
  return an_reply_items(r, listed, items);
}

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
  return an_reply_json(r, 201, json_pack("{s:o, s:s}", "token", an_api_token_json(&t), "secret",
                                         token));
}

struct revoke {
  const struct an_ctx *ctx;
  int64_t id;
  bool found;
};

static int revoke_txn(struct an_db *db, void *cls)
{
  struct revoke *v = cls;
  int rc = an_store_token_revoke_shop(db, v->ctx->shop_id, v->id, v->ctx->now);
  v->found = rc == 1;
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  return an_market_audit(v->ctx, db, "token.revoke", "token", v->id, 0, NULL);
}

an_ret an_api_shop_tokens_revoke(struct an_request *r)
{
  an_ret ret;
  if (!staff_only(r, &ret))
    return ret;
  struct revoke v = {&r->ctx, an_req_param_id(r, "id"), false};
  int rc = v.id ? an_db_txn(r->db, revoke_txn, &v) : 0;
  if (!v.found)
    return an_reply_problem(r, rc < 0 && rc != AN_DB_ROLLBACK ? AN_EC_GENERIC_INTERNAL
                                                              : AN_EC_GENERIC_NOT_FOUND,
                            NULL, NULL);
  return an_reply_empty(r, 204);
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
