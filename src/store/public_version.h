/* The version of what the public pages (the catalogue and the published documents) are built
 * from: shops, services, plans and documents. Two parts:
 *   - a generation counter in this process, moved on by every store write to those tables once
 *     its transaction has committed (an_store_public_touch), so this instance sees its own
 *     changes at once;
 *   - a fingerprint read from the database (row counts and a per-row change marker of the four
 *     tables), which moves when any instance, or anything else, changes them.
 * Neither needs a table of its own. */
#ifndef AN_STORE_PUBLIC_VERSION_H
#define AN_STORE_PUBLIC_VERSION_H
#include <stdint.h>

#include "store/db.h"

/* Eight numbers that change whenever a row of shops, services, plans or documents is inserted,
 * deleted or (except as below) updated. PostgreSQL: per table the row count and the sum of the
 * rows' xmin (every updated row version has a new one). SQLite: per table the row count and,
 * for shops and services, the sum of updated_at (microseconds), for plans and documents (which
 * are never updated) the largest id. */
#define AN_PUBLIC_FINGERPRINT_N 8
struct an_public_fingerprint {
  int64_t v[AN_PUBLIC_FINGERPRINT_N];
};

/* This process's generation: moves on after each committed change made through the store. */
uint64_t an_store_public_generation(void);
/* Records that a public table changed: after the open transaction of db commits, or at once
 * when there is none. Called by the store's writers of those tables. */
void an_store_public_touch(struct an_db *db);
/* Reads the fingerprint (one query). Returns 1 or an error. */
int an_store_public_fingerprint(struct an_db *db, struct an_public_fingerprint *out);

#endif
