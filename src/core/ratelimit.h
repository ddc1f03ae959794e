/* Fixed-window rate limits kept in memory, per key (an IP address, an account). Every key is
 * counted under its full text, so no key can touch another's count (M1). Each instance counts on
 * its own; with several instances, [password] rate_limit_store = database (the default on
 * PostgreSQL) adds counters shared through the database (store/ratelimits.h) so the limits hold
 * for the sum of attempts (SLA-21). */
#ifndef AN_CORE_RATELIMIT_H
#define AN_CORE_RATELIMIT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct an_ratelimit;

/* Keys a limiter holds at most within one window unless told otherwise. */
#define AN_RATELIMIT_MAX_KEYS 100000

/* A limiter allowing `limit` events per `window_seconds` for each key, remembering at most
 * max_keys keys in one window (0: AN_RATELIMIT_MAX_KEYS). limit 0 disables it. Keys of past
 * windows are dropped when a new window starts, so memory stays within the keys of one window. */
struct an_ratelimit *an_ratelimit_new(long limit, long window_seconds, size_t max_keys);
void an_ratelimit_free(struct an_ratelimit *rl);
/* Counts one event for key at now (microseconds). Returns true when it is within the limit;
 * otherwise false and *retry_after (seconds until the window ends, >= 1). A key not yet known
 * while the limiter already holds max_keys keys of this window is refused the same way (fails
 * closed): a flood of distinct keys cannot push a counted key out. */
bool an_ratelimit_take(struct an_ratelimit *rl, const char *key, int64_t now, long *retry_after);
/* Number of keys held (for tests and metrics). */
size_t an_ratelimit_size(struct an_ratelimit *rl);

#endif
