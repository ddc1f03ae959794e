#include "market/handover.h"

#include <stdio.h>

#include "market/market.h"
#include "store/contracts.h"
#include "store/market_ops.h"
#include "store/rows.h"
#include "store/tenants.h"

struct view {
  const struct an_ctx *ctx;
  int64_t records;
};

static int view_txn(struct an_db *db, void *cls)
{
  struct view *v = cls;
  char who[48];
  snprintf(who, sizeof who, "shop:%lld", (long long)v->ctx->shop_id);
  int rc =
      an_store_handover_insert(db, "shop", who, 0, "サービス提供・利用者サポート（利用規約第28条）",
                               "company_code,company_name,responsible_name,responsible_email",
                               v->records, v->ctx->actor, v->ctx->now);
  if (rc < 0)
    return rc;
  json_t *d = json_pack("{s:I}", "records", (json_int_t)v->records);
  rc = an_market_audit(v->ctx, db, "customers.view", "shop", v->ctx->shop_id, 0, d);
  json_decref(d);
  return rc;
}

/* One customer item per contract; false on a database error. */
static bool customers(struct an_db *db, const json_t *contracts, json_t *items)
{
  size_t i;
  json_t *c;
  json_array_foreach(contracts, i, c)
  {
    struct an_tenant t;
    if (an_store_tenant_by_id(db, an_rec_int(c, "tenant_id"), &t) != 1)
      return false;
    json_array_append_new(items,
                          json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "contract",
                                    an_rec_str(c, "number"), "status", an_rec_str(c, "status"),
                                    "service", an_rec_str(c, "service_name"), "company_code",
                                    t.company_code, "company_name", t.name, "responsible_name",
                                    t.responsible_name, "responsible_email", t.responsible_email));
  }
  return true;
}

enum an_ec an_handover_shop_customers(const struct an_ctx *ctx, struct an_db *db, json_t **items)
{
  if (!an_scope_shop(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  json_t *contracts = json_array(), *out = json_array();
  bool ok = an_store_contract_list_shop(db, an_scope_shop(ctx), "", 500, 0, contracts) >= 0 &&
            customers(db, contracts, out);
  json_decref(contracts);
  struct view v = {ctx, (int64_t)json_array_size(out)};
  if (!ok || an_db_txn(db, view_txn, &v) < 0) {
    json_decref(out);
    return AN_EC_GENERIC_INTERNAL;
  }
  *items = out;
  return AN_EC_OK;
}

int an_handover_list_all(const struct an_ctx *ctx, struct an_db *db, json_t *out)
{
  (void)ctx;
  return an_store_handover_list_all(db, out);
}
