/* One connection per worker thread: opened on first use, closed at shutdown. */
#ifndef AN_STORE_POOL_H
#define AN_STORE_POOL_H
#include "core/config.h"

struct an_db;

/* Remembers cfg (which must outlive the pool) for the connections opened later. */
void an_pool_init(const struct an_config *cfg);
/* The calling thread's connection, opened if needed; NULL when the database cannot be reached
 * (the error is logged and the next call tries again). */
struct an_db *an_pool_get(void);
/* dedicated tenancy (issue 15 item 3): the calling thread's connection to another PostgreSQL
 * database (a dedicated tenant's, conninfo url; cfg's other settings), opened if needed and
 * closed by an_pool_shutdown; NULL when it cannot be reached (logged without the conninfo). */
struct an_db *an_pool_for_url(const struct an_config *cfg, const char *url);
/* Closes every connection opened by the pool. Call once, after the workers stopped. */
void an_pool_shutdown(void);

#endif
