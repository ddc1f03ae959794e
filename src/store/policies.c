#include "store/policies.h"

#include "store/query.h"
#include "store/routed.h"

static void policy_cb(void *cls, const struct an_db_row *row)
{
  struct an_tenant_policy *p = cls;
  int64_t *f[] = {&p->min_length,        &p->require_upper,      &p->require_lower,
                  &p->require_digit,     &p->require_symbol,     &p->history,
                  &p->max_age_days_user, &p->max_age_days_admin, &p->max_failures,
                  &p->lockout_minutes};
  for (int i = 0; i < 10; i++)
    *f[i] = an_db_row_int(row, i);
}

int an_store_policy_get(struct an_db *db, int64_t tenant_id, struct an_tenant_policy *out)
{
  static const char SQL[] =
      "SELECT min_length, require_upper, require_lower, require_digit, require_symbol, history, "
      "max_age_days_user, max_age_days_admin, max_failures, lockout_minutes "
      "FROM tenant_policies WHERE tenant_id = $1";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(tenant_id)), policy_cb, out);
}

int an_store_policy_put(struct an_db *db, int64_t tenant_id, const struct an_tenant_policy *v,
                        int64_t now)
{
  static const char SQL[] =
      "INSERT INTO tenant_policies (tenant_id, min_length, require_upper, require_lower, "
      "require_digit, require_symbol, history, max_age_days_user, max_age_days_admin, "
      "max_failures, lockout_minutes, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
      "ON CONFLICT (tenant_id) DO UPDATE SET min_length = $2, require_upper = $3, "
      "require_lower = $4, require_digit = $5, require_symbol = $6, history = $7, "
      "max_age_days_user = $8, max_age_days_admin = $9, max_failures = $10, "
      "lockout_minutes = $11, updated_at = $12";
  return an_db_query(
      db, SQL,
      AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(v->min_length), AN_P_INT(v->require_upper),
              AN_P_INT(v->require_lower), AN_P_INT(v->require_digit), AN_P_INT(v->require_symbol),
              AN_P_INT(v->history), AN_P_INT(v->max_age_days_user), AN_P_INT(v->max_age_days_admin),
              AN_P_INT(v->max_failures), AN_P_INT(v->lockout_minutes), AN_P_INT(now)),
      NULL, NULL);
}

int an_store_history_add(struct an_db *db, int64_t tenant_id, int64_t user_id, const char *hash,
                         int64_t now)
{
  static const char SQL[] =
      "INSERT INTO password_history (tenant_id, user_id, password_hash, created_at) "
      "VALUES ($1, $2, $3, $4)";
  return an_store_routed_query(
      db, tenant_id, AN_ROUTE_WRITE, SQL,
      AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(user_id), AN_P_TEXT(hash), AN_P_INT(now)), NULL, NULL);
}

struct hist {
  void (*cb)(void *, const char *);
  void *cls;
};

static void hist_cb(void *cls, const struct an_db_row *row)
{
  struct hist *h = cls;
  h->cb(h->cls, an_db_row_text(row, 0));
}

int an_store_history_recent(struct an_db *db, int64_t tenant_id, int64_t user_id, int64_t limit,
                            void (*cb)(void *cls, const char *hash), void *cls)
{
  static const char SQL[] =
      "SELECT password_hash FROM password_history WHERE tenant_id = $1 AND user_id = $2 "
      "ORDER BY created_at DESC LIMIT $3";
  struct hist h = {cb, cls};
  return an_store_routed_query(db, tenant_id, AN_ROUTE_READ, SQL,
                               AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(user_id), AN_P_INT(limit)),
                               hist_cb, &h);
}
