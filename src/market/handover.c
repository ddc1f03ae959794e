#include "market/handover.h"

#include <stdio.h>
#include <stdlib.h>

#include "audit/data_access.h"
#include "market/market.h"
#include "store/contracts.h"
#include "store/market_ops.h"
#include "store/tenants.h"

struct view {
  const struct an_ctx *ctx;
  int64_t records;
  const int64_t *tenants; /* the contractor of each record */
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
  /* Each contractor sees the hand-over of its particulars in its data-access view (WP-18). */
  if (rc >= 0)
    rc = an_data_access_append_each(v->ctx, db, "customers", v->tenants, (size_t)v->records);
  return rc;
}

/* One customer item per contract; false on a database error. */
static bool customers(struct an_db *db, const struct an_contract *contracts, size_t n,
                      json_t *items)
{
  for (size_t i = 0; i < n; i++) {
    const struct an_contract *c = &contracts[i];
    struct an_tenant t;
    if (an_store_tenant_by_id(db, c->tenant_id, &t) != 1)
      return false;
    json_array_append_new(items,
                          json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "contract", c->number,
                                    "status", c->status, "service", c->service_name, "company_code",
                                    t.company_code, "company_name", t.name, "responsible_name",
                                    t.responsible_name, "responsible_email", t.responsible_email));
  }
  return true;
}

enum an_ec an_handover_shop_customers(const struct an_ctx *ctx, struct an_db *db, json_t **items)
{
  if (!an_scope_shop(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  json_t *out = json_array();
  struct an_contract *contracts = NULL;
  size_t n = 0;
  bool ok =
      an_store_contract_page_shop(db, an_scope_shop(ctx), "", 0, 500, 0, &contracts, &n) >= 0 &&
      customers(db, contracts, n, out);
  int64_t *tenants = n ? malloc(n * sizeof *tenants) : NULL;
  for (size_t i = 0; tenants && i < n; i++)
    tenants[i] = contracts[i].tenant_id;
  an_spec_free_array(&an_contract_spec, contracts, n);
  struct view v = {ctx, (int64_t)json_array_size(out), tenants};
  if (!ok || (n && !tenants) || an_db_txn(db, view_txn, &v) < 0) {
    free(tenants);
    json_decref(out);
    return AN_EC_GENERIC_INTERNAL;
  }
  free(tenants);
  *items = out;
  return AN_EC_OK;
}

int an_handover_list_all(const struct an_ctx *ctx, struct an_db *db, json_t *out)
{
  int rc = an_store_handover_list_all(db, out);
  size_t n = json_array_size(out);
  if (rc < 0 || !n)
    return rc;
  /* A record of a hand-over of one contractor's data is that contractor's (WP-18). Today's
   * records (a shop's view of all its customers, the payment agent's files) name none. */
  int64_t *tenants = malloc(n * sizeof *tenants);
  if (!tenants)
    return AN_DB_HARD;
  for (size_t i = 0; i < n; i++)
    tenants[i] = json_integer_value(json_object_get(json_array_get(out, i), "tenant_id"));
  int noted = an_data_access_note_each(ctx, db, "handovers", tenants, n);
  free(tenants);
  return noted < 0 ? noted : rc;
}
