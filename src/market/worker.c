#include "market/worker.h"

#include <stdio.h>
#include <string.h>

#include "audit/job.h"
#include "core/log.h"
#include "core/periodic.h"
#include "core/time.h"
#include "market/applications.h"
#include "market/catalogue.h"
#include "market/changes.h"
#include "market/contracts.h"
#include "market/edits.h"
#include "notify/webhook.h"
#include "store/catalogue.h"
#include "store/idempotency.h"
#include "store/jobs.h"
#include "store/market_ops.h"
#include "store/ratelimits.h"
#include "store/sessions.h"

static struct an_periodic *worker;
static const struct an_config *config;
static const struct an_keys *keyring;

struct run {
  const struct an_ctx *ctx;
  struct an_job job;
  bool fenced; /* another instance claimed the job since this one did */
};

static int claim_txn(struct an_db *db, void *cls)
{
  struct run *r = cls;
  an_spec_clear(&an_job_spec, &r->job);
  /* [jobs] lease_ms: after an instance died holding a claim, the job waits this long;
   * a job outliving its lease is safe (fenced), it only may be started twice. */
  int64_t lease_us = (int64_t)r->ctx->cfg->jobs_lease_ms * 1000;
  return an_store_job_claim(db, r->ctx->now, r->ctx->now + lease_us, &r->job);
}

static int job_txn(struct an_db *db, void *cls)
{
  struct run *r = cls;
  const char *kind = r->job.kind;
  int64_t ref = r->job.ref_id;
  /* Fenced first: if this instance's lease lapsed and another instance claimed the job, nothing
   * of it commits here; otherwise the job's row stays locked until the work commits. */
  int rc = an_store_job_finish(db, r->job.id, r->job.fence, "done", "", r->ctx->now);
  r->fenced = rc == 0;
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  rc = !strcmp(kind, "change.apply")     ? an_change_apply_job(r->ctx, db, ref)
       : !strcmp(kind, "contract.end")   ? an_contract_end_job(r->ctx, db, ref)
       : !strcmp(kind, "service.end")    ? an_service_end_job(r->ctx, db, ref)
       : !strcmp(kind, "plan.fee_apply") ? an_plan_fee_apply_job(r->ctx, db, ref)
                                         : AN_DB_HARD;
  return rc < 0 ? rc : 1;
}

static int fail_txn(struct an_db *db, void *cls)
{
  struct run *r = cls;
  /* Left pending: the lease expires and the job is tried again, up to 5 times. */
  const char *status = r->job.attempts >= 5 ? "failed" : "pending";
  return an_store_job_finish(db, r->job.id, r->job.fence, status, "job failed", r->ctx->now);
}

static int run_jobs(const struct an_ctx *ctx, struct an_db *db)
{
  int n = 0;
  for (int i = 0; i < 100; i++) {
    struct run r = {ctx, {0}, false};
    int rc = an_db_txn(db, claim_txn, &r);
    if (rc <= 0) {
      an_spec_clear(&an_job_spec, &r.job);
      return rc < 0 ? rc : n;
    }
    rc = an_db_txn(db, job_txn, &r);
    if (r.fenced) {
      an_log(AN_LOG_WARN, "scheduled job taken over by another instance (lease lapsed)",
             json_pack("{s:I}", "job", (json_int_t)r.job.id));
    } else if (rc < 0) {
      an_log_bug("scheduled job failed",
                 json_pack("{s:s, s:I}", "kind", r.job.kind, "ref", (json_int_t)r.job.ref_id));
      an_db_txn(db, fail_txn, &r);
    }
    an_spec_clear(&an_job_spec, &r.job);
    n++;
  }
  return n;
}

/* One delivery attempt of w; the result is stored with the next try's time. False when the
 * database fails (the round stops). */
static bool deliver_one(const struct an_ctx *ctx, struct an_db *db, const struct an_webhook_due *w)
{
  char stored[300], secret[65] = "", err[256] = "";
  if (an_store_shop_secret(db, w->shop_id, stored, sizeof stored) < 0)
    return false;
  if (!an_shop_secret_open(ctx->keys, w->shop_id, stored, secret))
    secret[0] = '\0'; /* never signs with a wrong key: the attempt fails below */
  int64_t attempts = w->attempts + 1;
  long status = 0;
  if (!secret[0])
    snprintf(err, sizeof err, "the signing secret cannot be opened");
  else if (w->url[0])
    status = an_webhook_post(w->url, w->event, w->id, secret, an_time_now_us() / 1000000,
                             w->payload, ctx->cfg->webhook_allow_private_targets, err, sizeof err);
  else
    snprintf(err, sizeof err, "no webhook URL");
  bool ok = status >= 200 && status < 300;
  const char *st = ok ? "delivered" : attempts >= AN_WEBHOOK_MAX_ATTEMPTS ? "failed" : "pending";
  /* The shop learns only that the attempt failed (M2): the status and the connection error
   * would make the webhook a scanner of the operator's network. They go to the log. */
  if (!ok)
    an_log(AN_LOG_INFO, "webhook delivery failed",
           json_pack("{s:I, s:I, s:I, s:I, s:s}", "delivery", (json_int_t)w->id, "shop",
                     (json_int_t)w->shop_id, "attempt", (json_int_t)attempts, "status",
                     (json_int_t)status, "detail", err));
  int64_t now = an_time_now_us();
  an_store_webhook_result(db, w->id, st, attempts, now + an_webhook_backoff_us(attempts),
                          ok ? status : 0, ok ? "" : AN_WEBHOOK_FAILED_TEXT, now);
  return true;
}

static void deliver(const struct an_ctx *ctx, struct an_db *db)
{
  struct an_webhook_due *due = NULL;
  size_t n = 0;
  if (an_store_webhook_due(db, ctx->now, 20, &due, &n) < 0)
    return;
  for (size_t i = 0; i < n && deliver_one(ctx, db, &due[i]); i++)
    ;
  an_spec_free_array(&an_webhook_due_spec, due, n);
}

int an_market_run_due(const struct an_config *cfg, const struct an_keys *keys)
{
  struct an_ctx ctx;
  struct an_db *db = an_job_round_open(&ctx, cfg, keys, "scheduler", "scheduler");
  if (!db)
    return -1;
  int n = run_jobs(&ctx, db);
  deliver(&ctx, db);
  /* Shared rate-limit counters older than two minutes count for nothing any more. */
  an_store_rate_sweep(db, ctx.now - 120 * 1000000LL);
  /* Answers kept for Idempotency-Keys past [idempotency] ttl_seconds (issue 15 item 1). */
  an_store_idem_sweep(db, ctx.now);
  /* Sessions ended more than [session] retention_days ago are deleted (I4). */
  an_store_session_purge(db, ctx.now - cfg->session_retention_days * 86400LL * 1000000LL);
  /* Applications never confirmed are not kept once their link has expired (M6 of issue 8). */
  an_application_purge_unconfirmed(db, ctx.now);
  an_db_close(db);
  return n;
}

static void run_once(void *arg)
{
  (void)arg;
  an_market_run_due(config, keyring);
}

bool an_market_worker_start(const struct an_config *cfg, const struct an_keys *keys)
{
  config = cfg;
  keyring = keys;
  worker = an_periodic_start(run_once, NULL, cfg->market_poll_interval_ms);
  return worker != NULL;
}

void an_market_worker_stop(void)
{
  an_periodic_stop(worker);
  worker = NULL;
}
