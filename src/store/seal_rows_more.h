/* The batch sealing and the census of the tables beyond users, tenants and mail
 * (store/seal_fields.h; called from store/seal_rows.c). */
#ifndef AN_STORE_SEAL_ROWS_MORE_H
#define AN_STORE_SEAL_ROWS_MORE_H
#include <jansson.h>
#include <stdint.h>

#include "store/db.h"

/* Counts one stored value in the census (store/seal_rows.c). */
typedef void (*an_seal_count_fn)(json_t *census, int64_t tenant, const char *stored, int64_t row,
                                 const char *table, const char *column);

/* Seals, batch by batch (each one transaction), every plaintext value of those tables (rows of a
 * tenant without a key wait), renewing the blind indexes; idempotent and resumable. Sets in out
 * {table: rows sealed} and adds them to *total. Returns 0 or an error. */
int an_store_seal_migrate_more(struct an_db *db, json_t *out, long *total);
/* Counts every value of those tables with count into census. Returns 0 or an error. */
int an_store_seal_census_more(struct an_db *db, an_seal_count_fn count, json_t *census);

/* The loop of one batch (store/seal_rows.c and here): seal(db, cls, row) on each record of rows
 * until one fails, the records tried counted in *done (set to 0 first). rc is the result of
 * reading rows: an error runs nothing. Frees rows. Returns 0 or the error. */
int an_store_seal_batch(struct an_db *db, json_t *rows, int rc,
                        int (*seal)(struct an_db *db, void *cls, json_t *row), void *cls,
                        long *done);

#endif
