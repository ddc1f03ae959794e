#include "market/worker.h"

#include <stdio.h>
#include <string.h>

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
#include "store/jobs.h"
#include "store/market_ops.h"
#include "store/ratelimits.h"
#include "store/rows.h"
#include "store/sessions.h"

#define LEASE_US (5LL * 60 * 1000000)

static struct an_periodic *worker;
static const struct an_config *config;
static const struct an_keys *keyring;

static void system_ctx(struct an_ctx *ctx, const struct an_config *cfg, const struct an_keys *k)
{
  memset(ctx, 0, sizeof *ctx);
  ctx->cfg = cfg;
  ctx->keys = k;
  ctx->now = an_time_now_us();
  ctx->subject = AN_SUBJECT_SYSTEM;
  snprintf(ctx->actor, sizeof ctx->actor, "scheduler");
  snprintf(ctx->client_ip, sizeof ctx->client_ip, "local");
  snprintf(ctx->request_id, sizeof ctx->request_id, "scheduler");
}

struct run {
  const struct an_ctx *ctx;
  json_t *job;
};

static int claim_txn(struct an_db *db, void *cls)
{
  struct run *r = cls;
  json_decref(r->job);
  r->job = NULL;
  return an_store_job_claim(db, r->ctx->now, r->ctx->now + LEASE_US, &r->job);
}

static int job_txn(struct an_db *db, void *cls)
{
  struct run *r = cls;
  const char *kind = an_rec_str(r->job, "kind");
  int64_t ref = an_rec_int(r->job, "ref_id");
  int rc = !strcmp(kind, "change.apply")     ? an_change_apply_job(r->ctx, db, ref)
           : !strcmp(kind, "contract.end")   ? an_contract_end_job(r->ctx, db, ref)
           : !strcmp(kind, "service.end")    ? an_service_end_job(r->ctx, db, ref)
           : !strcmp(kind, "plan.fee_apply") ? an_plan_fee_apply_job(r->ctx, db, ref)
                                             : AN_DB_HARD;
  if (rc < 0)
    return rc;
  return an_store_job_finish(db, an_rec_int(r->job, "id"), "done", "", r->ctx->now);
}

static int fail_txn(struct an_db *db, void *cls)
{
  struct run *r = cls;
  /* Left pending: the lease expires and the job is tried again, up to 5 times. */
  const char *status = an_rec_int(r->job, "attempts") >= 5 ? "failed" : "pending";
  return an_store_job_finish(db, an_rec_int(r->job, "id"), status, "job failed", r->ctx->now);
}

static int run_jobs(const struct an_ctx *ctx, struct an_db *db)
{
  int n = 0;
  for (int i = 0; i < 100; i++) {
    struct run r = {ctx, NULL};
    int rc = an_db_txn(db, claim_txn, &r);
    if (rc <= 0) {
      json_decref(r.job);
      return rc < 0 ? rc : n;
    }
    if (an_db_txn(db, job_txn, &r) < 0) {
      an_log_bug("scheduled job failed", json_pack("{s:s, s:I}", "kind", an_rec_str(r.job, "kind"),
                                                   "ref", (json_int_t)an_rec_int(r.job, "ref_id")));
      an_db_txn(db, fail_txn, &r);
    }
    json_decref(r.job);
    n++;
  }
  return n;
}

static void deliver(const struct an_ctx *ctx, struct an_db *db)
{
  json_t *due = json_array();
  if (an_store_webhook_due(db, ctx->now, 20, due) < 0) {
    json_decref(due);
    return;
  }
  size_t i;
  json_t *w;
  json_array_foreach(due, i, w)
  {
    char stored[300], secret[65] = "", err[256] = "";
    if (an_store_shop_secret(db, an_rec_int(w, "shop_id"), stored, sizeof stored) < 0)
      break;
    if (!an_shop_secret_open(ctx->keys, an_rec_int(w, "shop_id"), stored, secret))
      secret[0] = '\0'; /* never signs with a wrong key: the attempt fails below */
    int64_t id = an_rec_int(w, "id"), attempts = an_rec_int(w, "attempts") + 1;
    long status = 0;
    if (!secret[0])
      snprintf(err, sizeof err, "the signing secret cannot be opened");
    else if (an_rec_str(w, "url")[0])
      status = an_webhook_post(an_rec_str(w, "url"), an_rec_str(w, "event"), id, secret,
                               an_time_now_us() / 1000000, an_rec_str(w, "payload"),
                               ctx->cfg->webhook_allow_private_targets, err, sizeof err);
    else
      snprintf(err, sizeof err, "no webhook URL");
    bool ok = status >= 200 && status < 300;
    const char *st = ok ? "delivered" : attempts >= AN_WEBHOOK_MAX_ATTEMPTS ? "failed" : "pending";
    /* The shop learns only that the attempt failed (M2): the status and the connection error
     * would make the webhook a scanner of the operator's network. They go to the log. */
    if (!ok)
      an_log(AN_LOG_INFO, "webhook delivery failed",
             json_pack("{s:I, s:I, s:I, s:I, s:s}", "delivery", (json_int_t)id, "shop",
                       (json_int_t)an_rec_int(w, "shop_id"), "attempt", (json_int_t)attempts,
                       "status", (json_int_t)status, "detail", err));
    int64_t now = an_time_now_us();
    an_store_webhook_result(db, id, st, attempts, now + an_webhook_backoff_us(attempts),
                            ok ? status : 0, ok ? "" : AN_WEBHOOK_FAILED_TEXT, now);
  }
  json_decref(due);
}

int an_market_run_due(const struct an_config *cfg, const struct an_keys *keys)
{
  char err[256];
  struct an_db *db = an_db_open(cfg, err, sizeof err);
  if (!db) {
    an_log_bug("market worker: cannot open the database", json_pack("{s:s}", "detail", err));
    return -1;
  }
  struct an_ctx ctx;
  system_ctx(&ctx, cfg, keys);
  int n = run_jobs(&ctx, db);
  deliver(&ctx, db);
  /* Shared rate-limit counters older than two minutes count for nothing any more. */
  an_store_rate_sweep(db, ctx.now - 120 * 1000000LL);
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
