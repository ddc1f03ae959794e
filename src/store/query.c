#include "store/query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/rows.h"
#include "store/seal.h"
#include "store/seal_fields.h"

int an_store_row_opened(struct an_db *db, const char *sql, const struct an_db_param *p, size_t n,
                        const struct an_store_sealed *s, json_t **out)
{
  *out = NULL;
  int rc = an_store_row(db, sql, p, n, out);
  if (rc > 0)
    an_store_open_fields(db, *out, 0, s->tenant_key, s->table, s->pairs);
  return rc;
}

int an_store_rows_opened(struct an_db *db, const char *sql, const struct an_db_param *p, size_t n,
                         const struct an_store_sealed *s, int64_t tenant_id, json_t *out)
{
  json_t *rows = json_array();
  int rc = an_store_rows(db, sql, p, n, rows);
  an_store_open_fields(db, rows, tenant_id, s->tenant_key, s->table, s->pairs);
  json_array_extend(out, rows);
  json_decref(rows);
  return rc;
}

int an_store_tenant_rows_opened(struct an_db *db, int64_t tenant_id, const char *sql,
                                const struct an_db_param *p, size_t n, const char *table,
                                const char *const *pairs, json_t *out)
{
  int rc = an_store_seal_need(db, tenant_id);
  struct an_db *t = db;
  if (rc >= 0)
    rc = an_store_route(db, tenant_id, AN_ROUTE_READ, &t);
  rc = rc < 0 ? rc : an_store_rows(t, sql, p, n, out);
  an_store_open_rows(out, tenant_id, NULL, table, "id", pairs);
  return rc;
}

int an_store_scoped_query(struct an_db *db, int64_t scope, const char *fn, const char *sql,
                          const struct an_db_param *p, size_t n, an_db_row_cb cb, void *cls)
{
  return an_store_scoped(scope, fn) ? an_db_query(db, sql, p, n, cb, cls) : 0;
}

int an_store_scoped_rows(struct an_db *db, int64_t scope, const char *fn, const char *sql,
                         const struct an_db_param *p, size_t n, json_t *out)
{
  return an_store_scoped(scope, fn) ? an_store_rows(db, sql, p, n, out) : 0;
}

int an_store_scoped_row(struct an_db *db, int64_t scope, const char *fn, const char *sql,
                        const struct an_db_param *p, size_t n, json_t **out)
{
  *out = NULL;
  return an_store_scoped(scope, fn) ? an_store_row(db, sql, p, n, out) : 0;
}

int an_store_rec_query(struct an_db *db, const char *sql, const json_t *rec,
                       const char *const *keys, size_t n, an_db_row_cb cb, void *cls)
{
  struct an_db_param *p = calloc(n ? n : 1, sizeof *p);
  if (!p)
    return AN_DB_HARD;
  an_rec_params(rec, keys, n, p);
  int rc = an_db_query(db, sql, p, n, cb, cls);
  free(p);
  return rc;
}

int an_store_rec_sealed_query(struct an_db *db, const char *sql, const json_t *rec,
                              int64_t tenant_id, const struct an_store_sealed *s,
                              const char *const *keys, size_t n, an_db_row_cb cb, void *cls)
{
  json_t *sealed = json_deep_copy(rec);
  int rc = sealed ? an_store_seal_fields(db, sealed, tenant_id, s->table, s->pairs) : AN_DB_HARD;
  if (rc > 0)
    rc = an_store_rec_query(db, sql, sealed, keys, n, cb, cls);
  json_decref(sealed);
  return rc;
}

int an_store_scoped_typed_rows(struct an_db *db, int64_t scope, const char *fn, const char *sql,
                               const struct an_db_param *p, size_t n, const struct an_spec *spec,
                               void **items, size_t *count)
{
  *items = NULL;
  *count = 0;
  return an_store_scoped(scope, fn) ? an_store_typed_rows(db, sql, p, n, spec, items, count) : 0;
}

int an_store_scoped_typed_row(struct an_db *db, int64_t scope, const char *fn, const char *sql,
                              const struct an_db_param *p, size_t n, const struct an_spec *spec,
                              void *obj)
{
  return an_store_scoped(scope, fn) ? an_store_typed_row(db, sql, p, n, spec, obj) : 0;
}

int an_store_scoped_typed_rows_json(struct an_db *db, int64_t scope, const char *fn,
                                    const char *sql, const struct an_db_param *p, size_t n,
                                    const struct an_spec *spec, json_t *out)
{
  return an_store_scoped(scope, fn) ? an_store_typed_rows_json(db, sql, p, n, spec, out) : 0;
}

void an_store_hash_into(const struct an_db_row *row, int col, uint8_t *dst, size_t n)
{
  size_t len = 0;
  const void *h = an_db_row_blob(row, col, &len);
  memset(dst, 0, n);
  if (h && len == n)
    memcpy(dst, h, n);
}

void an_store_text_into(const struct an_db_row *row, int col, char *dst, size_t n)
{
  const char *s = an_db_row_text(row, col);
  snprintf(dst, n, "%s", s ? s : "");
}

int an_store_counts(struct an_db *db, const char *sql, const struct an_db_param *p, size_t n,
                    const char *const *names, int64_t *const *vals, size_t k)
{
  json_t *row = NULL;
  int rc = an_store_row(db, sql, p, n, &row);
  for (size_t i = 0; i < k; i++)
    *vals[i] = rc == 1 ? an_rec_int(row, names[i]) : 0;
  json_decref(row);
  return rc < 0 ? rc : 1;
}
