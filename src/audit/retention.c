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

static struct an_periodic *job;
static const struct an_config *config;
static const struct an_keys *keyring;

static void run_once(void *arg)
{
  (void)arg;
  struct an_ctx ctx;
  struct an_db *db = an_job_round_open(&ctx, config, keyring, "retention job", "retention");
  if (!db)
    return;
  int64_t n = 0;
  /* Tenants' own retention first (CHK-24): their tombstones then go with the checkpoint. */
  if (an_audit_purge_tenants(&ctx, db, config->audit_retention_days, &n) < 0)
    an_log_bug("retention: a tenant's purge failed", NULL);
  else if (n > 0)
    an_log(AN_LOG_INFO, "tenant audit events purged", json_pack("{s:I}", "count", (json_int_t)n));
  n = 0;
  if (config->audit_retention_days <= 0)
    ;
  else if (an_audit_purge(&ctx, db, config->audit_retention_days, &n) < 0)
    an_log_bug("retention: purge failed", NULL);
  else if (n > 0)
    an_log(AN_LOG_INFO, "audit events purged", json_pack("{s:I}", "count", (json_int_t)n));
  an_db_close(db);
}

void an_retention_start(const struct an_config *cfg, const struct an_keys *keys)
{
  config = cfg; /* always: tenants may set a retention of their own (CHK-24) */
  keyring = keys;
  job = an_periodic_start(run_once, NULL, 3600 * 1000L); /* at start, then hourly */
}

void an_retention_stop(void)
{
  an_periodic_stop(job);
  job = NULL;
}
