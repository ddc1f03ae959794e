#include "store/routed.h"

#include "store/seal.h"

/* Runs sql on the database that holds tenant_id's data, through run (an_db_query or
 * an_db_query_unflushed). */
static int routed(struct an_db *db, int64_t tenant_id, enum an_route how,
                  int (*run)(struct an_db *, const char *, const struct an_db_param *, size_t,
                             an_db_row_cb, void *),
                  const char *sql, const struct an_db_param *p, size_t n, an_db_row_cb cb,
                  void *cls)
{
  struct an_db *t;
  int rt = an_store_route(db, tenant_id, how, &t);
  if (rt < 0)
    return rt;
  return run(t, sql, p, n, cb, cls);
}

int an_store_routed_query(struct an_db *db, int64_t tenant_id, enum an_route how, const char *sql,
                          const struct an_db_param *p, size_t n, an_db_row_cb cb, void *cls)
{
  return routed(db, tenant_id, how, an_db_query, sql, p, n, cb, cls);
}

int an_store_routed_query_unflushed(struct an_db *db, int64_t tenant_id, enum an_route how,
                                    const char *sql, const struct an_db_param *p, size_t n,
                                    an_db_row_cb cb, void *cls)
{
  return routed(db, tenant_id, how, an_db_query_unflushed, sql, p, n, cb, cls);
}

int an_store_sealed_query(struct an_db *db, int64_t tenant_id, enum an_route how, const char *sql,
                          const struct an_db_param *p, size_t n, an_db_row_cb cb, void *cls)
{
  int rc = an_store_seal_need(db, tenant_id);
  return rc < 0 ? rc : an_store_routed_query(db, tenant_id, how, sql, p, n, cb, cls);
}
