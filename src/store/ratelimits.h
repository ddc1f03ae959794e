/* Rate-limit counters in the database, shared by every instance (core/ratelimit.h counts per
 * instance in memory). */
#ifndef AN_STORE_RATELIMITS_H
#define AN_STORE_RATELIMITS_H
#include <stdint.h>

#include "store/db.h"

/* Counts one event for key in the window starting at window_start (microseconds) and writes the
 * window's count so far into *hits. One atomic statement. Returns 1 or an error. */
int an_store_rate_hit(struct an_db *db, const char *key, int64_t window_start, int64_t *hits);
/* Adds n events (>= 1) for key in the window starting at window_start (microseconds); a new
 * window restarts the count. *total gets the window's count after the addition. One atomic
 * statement. Returns 1 or an error. */
int an_store_rate_add(struct an_db *db, const char *key, int64_t window_start, int64_t n,
                      int64_t *total);
/* Deletes counters of windows that started before `before`. Returns the count or an error. */
int an_store_rate_sweep(struct an_db *db, int64_t before);

#endif
