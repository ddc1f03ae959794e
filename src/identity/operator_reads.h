/* The operator's reads of a tenant's personal data (WP-18, SLA-29, seed 003: no access without
 * agreement): each needs a stated reason (ctx->access_reason) and leaves a data.access event in
 * that tenant's audit log. */
#ifndef AN_IDENTITY_OPERATOR_READS_H
#define AN_IDENTITY_OPERATOR_READS_H
#include <stdint.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"
#include "store/users.h"

/* Shows cb tenant_id's users (by id, at most limit from offset) for operator staff who stated a
 * reason, and records the read. Returns AN_EC_OK, AN_EC_AUTH_FORBIDDEN (not the operator),
 * AN_EC_ACCESS_REASON_REQUIRED, AN_EC_GENERIC_NOT_FOUND (no such tenant) or
 * AN_EC_GENERIC_INTERNAL. */
enum an_ec an_operator_tenant_users(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                                    int64_t limit, int64_t offset,
                                    void (*cb)(void *cls, const struct an_user *u), void *cls);

#endif
