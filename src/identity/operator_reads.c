#include "identity/operator_reads.h"

#include "audit/data_access.h"
#include "store/tenants.h"

enum an_ec an_operator_tenant_users(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                                    int64_t limit, int64_t offset,
                                    void (*cb)(void *cls, const struct an_user *u), void *cls)
{
  if (!an_scope_is_operator(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  if (!ctx->access_reason)
    return AN_EC_ACCESS_REASON_REQUIRED;
  struct an_tenant t;
  int rc = an_store_tenant_by_id(db, tenant_id, &t);
  if (rc <= 0)
    return an_ec_of_read(rc);
  rc = an_store_user_list(db, tenant_id, limit, offset, cb, cls);
  if (rc < 0 || an_data_access_note(ctx, db, tenant_id, "users", rc) < 0)
    return AN_EC_GENERIC_INTERNAL;
  return AN_EC_OK;
}
