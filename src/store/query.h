/* The shared shapes of the store's one-statement functions, so that each of them says only what
 * is its own (its SQL, its parameters, its scope) and the reading around the query is written
 * once: parameters written in place, a record or records read and their sealed fields opened,
 * a scoped statement refused for a scope of 0, a tenant's statement run where its rows live.
 * The SQL passed in is, as everywhere in the store, a string of static storage (store/db.h). */
#ifndef AN_STORE_QUERY_H
#define AN_STORE_QUERY_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/spec.h"
#include "store/db.h"
#include "store/placement.h"

/* For a reader that hands each row, read into a struct of type by read(row, &obj), to a caller's
 * typed callback: defines struct name##_ctx {cb, cls} (the caller's callback and its closure) and
 * the row callback name##_cb, whose cls is such a struct. */
#define AN_STORE_EACH(name, type, read)                                                            \
  struct name##_ctx {                                                                              \
    void (*cb)(void *, const type *);                                                              \
    void *cls;                                                                                     \
  };                                                                                               \
  static void name##_cb(void *cls, const struct an_db_row *row)                                    \
  {                                                                                                \
    struct name##_ctx *ctx = cls;                                                                  \
    type obj;                                                                                      \
    read(row, &obj);                                                                               \
    ctx->cb(ctx->cls, &obj);                                                                       \
  }

/* Copies the text of column col of row ("" for NULL) into the array field, cut to fit: for the
 * fixed-size fields of the identity structs read by position. */
#define AN_ROW_TEXT(row, col, field) an_store_text_into((row), (col), (field), sizeof(field))
void an_store_text_into(const struct an_db_row *row, int col, char *dst, size_t n);
/* Copies the blob of column col of row into dst when it is exactly n bytes long (a token's hash);
 * otherwise dst is all zeros. */
void an_store_hash_into(const struct an_db_row *row, int col, uint8_t *dst, size_t n);

/* The sealed fields of a table's records (store/seal_fields.h): the table, the pairs {field,
 * column, ..., NULL} and the record's field naming its tenant (NULL: the tenant given). */
struct an_store_sealed {
  const char *table;
  const char *tenant_key;
  const char *const *pairs;
};

/* Reads at most one row of sql as a record into *out (NULL when none) and opens its sealed
 * fields as s says. Returns 1, 0 or an error. */
int an_store_row_opened(struct an_db *db, const char *sql, const struct an_db_param *p, size_t n,
                        const struct an_store_sealed *s, json_t **out);
/* Appends the rows of sql to out as records, their sealed fields opened as s says (under
 * tenant_id when s names no tenant field). Returns the row count or an error. */
int an_store_rows_opened(struct an_db *db, const char *sql, const struct an_db_param *p, size_t n,
                         const struct an_store_sealed *s, int64_t tenant_id, json_t *out);

/* Appends the rows of sql (a statement on tenant_id's rows of table, whose "id" is the row) to out
 * as records, read where the tenant's rows live (store/placement.h) with the fields pairs names
 * ({field, column, ..., NULL}) opened under the tenant's key, loaded first. Returns the row count
 * or an error. */
int an_store_tenant_rows_opened(struct an_db *db, int64_t tenant_id, const char *sql,
                                const struct an_db_param *p, size_t n, const char *table,
                                const char *const *pairs, json_t *out);

/* an_db_query for a statement scoped to scope (a tenant's or a shop's id): a scope of 0 is a bug
 * of the caller fn (logged, store/rows.h) and runs nothing. Returns 0 then, else the query's. */
int an_store_scoped_query(struct an_db *db, int64_t scope, const char *fn, const char *sql,
                          const struct an_db_param *p, size_t n, an_db_row_cb cb, void *cls);
/* an_store_rows (store/rows.h) under the same rule. */
int an_store_scoped_rows(struct an_db *db, int64_t scope, const char *fn, const char *sql,
                         const struct an_db_param *p, size_t n, json_t *out);
/* an_store_row (store/rows.h) under the same rule; *out is NULL when nothing is read. */
int an_store_scoped_row(struct an_db *db, int64_t scope, const char *fn, const char *sql,
                        const struct an_db_param *p, size_t n, json_t **out);
/* an_store_typed_rows (store/rows.h) under the same rule; *items is NULL and *count 0 when
 * nothing is read. */
int an_store_scoped_typed_rows(struct an_db *db, int64_t scope, const char *fn, const char *sql,
                               const struct an_db_param *p, size_t n, const struct an_spec *spec,
                               void **items, size_t *count);
/* an_store_typed_row (store/rows.h) under the same rule; obj is left as it is when the scope is
 * 0 (nothing is read). */
int an_store_scoped_typed_row(struct an_db *db, int64_t scope, const char *fn, const char *sql,
                              const struct an_db_param *p, size_t n, const struct an_spec *spec,
                              void *obj);
/* an_store_typed_rows_json (store/rows.h) under the same rule. */
int an_store_scoped_typed_rows_json(struct an_db *db, int64_t scope, const char *fn,
                                    const char *sql, const struct an_db_param *p, size_t n,
                                    const struct an_spec *spec, json_t *out);
/* Reads the one row of sql (counts, sums) and sets *vals[i] to its column names[i] for i < k (0
 * when the row or the column is missing). Returns 1 (also when there was no row) or an error. */
int an_store_counts(struct an_db *db, const char *sql, const struct an_db_param *p, size_t n,
                    const char *const *names, int64_t *const *vals, size_t k);

/* Runs sql with its n parameters bound from the record rec by keys (an_rec_params, store/rows.h);
 * cb and cls as an_db_query's. Returns an_db_query's result. */
int an_store_rec_query(struct an_db *db, const char *sql, const json_t *rec,
                       const char *const *keys, size_t n, an_db_row_cb cb, void *cls);
/* The same with the fields of s sealed first, under tenant_id's key, in a copy of rec (rec
 * itself stays as it is). Returns an error when the tenant has no key (nothing is written). */
int an_store_rec_sealed_query(struct an_db *db, const char *sql, const json_t *rec,
                              int64_t tenant_id, const struct an_store_sealed *s,
                              const char *const *keys, size_t n, an_db_row_cb cb, void *cls);

#endif
