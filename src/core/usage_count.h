/* API calls per tenant and JST day, counted in memory by the request path (WP-15, SLA-11) and
 * taken from time to time to be added to the database (identity/usage.h flushes them). */
#ifndef AN_CORE_USAGE_COUNT_H
#define AN_CORE_USAGE_COUNT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One tenant's calls on one JST day (day = days since 1970-01-01 in JST). */
struct an_usage_calls {
  int64_t tenant_id, day, count;
};

/* The JST day number of an instant (microseconds since the epoch). */
int64_t an_usage_day_of(int64_t now_us);

/* Counts one request in tenant_id's scope at now_us; tenant_id <= 0 counts nothing. Thread-safe. */
void an_usage_count(int64_t tenant_id, int64_t now_us);

/* Takes every pending count (the caller owns *out, free() it); *n gets how many. Returns false
 * when there is nothing to take (or no memory: the counts stay pending). */
bool an_usage_take(struct an_usage_calls **out, size_t *n);

/* Puts counts back that could not be written (they are taken again next time). */
void an_usage_untake(const struct an_usage_calls *in, size_t n);

/* The calls of tenant_id on day counted here and not yet taken. */
int64_t an_usage_pending(int64_t tenant_id, int64_t day);

#endif
