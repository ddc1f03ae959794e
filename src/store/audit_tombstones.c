#include "store/audit_tombstones.h"

#include <string.h>

#include "store/rows.h"

static void int_cb(void *cls, const struct an_db_row *row)
{
  *(int64_t *)cls = an_db_row_int(row, 0);
}

int an_store_audit_retention_get(struct an_db *db, int64_t tenant_id, int64_t *days)
{
  static const char SQL[] = "SELECT audit_retention_days FROM tenants WHERE id = $1";
  if (!an_store_scoped(tenant_id, __func__))
    return AN_DB_HARD;
  struct an_db_param p[] = {AN_P_INT(tenant_id)};
  return an_db_query(db, SQL, p, 1, int_cb, days);
}

int an_store_audit_retention_set(struct an_db *db, int64_t tenant_id, int64_t days, int64_t now)
{
  static const char SQL[] =
      "UPDATE tenants SET audit_retention_days = $2, updated_at = $3 WHERE id = $1";
  if (!an_store_scoped(tenant_id, __func__))
    return AN_DB_HARD;
  struct an_db_param p[] = {AN_P_INT(tenant_id), AN_P_INT(days), AN_P_INT(now)};
  return an_db_query(db, SQL, p, 3, NULL, NULL);
}

struct tenants {
  void (*cb)(void *, int64_t, int64_t);
  void *cls;
};

static void tenant_cb(void *cls, const struct an_db_row *row)
{
  struct tenants *t = cls;
  t->cb(t->cls, an_db_row_int(row, 0), an_db_row_int(row, 1));
}

int an_store_audit_retention_tenants_all(struct an_db *db, int64_t default_days,
                                         void (*cb)(void *cls, int64_t tenant_id, int64_t days),
                                         void *cls)
{
  static const char SQL[] =
      "SELECT id, CASE WHEN audit_retention_days > 0 THEN audit_retention_days ELSE $1 END "
      "FROM tenants WHERE audit_retention_days > 0 OR ($1 > 0 AND audit_retention_days = 0) "
      "ORDER BY id";
  struct an_db_param p[] = {AN_P_INT(default_days)};
  struct tenants t = {cb, cls};
  return an_db_query(db, SQL, p, 1, tenant_cb, &t);
}

int an_store_audit_retention_hold_all(struct an_db *db, int64_t days, int64_t *seq)
{
  /* Each holding tenant's oldest event by time (one step down its (tenant_id, at) index). */
  static const char SQL[] =
      "SELECT COALESCE(MIN((SELECT e.seq FROM audit_events e WHERE e.tenant_id = t.id "
      "AND e.seq IS NOT NULL ORDER BY e.at, e.seq LIMIT 1)), 0) FROM tenants t "
      "WHERE t.audit_retention_days = -1 OR t.audit_retention_days > $1";
  struct an_db_param p[] = {AN_P_INT(days)};
  int64_t v = 0;
  int rc = an_db_query(db, SQL, p, 1, int_cb, &v);
  *seq = v > 0 ? v : INT64_MAX;
  return rc < 0 ? rc : 1;
}

struct scan {
  void (*cb)(void *, const struct an_audit_row *);
  void *cls;
};

static void old_cb(void *cls, const struct an_db_row *row)
{
  struct scan *s = cls;
  struct an_audit_row e;
  an_store_audit_row_read(row, &e);
  s->cb(s->cls, &e);
}

int an_store_audit_tenant_old(struct an_db *db, int64_t tenant_id, int64_t cutoff, int64_t limit,
                              void (*cb)(void *cls, const struct an_audit_row *e), void *cls)
{
  static const char SQL[] =
      "SELECT seq, at, actor_kind, actor_id, actor_label, tenant_id, action, target, outcome, "
      "client_ip, request_id, details, prev_mac, mac FROM audit_events "
      "WHERE tenant_id = $1 AND at < $2 AND seq IS NOT NULL ORDER BY seq LIMIT $3";
  if (!an_store_scoped(tenant_id, __func__))
    return AN_DB_HARD;
  struct an_db_param p[] = {AN_P_INT(tenant_id), AN_P_INT(cutoff), AN_P_INT(limit)};
  struct scan s = {cb, cls};
  return an_db_query(db, SQL, p, 3, old_cb, &s);
}

int an_store_audit_tombstone_add(struct an_db *db, const struct an_audit_row *e)
{
  static const char SQL[] = "INSERT INTO audit_tombstones (seq, at, tenant_id, prev_mac, mac, "
                            "purged_at, tmac) VALUES ($1, $2, $3, $4, $5, $6, $7)";
  struct an_db_param p[] = {AN_P_INT(e->seq),       AN_P_INT(e->at),
                            AN_P_INT(e->tenant_id), AN_P_BLOB(e->prev_mac, 32),
                            AN_P_BLOB(e->mac, 32),  AN_P_INT(e->purged_at),
                            AN_P_BLOB(e->tmac, 32)};
  return an_db_query(db, SQL, p, 7, NULL, NULL);
}

/* The purged events, grouped as the counters are: the day's range of `at` is
 * [day * 86400 - 32400, (day + 1) * 86400 - 32400) seconds (JST days). */
#define GONE                                                                                       \
  "SELECT COUNT(*) FROM audit_events e WHERE e.tenant_id = $1 AND e.at < $2 AND e.seq >= $3 "      \
  "AND e.seq <= $4 AND e.at >= (c.day * 86400 - 32400) * 1000000 "                                 \
  "AND e.at < ((c.day + 1) * 86400 - 32400) * 1000000"
#define UNCOUNT "UPDATE audit_day_counts AS c SET n = n - (" GONE
#define DAYS " AND c.day <= (CAST($2 AS BIGINT) / 1000000 + 32400) / 86400"

int an_store_audit_tenant_delete(struct an_db *db, int64_t tenant_id, int64_t cutoff,
                                 int64_t first_seq, int64_t last_seq)
{
  static const char *const SQL_UNCOUNT[4] = {
      UNCOUNT " AND e.action = c.action) WHERE c.tenant_id = $1 AND c.action <> ''" DAYS,
      UNCOUNT ") WHERE c.tenant_id = $1 AND c.action = ''" DAYS,
      UNCOUNT " AND e.action = c.action) WHERE c.tenant_id = -1 AND c.action <> ''" DAYS,
      UNCOUNT ") WHERE c.tenant_id = -1 AND c.action = ''" DAYS,
  };
  static const char SQL_DELETE[] = "DELETE FROM audit_events WHERE tenant_id = $1 AND at < $2 "
                                   "AND seq >= $3 AND seq <= $4";
  if (!an_store_scoped(tenant_id, __func__))
    return AN_DB_HARD;
  struct an_db_param p[] = {AN_P_INT(tenant_id), AN_P_INT(cutoff), AN_P_INT(first_seq),
                            AN_P_INT(last_seq)};
  int rc = 0;
  for (int i = 0; i < 4 && rc >= 0; i++)
    rc = an_db_query(db, SQL_UNCOUNT[i], p, 4, NULL, NULL);
  return rc < 0 ? rc : an_db_query(db, SQL_DELETE, p, 4, NULL, NULL);
}
