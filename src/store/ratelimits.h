/* Rate-limit counters in the database, shared by every instance (core/ratelimit.h counts per
 * instance in memory). */
#ifndef AN_STORE_RATELIMITS_H
#define AN_STORE_RATELIMITS_H
#include <stdint.h>

#include "store/db.h"

/* Counts one event for key in the window starting at window_start (microseconds) and writes the
 * window's count so far into *hits. One atomic statement. Returns 1 or an error. */
int an_store_rate_hit(struct an_db *db, const char *key, int64_t window_start, int64_t *hits);
/* Deletes counters of windows that started before `before`. Returns the count or an error. */
int an_store_rate_sweep(struct an_db *db, int64_t before);

#endif
