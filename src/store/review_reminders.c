#include "store/review_reminders.h"

#include "store/placement.h"

#include <stdlib.h>

#include "store/query.h"
#include "store/rows.h"
#include "store/seal.h"

/* The due date: the last review (or the tenant's creation) plus months of 30 days. */
#define DUE                                                                                        \
  "(CASE WHEN review_done_at > 0 THEN review_done_at ELSE created_at END + "                       \
  "CAST(review_months AS BIGINT) * 2592000000000)"

struct due {
  void (*cb)(void *, const struct an_review_due *);
  void *cls;
};

static void due_cb(void *cls, const struct an_db_row *row)
{
  struct due *d = cls;
  struct an_review_due r = {.tenant_id = an_db_row_int(row, 0),
                            .name = an_db_row_text(row, 1),
                            .due_at = an_db_row_int(row, 2),
                            .months = an_db_row_int(row, 3)};
  d->cb(d->cls, &r);
}

int an_store_review_due_all(struct an_db *db, int64_t now, int64_t limit,
                            void (*cb)(void *cls, const struct an_review_due *d), void *cls)
{
  static const char SQL[] = "SELECT id, name, " DUE ", review_months FROM tenants "
                            "WHERE status = 'active' AND review_months > 0 AND " DUE " <= $1 "
                            "AND review_reminded_for <> " DUE " ORDER BY id LIMIT $2";
  struct due d = {cb, cls};
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(now), AN_P_INT(limit)), due_cb, &d);
}

int an_store_review_claim(struct an_db *db, int64_t tenant_id, int64_t due_at)
{
  static const char SQL[] = "UPDATE tenants SET review_reminded_for = $2 "
                            "WHERE id = $1 AND review_reminded_for <> $2";
  if (!an_store_scoped(tenant_id, __func__))
    return AN_DB_HARD;
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(due_at)), NULL, NULL);
}

struct admins {
  void (*cb)(void *, const struct an_review_admin *);
  void *cls;
  int64_t tenant_id;
};

/* The name and address are sealed under the tenant's key (store/seal.h): opened here. */
static void admin_cb(void *cls, const struct an_db_row *row)
{
  struct admins *a = cls;
  int64_t id = an_db_row_int(row, 0);
  char *name =
      an_store_open_text(a->tenant_id, "users", id, "display_name", an_db_row_text(row, 1), NULL);
  char *email =
      an_store_open_text(a->tenant_id, "users", id, "email", an_db_row_text(row, 2), NULL);
  struct an_review_admin r = {
      .id = id, .display_name = name ? name : "", .email = email ? email : ""};
  if (r.email[0])
    a->cb(a->cls, &r);
  free(name);
  free(email);
}

int an_store_review_admins(struct an_db *db, int64_t tenant_id,
                           void (*cb)(void *cls, const struct an_review_admin *a), void *cls)
{
  static const char SQL[] = "SELECT id, display_name, email FROM users WHERE tenant_id = $1 "
                            "AND status = 'active' AND email <> '' "
                            "AND (',' || roles || ',') LIKE '%,tenant_admin,%' ORDER BY id";
  if (!an_store_scoped(tenant_id, __func__))
    return AN_DB_HARD;
  struct an_db_param p[] = {AN_P_INT(tenant_id)};
  struct admins a = {cb, cls, tenant_id};
  int rc = an_store_seal_sync(db); /* the tenant's key in the cache before the rows are read */
  struct an_db *t = db;
  if (rc >= 0)
    rc = an_store_route(db, tenant_id, AN_ROUTE_READ, &t);
  return rc < 0 ? rc : an_db_query(t, SQL, p, 1, admin_cb, &a);
}

int an_store_review_set_months(struct an_db *db, int64_t tenant_id, int64_t months, int64_t now)
{
  static const char SQL[] = "UPDATE tenants SET review_months = $2, updated_at = $3 WHERE id = $1";
  if (!an_store_scoped(tenant_id, __func__))
    return AN_DB_HARD;
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(months), AN_P_INT(now)), NULL,
                     NULL);
}
