#include "audit/retention.h"

#include <stdbool.h>
#include <string.h>

#include "audit/audit.h"
#include "audit/job.h"
#include "audit/tenant_retention.h"
#include "core/log.h"
#include "core/periodic.h"
#include "core/time.h"
#include "store/db.h"

static void round_(const struct an_ctx *ctx, struct an_db *db)
{
  const struct an_config *config = ctx->cfg;
  int64_t n = 0;
  /* Tenants' own retention first (CHK-24): their tombstones then go with the checkpoint. */
  if (an_audit_purge_tenants(ctx, db, config->audit_retention_days, &n) < 0)
    an_log_bug("retention: a tenant's purge failed", NULL);
  else if (n > 0)
    an_log(AN_LOG_INFO, "tenant audit events purged", json_pack("{s:I}", "count", (json_int_t)n));
  n = 0;
  if (config->audit_retention_days <= 0)
    ;
  else if (an_audit_purge(ctx, db, config->audit_retention_days, &n) < 0)
    an_log_bug("retention: purge failed", NULL);
  else if (n > 0)
    an_log(AN_LOG_INFO, "audit events purged", json_pack("{s:I}", "count", (json_int_t)n));
}

static struct an_round_job job = {
    .actor = "retention job", .request_id = "retention", .round = round_};

void an_retention_start(const struct an_config *cfg, const struct an_keys *keys)
{
  /* always: tenants may set a retention of their own (CHK-24); at start, then hourly */
  an_round_job_start(&job, cfg, keys, 3600 * 1000L);
}

void an_retention_stop(void)
{
  an_round_job_stop(&job);
}
