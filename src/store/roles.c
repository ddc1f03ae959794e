#include "store/roles.h"
#include "store/rows.h"

#include <stdio.h>

#include "store/placement.h"
#include "store/query.h"
#include "store/routed.h"

#define COLS "r.id, r.tenant_id, r.name, r.perms"

static void read_row(const struct an_db_row *row, struct an_role_row *r)
{
  r->id = an_db_row_int(row, 0);
  r->tenant_id = an_db_row_int(row, 1);
  snprintf(r->name, sizeof r->name, "%s", an_db_row_text(row, 2) ? an_db_row_text(row, 2) : "");
  snprintf(r->perms, sizeof r->perms, "%s", an_db_row_text(row, 3) ? an_db_row_text(row, 3) : "");
  r->holders = an_db_row_columns(row) > 4 ? an_db_row_int(row, 4) : 0;
}

static void one_cb(void *cls, const struct an_db_row *row)
{
  read_row(row, cls);
}

AN_STORE_EACH(list, struct an_role_row, read_row)

/* The roles that sql finds in tenant_id's database, each handed to cb. */
static int list(struct an_db *db, int64_t tenant_id, const char *sql, const struct an_db_param *p,
                size_t n, void (*cb)(void *cls, const struct an_role_row *r), void *cls)
{
  if (tenant_id <= 0)
    return 0;
  struct list_ctx l = {cb, cls};
  return an_store_routed_query(db, tenant_id, AN_ROUTE_READ, sql, p, n, list_cb, &l);
}

/* Where tenant_id's roles are written (*t): 1, or 0 for a tenant id of 0 (nothing is written),
 * or the routing's error. */
static int write_db(struct an_db *db, int64_t tenant_id, struct an_db **t)
{
  if (tenant_id <= 0)
    return 0;
  int rt = an_store_route(db, tenant_id, AN_ROUTE_WRITE, t);
  return rt < 0 ? rt : 1;
}

int an_store_role_insert(struct an_db *db, int64_t tenant_id, struct an_role_row *r, int64_t now)
{
  struct an_db *t;
  int rt = write_db(db, tenant_id, &t);
  if (rt <= 0)
    return rt;
  static const char SQL[] =
      "INSERT INTO tenant_roles (tenant_id, name, perms, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $4) ON CONFLICT (tenant_id, name) DO NOTHING RETURNING id";
  struct an_db_param p[] = {AN_P_INT(tenant_id), AN_P_TEXT(r->name), AN_P_TEXT(r->perms),
                            AN_P_INT(now)};
  if (t == db)
    return an_db_query(t, SQL, p, 4, an_store_int_cb, &r->id);
  /* the tenant's own database: the id from the shared sequence, unique everywhere */
  static const char SQL_ID[] =
      "INSERT INTO tenant_roles (id, tenant_id, name, perms, created_at, updated_at) "
      "VALUES ($5, $1, $2, $3, $4, $4) ON CONFLICT (tenant_id, name) DO NOTHING RETURNING id";
  int64_t id = 0;
  if ((rt = an_store_placement_next_id(db, "tenant_roles", &id)) < 0)
    return rt;
  return an_db_query(t, SQL_ID, AN_ARGS(p[0], p[1], p[2], p[3], AN_P_INT(id)), an_store_int_cb,
                     &r->id);
}

int an_store_role_update(struct an_db *db, int64_t tenant_id, const struct an_role_row *r,
                         int64_t now)
{
  static const char SQL[] =
      "UPDATE tenant_roles SET name = $3, perms = $4, updated_at = $5 WHERE tenant_id = $1 AND "
      "id = $2 AND NOT EXISTS (SELECT 1 FROM tenant_roles o WHERE o.tenant_id = $1 AND "
      "o.name = $3 AND o.id <> $2)";
  return an_store_routed_query(db, tenant_id, AN_ROUTE_WRITE, SQL,
                               AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(r->id), AN_P_TEXT(r->name),
                                       AN_P_TEXT(r->perms), AN_P_INT(now)),
                               NULL, NULL);
}

int an_store_role_delete(struct an_db *db, int64_t tenant_id, int64_t id)
{
  struct an_db *t;
  int rt = write_db(db, tenant_id, &t);
  if (rt <= 0)
    return rt;
  static const char GRANTS[] = "DELETE FROM user_roles WHERE tenant_id = $1 AND role_id = $2";
  static const char ROLE[] = "DELETE FROM tenant_roles WHERE tenant_id = $1 AND id = $2";
  struct an_db_param p[] = {AN_P_INT(tenant_id), AN_P_INT(id)};
  int rc = an_db_query(t, GRANTS, p, 2, NULL, NULL);
  return rc < 0 ? rc : an_db_query(t, ROLE, p, 2, NULL, NULL);
}

int an_store_role_get(struct an_db *db, int64_t tenant_id, int64_t id, struct an_role_row *out)
{
  if (tenant_id <= 0)
    return 0;
  static const char SQL[] =
      "SELECT " COLS " FROM tenant_roles r WHERE r.tenant_id = $1 AND r.id = $2";
  return an_store_routed_query(db, tenant_id, AN_ROUTE_READ, SQL,
                               AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(id)), one_cb, out);
}

int an_store_role_list(struct an_db *db, int64_t tenant_id,
                       void (*cb)(void *cls, const struct an_role_row *r), void *cls)
{
  if (tenant_id <= 0)
    return 0;
  static const char SQL[] =
      "SELECT " COLS ", (SELECT COUNT(*) FROM user_roles u WHERE u.tenant_id = $1 AND "
      "u.role_id = r.id) FROM tenant_roles r WHERE r.tenant_id = $1 ORDER BY r.name, r.id LIMIT "
      "500";
  return list(db, tenant_id, SQL, AN_ARGS(AN_P_INT(tenant_id)), cb, cls);
}

int an_store_role_list_user(struct an_db *db, int64_t tenant_id, int64_t user_id,
                            void (*cb)(void *cls, const struct an_role_row *r), void *cls)
{
  static const char SQL[] =
      "SELECT " COLS " FROM tenant_roles r JOIN user_roles u ON u.tenant_id = r.tenant_id AND "
      "u.role_id = r.id WHERE r.tenant_id = $1 AND u.tenant_id = $1 AND u.user_id = $2 "
      "ORDER BY r.name, r.id";
  return list(db, tenant_id, SQL, AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(user_id)), cb, cls);
}

struct holder_ctx {
  void (*cb)(void *, int64_t);
  void *cls;
};

static void holder_cb(void *cls, const struct an_db_row *row)
{
  struct holder_ctx *h = cls;
  h->cb(h->cls, an_db_row_int(row, 0));
}

int an_store_role_holders(struct an_db *db, int64_t tenant_id, int64_t role_id,
                          void (*cb)(void *cls, int64_t user_id), void *cls)
{
  if (tenant_id <= 0)
    return 0;
  static const char SQL[] =
      "SELECT user_id FROM user_roles WHERE tenant_id = $1 AND role_id = $2 ORDER BY user_id";
  struct holder_ctx h = {cb, cls};
  return an_store_routed_query(db, tenant_id, AN_ROUTE_READ, SQL,
                               AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(role_id)), holder_cb, &h);
}

int an_store_role_grant(struct an_db *db, int64_t tenant_id, int64_t user_id, int64_t role_id,
                        int64_t now)
{
  if (tenant_id <= 0)
    return 0;
  static const char SQL[] =
      "INSERT INTO user_roles (tenant_id, user_id, role_id, granted_at) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (tenant_id, user_id, role_id) DO NOTHING";
  return an_store_routed_query(
      db, tenant_id, AN_ROUTE_WRITE, SQL,
      AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(user_id), AN_P_INT(role_id), AN_P_INT(now)), NULL,
      NULL);
}

int an_store_role_revoke(struct an_db *db, int64_t tenant_id, int64_t user_id, int64_t role_id)
{
  if (tenant_id <= 0)
    return 0;
  static const char SQL[] =
      "DELETE FROM user_roles WHERE tenant_id = $1 AND user_id = $2 AND role_id = $3";
  return an_store_routed_query(db, tenant_id, AN_ROUTE_WRITE, SQL,
                               AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(user_id), AN_P_INT(role_id)),
                               NULL, NULL);
}

int an_store_role_revoke_user(struct an_db *db, int64_t tenant_id, int64_t user_id)
{
  if (tenant_id <= 0)
    return 0;
  static const char SQL[] = "DELETE FROM user_roles WHERE tenant_id = $1 AND user_id = $2";
  return an_store_routed_query(db, tenant_id, AN_ROUTE_WRITE, SQL,
                               AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(user_id)), NULL, NULL);
}

int an_store_user_set_roles(struct an_db *db, int64_t tenant_id, int64_t user_id, const char *roles,
                            const char *role_perms, int64_t now)
{
  if (tenant_id <= 0)
    return 0;
  static const char SQL[] = "UPDATE users SET roles = $3, role_perms = $4, updated_at = $5 "
                            "WHERE tenant_id = $1 AND id = $2";
  return an_store_routed_query(db, tenant_id, AN_ROUTE_WRITE, SQL,
                               AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(user_id), AN_P_TEXT(roles),
                                       AN_P_TEXT(role_perms), AN_P_INT(now)),
                               NULL, NULL);
}

static void count_cb(void *cls, const struct an_db_row *row)
{
  *(int64_t *)cls = an_db_row_int(row, 0);
}

int an_store_tenant_admin_count(struct an_db *db, int64_t tenant_id)
{
  if (tenant_id <= 0)
    return 0;
  struct an_db *t;
  int rt = an_store_route(db, tenant_id, AN_ROUTE_READ, &t);
  if (rt < 0)
    return rt;
  /* roles is a short list of built-in names; tenant_admin is the only one containing "admin". */
  static const char SQL[] = "SELECT COUNT(*) FROM users WHERE tenant_id = $1 AND status = 'active' "
                            "AND roles LIKE '%tenant_admin%'";
  int64_t n = 0;
  int rc = an_db_query(t, SQL, AN_ARGS(AN_P_INT(tenant_id)), count_cb, &n);
  return rc < 0 ? rc : (int)n;
}
