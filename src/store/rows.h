/* Rows as records: a query's result read into JSON objects keyed by column name (the SQL's
 * aliases), for resources whose shape is the table's (the marketplace). Integers and booleans
 * become JSON integers, text stays text, NULL is null; blobs are not read this way. Columns whose
 * name ends in "_at" hold microseconds since the epoch and are written as RFC 3339 UTC strings. */
#ifndef AN_STORE_ROWS_H
#define AN_STORE_ROWS_H
#include <jansson.h>

#include "core/spec.h"
#include "store/db.h"

/* Appends one object per row to the array out. Returns the row count or an error. */
/* True when id (a tenant's or a shop's, for a scoped query) is a real one (> 0); otherwise logs
 * the caller (fn) as a bug and the scoped query answers "none": 0 never means "any". */
bool an_store_scoped(int64_t id, const char *fn);
int an_store_rows(struct an_db *db, const char *sql, const struct an_db_param *p, size_t n,
                  json_t *out);
/* Reads at most one row into *out (a new reference; NULL when none). Returns 1, 0 or an error. */
int an_store_row(struct an_db *db, const char *sql, const struct an_db_param *p, size_t n,
                 json_t **out);
/* The rows fill(db, rows) appends to a new array, in *rows (the caller releases it); on fill's
 * error (returned) *rows is NULL. For readers that fill a caller's array (an_backup_list, the
 * operator-wide lists of the registers). */
int an_store_rows_from(struct an_db *db, int (*fill)(struct an_db *db, json_t *rows),
                       json_t **rows);
/* Runs sql, an INSERT ... RETURNING id, and sets *id (when id is not NULL) to the new row's id.
 * Returns 1 when a row was inserted, 0 when none was, or an error. */
int an_store_insert_id(struct an_db *db, const char *sql, const struct an_db_param *p, size_t n,
                       int64_t *id);

/* Typed rows (core/spec.h): each column of the result is bound by its name to the spec's field
 * of that name. A column the spec does not know, a required field the query does not select or
 * finds NULL, or a value of another type is a bug in the query or the spec: it is logged with
 * the entity's and the column's name and the call fails (AN_DB_HARD) on its first row, on both
 * backends, instead of reading "" or 0. */
/* Reads at most one row into obj (a struct of spec; zeroed first, release with an_spec_clear).
 * Returns 1, 0 or an error (obj then holds nothing). */
int an_store_typed_row(struct an_db *db, const char *sql, const struct an_db_param *p, size_t n,
                       const struct an_spec *spec, void *obj);
/* Reads every row into a new array *items of *count structs of spec (release with
 * an_spec_free_array). Returns the row count or an error (then *items is NULL, *count 0). */
int an_store_typed_rows(struct an_db *db, const char *sql, const struct an_db_param *p, size_t n,
                        const struct an_spec *spec, void **items, size_t *count);

/* Typed rows for a list that is only passed on as a reply: each row is bound by name to spec (as
 * an_store_typed_rows, so a query and its spec that disagree fail) and appended to the array out
 * as an_spec_to_json writes it. Returns the row count or an error (out then unchanged). */
int an_store_typed_rows_json(struct an_db *db, const char *sql, const struct an_db_param *p,
                             size_t n, const struct an_spec *spec, json_t *out);

/* Row callback for a query whose first column is one integer (an id from RETURNING, a count):
 * stores it in *(int64_t *)cls. */
void an_store_int_cb(void *cls, const struct an_db_row *row);

/* Field readers for records: "" / 0 when absent or of another type. */
const char *an_rec_str(const json_t *rec, const char *key);
int64_t an_rec_int(const json_t *rec, const char *key);
/* Binds the parameters of a statement from the record rec, one per entry of keys (n of them), in
 * order. Each key is led by its kind: "t:" text (an_rec_str; it points into rec), "i:" integer
 * (an_rec_int), "n:" an integer or NULL when absent or null, "z:" an integer or NULL when absent
 * or 0. So a record's columns are listed once, as data, instead of one bind call each. */
void an_rec_params(const json_t *rec, const char *const *keys, size_t n, struct an_db_param *p);

#endif
