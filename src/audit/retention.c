#include "audit/retention.h"

#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "core/log.h"
#include "core/time.h"
#include "store/db.h"

static pthread_t thread;
static bool running;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static bool stopping;
static const struct an_config *config;
static const struct an_keys *keyring;

static void run_once(void)
{
  char err[256];
  struct an_db *db = an_db_open(config, err, sizeof err);
  if (!db) {
    an_log_bug("retention: cannot open the database", json_pack("{s:s}", "detail", err));
    return;
  }
  struct an_ctx ctx = {.cfg = config, .keys = keyring, .now = an_time_now_us(),
                       .subject = AN_SUBJECT_SYSTEM};
  strcpy(ctx.actor, "retention job");
  strcpy(ctx.client_ip, "local");
  strcpy(ctx.request_id, "retention");
  int64_t n = 0;
  if (an_audit_purge(&ctx, db, config->audit_retention_days, &n) < 0)
    an_log_bug("retention: purge failed", NULL);
  else if (n > 0)
    an_log(AN_LOG_INFO, "audit events purged", json_pack("{s:I}", "count", (json_int_t)n));
  an_db_close(db);
}

static void *loop(void *arg)
{
  (void)arg;
  pthread_mutex_lock(&lock);
  while (!stopping) {
    pthread_mutex_unlock(&lock);
    run_once();
    pthread_mutex_lock(&lock);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 3600;
    while (!stopping && pthread_cond_timedwait(&wake, &lock, &until) == 0) {
    }
  }
  pthread_mutex_unlock(&lock);
  return NULL;
}

void an_retention_start(const struct an_config *cfg, const struct an_keys *keys)
{
  if (cfg->audit_retention_days <= 0)
    return;
  config = cfg;
  keyring = keys;
  stopping = false;
  running = pthread_create(&thread, NULL, loop, NULL) == 0;
}

void an_retention_stop(void)
{
  if (!running)
    return;
  pthread_mutex_lock(&lock);
  stopping = true;
  pthread_cond_broadcast(&wake);
  pthread_mutex_unlock(&lock);
  pthread_join(thread, NULL);
  running = false;
}
