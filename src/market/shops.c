#include "market/shops.h"

#include "audit/audit.h"
#include "market/market.h"
#include "store/catalogue.h"
#include "store/market_ops.h"
#include "store/tokens.h"

int an_shop_services(const struct an_ctx *ctx, struct an_db *db, json_t *out)
{
  struct an_service *items = NULL;
  size_t n = 0;
  int rc = an_scope_shop(ctx) ? an_store_service_list(db, an_scope_shop(ctx), &items, &n) : 0;
  for (size_t i = 0; i < n; i++)
    json_array_append_new(out, an_service_to_json(&items[i]));
  an_services_free(items, n);
  return rc;
}

int an_shop_webhook_deliveries(const struct an_ctx *ctx, struct an_db *db, json_t *out)
{
  return an_scope_shop(ctx) ? an_store_webhook_list(db, an_scope_shop(ctx), out) : 0;
}

int an_shop_tokens(const struct an_ctx *ctx, struct an_db *db, json_t *out)
{
  int64_t shop = an_scope_shop(ctx);
  return shop ? an_store_token_list_shop(db, shop, an_api_token_append, out) : 0;
}

static int revoke_txn(struct an_db *db, void *cls)
{
  struct an_ctx_row *v = cls;
  int rc = an_store_token_revoke_shop(db, v->ctx->shop_id, v->id, v->ctx->now);
  return an_audit_row_changed(v, db, rc, "token.revoke", "token");
}

enum an_ec an_shop_token_revoke(const struct an_ctx *ctx, struct an_db *db, int64_t id)
{
  struct an_ctx_row v = {ctx, id, false};
  int rc = id && ctx->shop_id > 0 ? an_db_txn(db, revoke_txn, &v) : 0;
  if (!v.found)
    return rc < 0 && rc != AN_DB_ROLLBACK ? AN_EC_GENERIC_INTERNAL : AN_EC_GENERIC_NOT_FOUND;
  return AN_EC_OK;
}
