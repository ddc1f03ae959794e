#include "identity/reads.h"

#include <string.h>

#include "audit/data_access.h"
#include "store/mfa.h"

int an_staff_list(const struct an_ctx *ctx, struct an_db *db, long limit, long offset,
                  void (*cb)(void *cls, const struct an_staff *s), void *cls)
{
  (void)ctx;
  return an_store_staff_list(db, limit, offset, cb, cls);
}

int an_staff_get(const struct an_ctx *ctx, struct an_db *db, int64_t id, struct an_staff *out)
{
  (void)ctx;
  return id > 0 ? an_store_staff_by_id(db, id, out) : 0;
}

int an_tenant_search(const struct an_ctx *ctx, struct an_db *db, const char *prefix, long limit,
                     int64_t after, void (*cb)(void *cls, const struct an_tenant *t), void *cls)
{
  (void)ctx;
  return an_store_tenant_search(db, prefix ? prefix : "", limit, after, cb, cls);
}

int an_tenant_get(const struct an_ctx *ctx, struct an_db *db, int64_t id, struct an_tenant *out)
{
  (void)ctx;
  return id > 0 ? an_store_tenant_by_id(db, id, out) : 0;
}

int an_tenant_read(const struct an_ctx *ctx, struct an_db *db, int64_t id, struct an_tenant *out)
{
  int rc = an_tenant_get(ctx, db, id, out);
  /* The responsible person's name and address are the tenant's data (WP-18). */
  if (rc == 1 && an_data_access_note_ref(ctx, db, out->id, "tenant", out->company_code) < 0)
    rc = AN_DB_HARD;
  return rc;
}

int an_tenant_own(const struct an_ctx *ctx, struct an_db *db, struct an_tenant *out)
{
  return an_scope_tenant(ctx) ? an_store_tenant_by_id(db, an_scope_tenant(ctx), out) : 0;
}

int an_user_list(const struct an_ctx *ctx, struct an_db *db, long limit, int64_t after,
                 void (*cb)(void *cls, const struct an_user *u), void *cls)
{
  int64_t tenant = an_scope_tenant(ctx);
  return tenant ? an_store_user_list(db, tenant, limit, after, cb, cls) : 0;
}

int an_user_get(const struct an_ctx *ctx, struct an_db *db, int64_t id, struct an_user *out)
{
  int64_t tenant = an_scope_tenant(ctx);
  return tenant && id > 0 ? an_store_user_by_id(db, tenant, id, out) : 0;
}

int an_api_token_list(const struct an_ctx *ctx, struct an_db *db,
                      void (*cb)(void *cls, const struct an_api_token *t), void *cls)
{
  /* The operator's own tokens are those without a tenant (store: COALESCE(tenant_id, 0) = 0). */
  if (an_scope_is_operator(ctx))
    return an_store_token_list(db, 0, cb, cls);
  return an_scope_tenant(ctx) ? an_store_token_list(db, an_scope_tenant(ctx), cb, cls) : 0;
}

int an_session_list_own(const struct an_ctx *ctx, struct an_db *db, const char *kind,
                        void (*cb)(void *cls, const struct an_session *s), void *cls)
{
  return an_store_session_list_subject(db, kind, ctx->subject_id, ctx->now, cb, cls);
}

int an_recovery_left(const struct an_ctx *ctx, struct an_db *db, const char *kind, int64_t *n)
{
  int64_t tenant = strcmp(kind, "user") == 0 ? ctx->tenant_id : 0; /* staff: shared rows */
  return an_store_recovery_left(db, tenant, kind, ctx->subject_id, n);
}
