/* One query on the connection where a tenant's moved rows live (dedicated tenancy, WP-1): the
 * routing of store/placement.h and the query in one call, for store functions of one query. */
#ifndef AN_STORE_ROUTED_H
#define AN_STORE_ROUTED_H
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "store/placement.h"

/* Runs sql with params p[0..n) through an_db_query on an_store_route(db, tenant_id, how)'s
 * connection. Returns the routing's error when it fails (nothing run), else an_db_query's
 * result. */
int an_store_routed_query(struct an_db *db, int64_t tenant_id, enum an_route how, const char *sql,
                          const struct an_db_param *p, size_t n, an_db_row_cb cb, void *cls);

/* an_store_routed_query through an_db_query_unflushed (store/db.h): a write committed without
 * waiting for the disk flush. */
int an_store_routed_query_unflushed(struct an_db *db, int64_t tenant_id, enum an_route how,
                                    const char *sql, const struct an_db_param *p, size_t n,
                                    an_db_row_cb cb, void *cls);

/* an_store_routed_query for a statement reading a tenant's sealed rows (store/seal.h): the
 * tenant's key is made sure of first (an error of that is returned, nothing run; a tenant without
 * a key reads its rows with their sealed fields unopened). */
int an_store_sealed_query(struct an_db *db, int64_t tenant_id, enum an_route how, const char *sql,
                          const struct an_db_param *p, size_t n, an_db_row_cb cb, void *cls);

#endif
