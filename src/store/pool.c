/* One connection per thread: no locking on the query path, and a connection is never shared.
 * The list of all connections exists only so that shutdown can close them. */
#include "store/pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "core/alloc.h"
#include "core/log.h"
#include "store/db.h"

static const struct an_config *pool_cfg;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct an_db **all;
static size_t n_all, cap_all;
/* Bumped by shutdown, so a thread never reuses a connection that shutdown closed. */
static atomic_uint generation = 1;

static _Thread_local struct an_db *mine;
static _Thread_local unsigned my_generation;

void an_pool_init(const struct an_config *cfg)
{
  pthread_mutex_lock(&lock);
  pool_cfg = cfg;
  pthread_mutex_unlock(&lock);
}

static void remember(struct an_db *db)
{
  pthread_mutex_lock(&lock);
  if (n_all == cap_all) {
    cap_all = cap_all ? cap_all * 2 : 16;
    all = an_realloc(all, cap_all * sizeof *all);
  }
  all[n_all++] = db;
  pthread_mutex_unlock(&lock);
}

struct an_db *an_pool_get(void)
{
  unsigned gen = atomic_load(&generation);
  if (mine && my_generation == gen)
    return mine;
  mine = NULL;
  pthread_mutex_lock(&lock);
  const struct an_config *cfg = pool_cfg;
  pthread_mutex_unlock(&lock);
  if (!cfg) {
    an_log_bug("an_pool_get before an_pool_init", NULL);
    return NULL;
  }
  char err[512];
  struct an_db *db = an_db_open(cfg, err, sizeof err);
  if (!db) {
    an_log(AN_LOG_ERROR, "cannot open a database connection", json_pack("{s:s}", "error", err));
    return NULL;
  }
  remember(db);
  mine = db;
  my_generation = gen;
  return db;
}

void an_pool_shutdown(void)
{
  pthread_mutex_lock(&lock);
  atomic_fetch_add(&generation, 1);
  for (size_t i = 0; i < n_all; i++)
    an_db_close(all[i]);
  free(all);
  all = NULL;
  n_all = cap_all = 0;
  pthread_mutex_unlock(&lock);
  mine = NULL;
}
