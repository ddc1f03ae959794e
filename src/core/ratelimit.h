/* Fixed-window rate limits kept in memory, per key (an IP address, an account). Each instance
 * counts on its own; with several instances, [password] rate_limit_store = database (the default
 * on PostgreSQL) adds counters shared through the database (store/ratelimits.h) so the limits
 * hold for the sum of attempts (SLA-21). */
#ifndef AN_CORE_RATELIMIT_H
#define AN_CORE_RATELIMIT_H
#include <stdbool.h>
#include <stdint.h>

struct an_ratelimit;

/* A limiter allowing `limit` events per `window_seconds` for each key. limit 0 disables it. */
struct an_ratelimit *an_ratelimit_new(long limit, long window_seconds);
void an_ratelimit_free(struct an_ratelimit *rl);
/* Counts one event for key at now (microseconds). Returns true when it is within the limit;
 * otherwise false and *retry_after (seconds until the window ends, >= 1). */
bool an_ratelimit_take(struct an_ratelimit *rl, const char *key, int64_t now, long *retry_after);

#endif
