/* A tenant's password policy and its users' password history. */
#ifndef AN_STORE_POLICIES_H
#define AN_STORE_POLICIES_H
#include <stdint.h>

#include "store/db.h"

struct an_tenant_policy {
  int64_t min_length;
  int64_t require_upper, require_lower, require_digit, require_symbol; /* 0 or 1 */
  int64_t history;           /* refuse the last N passwords */
  int64_t max_age_days_user; /* 0 = no expiry */
  int64_t max_age_days_admin;
  int64_t max_failures; /* failed attempts before lockout */
  int64_t lockout_minutes;
};

/* Loads the tenant's policy. Returns 1, 0 when the tenant has none yet (defaults apply), or an
 * error. */
int an_store_policy_get(struct an_db *db, int64_t tenant_id, struct an_tenant_policy *out);
/* Creates or replaces the tenant's policy. Returns 1 or an error. */
int an_store_policy_put(struct an_db *db, int64_t tenant_id, const struct an_tenant_policy *p,
                        int64_t now);
/* Records a password hash in the user's history. Returns 1 or an error. */
int an_store_history_add(struct an_db *db, int64_t tenant_id, int64_t user_id, const char *hash,
                         int64_t now);
/* Calls cb with each of the user's newest limit hashes. Returns the count or an error. */
int an_store_history_recent(struct an_db *db, int64_t tenant_id, int64_t user_id, int64_t limit,
                            void (*cb)(void *cls, const char *hash), void *cls);

#endif
