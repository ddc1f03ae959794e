#include "store/routed.h"

#include "store/seal.h"

int an_store_routed_query(struct an_db *db, int64_t tenant_id, enum an_route how, const char *sql,
                          const struct an_db_param *p, size_t n, an_db_row_cb cb, void *cls)
{
  struct an_db *t;
  int rt = an_store_route(db, tenant_id, how, &t);
  if (rt < 0)
    return rt;
  return an_db_query(t, sql, p, n, cb, cls);
}

int an_store_routed_query_unflushed(struct an_db *db, int64_t tenant_id, enum an_route how,
                                    const char *sql, const struct an_db_param *p, size_t n,
                                    an_db_row_cb cb, void *cls)
{
  struct an_db *t;
  int rt = an_store_route(db, tenant_id, how, &t);
  if (rt < 0)
    return rt;
  return an_db_query_unflushed(t, sql, p, n, cb, cls);
}

int an_store_sealed_query(struct an_db *db, int64_t tenant_id, enum an_route how, const char *sql,
                          const struct an_db_param *p, size_t n, an_db_row_cb cb, void *cls)
{
  int rc = an_store_seal_need(db, tenant_id);
  return rc < 0 ? rc : an_store_routed_query(db, tenant_id, how, sql, p, n, cb, cls);
}
