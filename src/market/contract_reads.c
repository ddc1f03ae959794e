#include "market/contract_reads.h"

#include "store/contracts.h"
#include "store/market_ops.h"

int an_contract_find(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **c)
{
  *c = NULL;
  if (id <= 0)
    return 0;
  switch (ctx->scope.kind) {
  case AN_SCOPE_OPERATOR:
    return an_store_contract_get_all(db, id, c);
  case AN_SCOPE_TENANT:
    return an_store_contract_get(db, ctx->scope.id, id, c);
  case AN_SCOPE_SHOP:
    return an_store_contract_get_shop(db, ctx->scope.id, id, c);
  case AN_SCOPE_PUBLIC:
    break;
  }
  return 0;
}

int an_contract_list_visible(const struct an_ctx *ctx, struct an_db *db, const char *status,
                             long limit, long offset, json_t *out)
{
  status = status ? status : "";
  switch (ctx->scope.kind) {
  case AN_SCOPE_OPERATOR:
    return an_store_contract_list_all(db, status, limit, offset, out);
  case AN_SCOPE_TENANT:
    return an_store_contract_list(db, ctx->scope.id, status, limit, offset, out);
  case AN_SCOPE_SHOP:
    return an_store_contract_list_shop(db, ctx->scope.id, status, limit, offset, out);
  case AN_SCOPE_PUBLIC:
    break;
  }
  return 0;
}

int an_notice_list(const struct an_ctx *ctx, struct an_db *db, const char *lang, json_t *out)
{
  return an_store_notice_list(db, an_scope_tenant(ctx), lang, out);
}
