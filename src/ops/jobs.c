#include "ops/jobs.h"

#include <stdio.h>
#include <string.h>

#include "audit/job.h"
#include "core/log.h"
#include "core/periodic.h"
#include "core/time.h"
#include "ops/ops.h"
#include "store/db.h"

static struct an_periodic *thread;
static const struct an_config *config;
static const struct an_keys *keyring;

static void run(void *arg)
{
  (void)arg;
  struct an_ctx ctx;
  struct an_db *db = an_job_round_open(&ctx, config, keyring, "ops-jobs", "ops-jobs");
  if (!db)
    return;
  int n = an_ops_announcements_deliver_due(&ctx, db);
  if (n > 0)
    an_log(AN_LOG_INFO, "announcements mailed at their publish time",
           json_pack("{s:i}", "count", n));
  an_db_close(db);
}

void an_ops_jobs_start(const struct an_config *cfg, const struct an_keys *keys)
{
  if (thread)
    return;
  config = cfg;
  keyring = keys;
  thread = an_periodic_start(run, NULL, cfg->ops_jobs_interval_ms);
}

void an_ops_jobs_stop(void)
{
  an_periodic_stop(thread);
  thread = NULL;
}
