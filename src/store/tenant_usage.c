#include "store/tenant_usage.h"

#include "store/placement.h"
#include "store/query.h"

static void int_cb(void *cls, const struct an_db_row *row)
{
  *(int64_t *)cls = an_db_row_int(row, 0);
}

/* One integer from sql with (tenant_id[, a, b]) bound. */
static int one_int(struct an_db *db, const char *sql, const struct an_db_param *p, size_t n,
                   int64_t *out)
{
  *out = 0;
  int rc = an_db_query(db, sql, p, n, int_cb, out);
  return rc < 0 ? rc : 1;
}

int an_store_usage_active_users(struct an_db *db, int64_t tenant_id, int64_t *n)
{
  static const char SQL[] = "SELECT COUNT(*) FROM users WHERE tenant_id = $1 AND status = 'active'";
  struct an_db_param p[] = {AN_P_INT(tenant_id)};
  struct an_db *t;
  int rt = an_store_route(db, tenant_id, AN_ROUTE_READ, &t);
  if (rt < 0)
    return rt;
  return one_int(t, SQL, p, 1, n);
}

int an_store_usage_figures(struct an_db *db, int64_t tenant_id, int64_t now,
                           struct an_usage_figures *out)
{
  static const char SESSIONS[] =
      "SELECT COUNT(*) FROM sessions WHERE tenant_id = $1 AND subject_kind = 'user' "
      "AND revoked_at IS NULL AND expires_at > $2";
  static const char ATTACHMENTS[] =
      "SELECT COALESCE(SUM(size), 0) FROM ticket_attachments WHERE tenant_id = $1";
  static const char EXPORTS[] =
      "SELECT COALESCE(SUM(bytes), 0) FROM exports WHERE tenant_id = $1 AND status = 'ready' "
      "AND expires_at > $2";
  struct an_db_param p[] = {AN_P_INT(tenant_id), AN_P_INT(now)};
  int rc;
  if ((rc = an_store_usage_active_users(db, tenant_id, &out->active_users)) < 0 ||
      (rc = one_int(db, SESSIONS, p, 2, &out->open_sessions)) < 0 ||
      (rc = one_int(db, ATTACHMENTS, p, 1, &out->attachment_bytes)) < 0 ||
      (rc = one_int(db, EXPORTS, p, 2, &out->export_bytes)) < 0)
    return rc;
  return 1;
}

int an_store_usage_user_limit(struct an_db *db, int64_t tenant_id, int64_t *limit)
{
  static const char SQL[] =
      "SELECT COALESCE(MAX(p.max_users), 0) FROM contracts c JOIN plans p ON p.id = c.plan_id "
      "WHERE c.tenant_id = $1 AND c.status = 'active'";
  return one_int(db, SQL, AN_ARGS(AN_P_INT(tenant_id)), limit);
}

int an_store_usage_calls_add(struct an_db *db, int64_t tenant_id, const char *day, int64_t n)
{
  static const char SQL[] =
      "INSERT INTO tenant_api_calls (tenant_id, day, count) VALUES ($1, $2, $3) "
      "ON CONFLICT (tenant_id, day) DO UPDATE SET count = tenant_api_calls.count + excluded.count";
  int rc =
      an_db_query(db, SQL, AN_ARGS(AN_P_INT(tenant_id), AN_P_TEXT(day), AN_P_INT(n)), NULL, NULL);
  return rc < 0 ? rc : 1;
}

int an_store_usage_calls_get(struct an_db *db, int64_t tenant_id, const char *day, int64_t *n)
{
  static const char SQL[] = "SELECT count FROM tenant_api_calls WHERE tenant_id = $1 AND day = $2";
  return one_int(db, SQL, AN_ARGS(AN_P_INT(tenant_id), AN_P_TEXT(day)), n);
}

int an_store_usage_notice_exists(struct an_db *db, int64_t tenant_id, const char *kind,
                                 const char *ref)
{
  static const char SQL[] =
      "SELECT COUNT(*) FROM notices WHERE tenant_id = $1 AND kind = $2 AND ref = $3";
  struct an_db_param p[] = {AN_P_INT(tenant_id), AN_P_TEXT(kind), AN_P_TEXT(ref)};
  int64_t n;
  int rc = one_int(db, SQL, p, 3, &n);
  return rc < 0 ? rc : n > 0;
}
