#include "market/contract_reads.h"

#include "store/contracts.h"
#include "store/market_ops.h"
#include "store/rows.h"

/* Whose contracts the caller may see: a tenant's users their tenant's, a shop's token its
 * shop's, operator staff everyone's (0, 0). False when the caller may see none. */
static bool scope(const struct an_ctx *ctx, int64_t *tenant, int64_t *shop)
{
  *tenant = an_ctx_is_operator(ctx) ? 0 : ctx->tenant_id;
  *shop = ctx->shop_id;
  return an_ctx_is_operator(ctx) || *tenant || *shop;
}

int an_contract_find(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **c)
{
  int64_t tenant, shop;
  *c = NULL;
  if (!id || !scope(ctx, &tenant, &shop))
    return 0;
  int rc = an_store_contract_get(db, tenant, id, c);
  if (rc == 1 && shop && an_rec_int(*c, "shop_id") != shop) {
    json_decref(*c);
    *c = NULL;
    return 0;
  }
  return rc;
}

int an_contract_list_visible(const struct an_ctx *ctx, struct an_db *db, const char *status,
                             long limit, long offset, json_t *out)
{
  int64_t tenant, shop;
  if (!scope(ctx, &tenant, &shop))
    return 0;
  return an_store_contract_list(db, tenant, shop, 0, status ? status : "", limit, offset, out);
}

int an_notice_list(const struct an_ctx *ctx, struct an_db *db, json_t *out)
{
  return an_store_notice_list(db, ctx->tenant_id, out);
}
