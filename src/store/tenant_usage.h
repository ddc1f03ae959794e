/* Per-tenant usage figures and the user quota (WP-15, SLA-11; migration 043). */
#ifndef AN_STORE_TENANT_USAGE_H
#define AN_STORE_TENANT_USAGE_H
#include <stdint.h>

#include "store/db.h"

/* What a tenant uses now. Storage counts the ticket attachments of the tenant and its export
 * files that are ready and not yet expired (their recorded sizes in bytes). */
struct an_usage_figures {
  int64_t active_users, open_sessions, attachment_bytes, export_bytes;
};

/* Fills *out for tenant_id (> 0) at now. Returns 1 or a negative an_db_status. */
int an_store_usage_figures(struct an_db *db, int64_t tenant_id, int64_t now,
                           struct an_usage_figures *out);

/* The tenant's user limit: the largest plans.max_users of its active contracts into *limit
 * (0 = no active contract, so no limit). Returns 1 or a negative an_db_status. */
int an_store_usage_user_limit(struct an_db *db, int64_t tenant_id, int64_t *limit);

/* The number of the tenant's active users into *n. Returns 1 or a negative an_db_status. */
int an_store_usage_active_users(struct an_db *db, int64_t tenant_id, int64_t *n);

/* Adds n calls to the tenant's row of day ('YYYY-MM-DD', JST), creating it. Returns 1 or a
 * negative an_db_status. */
int an_store_usage_calls_add(struct an_db *db, int64_t tenant_id, const char *day, int64_t n);

/* The tenant's calls on day into *n (0 without a row). Returns 1 or a negative an_db_status. */
int an_store_usage_calls_get(struct an_db *db, int64_t tenant_id, const char *day, int64_t *n);

/* Whether the tenant already has a notice of kind with ref: 1 yes, 0 no, negative on error. */
int an_store_usage_notice_exists(struct an_db *db, int64_t tenant_id, const char *kind,
                                 const char *ref);

#endif
