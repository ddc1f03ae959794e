/* Usage and quotas per tenant (issue 12 item 8, WP-15, SLA-11): the figures a tenant admin or the
 * operator reads, the plan's user limit enforced when a user becomes active, and the flushing of
 * the in-memory API call counts (core/usage_count.h) into tenant_api_calls. */
#ifndef AN_IDENTITY_USAGE_H
#define AN_IDENTITY_USAGE_H
#include <jansson.h>
#include <stdint.h>

#include "core/config.h"
#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"

/* The usage of a tenant: a tenant's caller always its own (tenant_id ignored), the operator the
 * tenant given (required, > 0). {"tenant_id", "day" (JST, YYYY-MM-DD), "active_users",
 * "user_limit" (null without an active contract), "open_sessions", "storage": {"attachment_bytes",
 * "export_bytes", "total_bytes"}, "api_calls_today"}. AN_EC_GENERIC_INVALID_FIELD when the
 * operator names no tenant, AN_EC_GENERIC_NOT_FOUND for a shop or a tenant that does not exist. */
enum an_ec an_usage_get(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                        json_t **out);

/* Inside a write transaction, before one more of tenant_id's users becomes active: with the
 * limit of its active contracts already reached, AN_DB_ROLLBACK and *limit set (the caller
 * answers AN_EC_USAGE_USER_LIMIT_REACHED); otherwise 0, after posting the tenant admins a portal
 * notice once per limit when the new count reaches 80 % of it. Negative an_db_status on error. */
int an_usage_user_admit(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                        int64_t *limit);

/* The user limit of the caller's tenant for wording a refusal (0 = none or unreadable). */
int64_t an_usage_user_limit(const struct an_ctx *ctx, struct an_db *db);

/* Writes the pending API call counts. Returns 0, or -1 when the database refused (the counts are
 * kept for the next try). */
int an_usage_flush(struct an_db *db);

/* Starts and stops the hourly flushing thread (stop writes what is left). */
void an_usage_start(const struct an_config *cfg);
void an_usage_stop(void);

#endif
