/* One connection per thread: no locking on the query path, and a connection is never shared.
 * The list of all connections exists only so that shutdown can close them. */
#include "store/pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

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

/* This thread's connections to dedicated tenants' databases, by conninfo (few: one per
 * dedicated tenant this worker served). */
struct url_conn {
  char *url;
  struct an_db *db;
};
static _Thread_local struct url_conn *my_urls;
static _Thread_local size_t my_n_urls;
static _Thread_local unsigned my_urls_generation;

struct an_db *an_pool_for_url(const struct an_config *cfg, const char *url)
{
  unsigned gen = atomic_load(&generation);
  if (my_urls_generation != gen) { /* shutdown closed them: forget, never reuse */
    for (size_t i = 0; i < my_n_urls; i++)
      free(my_urls[i].url);
    free(my_urls);
    my_urls = NULL;
    my_n_urls = 0;
    my_urls_generation = gen;
  }
  for (size_t i = 0; i < my_n_urls; i++)
    if (!strcmp(my_urls[i].url, url))
      return my_urls[i].db;
  struct an_config c = *cfg;
  c.store_driver = (char *)"postgres";
  char *copy = an_strdup(url); /* the configuration holds its strings on the heap */
  c.store_url = copy;
  char err[512];
  struct an_db *db = an_db_open(&c, err, sizeof err);
  free(copy);
  if (!db) {
    an_log(AN_LOG_ERROR, "cannot open a connection to a tenant's database", NULL);
    return NULL;
  }
  remember(db);
  my_urls = an_realloc(my_urls, (my_n_urls + 1) * sizeof *my_urls);
  my_urls[my_n_urls++] = (struct url_conn){an_strdup(url), db};
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
