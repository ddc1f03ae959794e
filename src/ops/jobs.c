#include "ops/jobs.h"

#include <stdio.h>
#include <string.h>

#include "audit/job.h"
#include "core/log.h"
#include "core/periodic.h"
#include "core/time.h"
#include "ops/ops.h"
#include "store/db.h"

static void round_(const struct an_ctx *ctx, struct an_db *db)
{
  int n = an_ops_announcements_deliver_due(ctx, db);
  if (n > 0)
    an_log(AN_LOG_INFO, "announcements mailed at their publish time",
           json_pack("{s:i}", "count", n));
}

static struct an_round_job job = {.actor = "ops-jobs", .request_id = "ops-jobs", .round = round_};

void an_ops_jobs_start(const struct an_config *cfg, const struct an_keys *keys)
{
  an_round_job_start(&job, cfg, keys, cfg->ops_jobs_interval_ms);
}

void an_ops_jobs_stop(void)
{
  an_round_job_stop(&job);
}
