/* What the identity handlers read: staff accounts, tenants, a tenant's users and tokens, the
 * caller's own sessions and recovery codes. Each read is bounded by ctx: a tenant's users and
 * tokens are ctx's tenant's (never a tenant named in input); staff and tenant listings are the
 * operator's (the route table admits operator staff only). Lists return the count or a store
 * error (< 0); single reads 1, 0 when there is none, or a store error. */
#ifndef AN_IDENTITY_READS_H
#define AN_IDENTITY_READS_H
#include <stdint.h>

#include "core/ctx.h"
#include "store/db.h"
#include "store/sessions.h"
#include "store/staff.h"
#include "store/tenants.h"
#include "store/tokens.h"
#include "store/users.h"

int an_staff_list(const struct an_ctx *ctx, struct an_db *db, long limit, long offset,
                  void (*cb)(void *cls, const struct an_staff *s), void *cls);
int an_staff_get(const struct an_ctx *ctx, struct an_db *db, int64_t id, struct an_staff *out);
/* Tenants whose code or name starts with prefix ("" = all), by id, those above after (a keyset
 * page: 0 = from the first). */
int an_tenant_search(const struct an_ctx *ctx, struct an_db *db, const char *prefix, long limit,
                     int64_t after, void (*cb)(void *cls, const struct an_tenant *t), void *cls);
int an_tenant_get(const struct an_ctx *ctx, struct an_db *db, int64_t id, struct an_tenant *out);
/* an_tenant_get for a person reading the tenant's particulars (GET /api/v1/tenants/{id}): the
 * read is a data-access event in the tenant's view ("tenant", ref its company code; WP-18) when
 * the reader is not the tenant. Returns 1, 0 or an AN_DB_* error. */
int an_tenant_read(const struct an_ctx *ctx, struct an_db *db, int64_t id, struct an_tenant *out);
/* ctx's own tenant; 0 for a caller without one. */
int an_tenant_own(const struct an_ctx *ctx, struct an_db *db, struct an_tenant *out);
/* ctx's tenant's users by id, those above after (a keyset page: 0 = from the first); none for a
 * caller without a tenant. */
int an_user_list(const struct an_ctx *ctx, struct an_db *db, long limit, int64_t after,
                 void (*cb)(void *cls, const struct an_user *u), void *cls);
int an_user_get(const struct an_ctx *ctx, struct an_db *db, int64_t id, struct an_user *out);
/* ctx's tenant's API tokens (the operator's own for operator staff). */
int an_api_token_list(const struct an_ctx *ctx, struct an_db *db,
                      void (*cb)(void *cls, const struct an_api_token *t), void *cls);
/* The live sessions of ctx's subject (kind "staff" or "user"). */
int an_session_list_own(const struct an_ctx *ctx, struct an_db *db, const char *kind,
                        void (*cb)(void *cls, const struct an_session *s), void *cls);
/* How many unused recovery codes ctx's subject (kind "staff" or "user") has left. */
int an_recovery_left(const struct an_ctx *ctx, struct an_db *db, const char *kind, int64_t *n);

#endif
