/* Rows as records: a query's result read into JSON objects keyed by column name (the SQL's
 * aliases), for resources whose shape is the table's (the marketplace). Integers and booleans
 * become JSON integers, text stays text, NULL is null; blobs are not read this way. Columns whose
 * name ends in "_at" hold microseconds since the epoch and are written as RFC 3339 UTC strings. */
#ifndef AN_STORE_ROWS_H
#define AN_STORE_ROWS_H
#include <jansson.h>

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

/* Field readers for records: "" / 0 when absent or of another type. */
const char *an_rec_str(const json_t *rec, const char *key);
int64_t an_rec_int(const json_t *rec, const char *key);

#endif
