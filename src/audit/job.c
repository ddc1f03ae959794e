#include "audit/job.h"

#include <stdio.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/periodic.h"
#include "core/time.h"
#include "store/jobs.h"

#define US 1000000LL

struct an_db *an_job_round_open(struct an_ctx *ctx, const struct an_config *cfg,
                                const struct an_keys *keys, const char *actor,
                                const char *request_id)
{
  an_ctx_system(ctx, cfg, keys, actor, request_id);
  struct an_buf err = {0};
  struct an_db *db = an_db_open_buf(cfg, &err);
  if (!db)
    an_log(AN_LOG_WARN, "background job: database not reached",
           json_pack("{s:s, s:s}", "job", actor, "error", err.data ? err.data : ""));
  an_buf_free(&err);
  return db;
}

void an_job_holder(char *out, size_t n)
{
  char host[64] = "";
  gethostname(host, sizeof host - 1);
  snprintf(out, n, "%s:%ld", host, (long)getpid());
}

int64_t an_job_lapse_us(int rounds, long interval_ms)
{
  return rounds * (int64_t)interval_ms * 1000 + 10 * US;
}

int an_job_lease(const struct an_ctx *ctx, struct an_db *db, const char *kind, const char *holder,
                 int64_t lapse_us)
{
  return an_store_job_lease(db, kind, holder, ctx->now, ctx->now + lapse_us);
}

void an_job_lease_return(const struct an_config *cfg, const char *kind, const char *holder)
{
  struct an_buf err = {0};
  struct an_db *db = an_db_open_buf(cfg, &err);
  an_buf_free(&err);
  if (!db)
    return;
  int64_t now = an_time_now_us();
  an_store_job_lease(db, kind, holder, now, now);
  an_db_close(db);
}

static void leased_round(void *arg)
{
  struct an_leased_job *j = arg;
  struct an_ctx ctx;
  struct an_db *db = an_job_round_open(&ctx, j->cfg, j->keys, j->actor, j->request_id);
  if (!db)
    return;
  if (an_job_lease(&ctx, db, j->lease, j->holder, j->lapse_us) == 1)
    j->round(&ctx, db);
  an_db_close(db);
}

static void plain_round(void *arg)
{
  struct an_round_job *j = arg;
  struct an_ctx ctx;
  struct an_db *db = an_job_round_open(&ctx, j->cfg, j->keys, j->actor, j->request_id);
  if (!db)
    return;
  j->round(&ctx, db);
  an_db_close(db);
}

void an_round_job_start(struct an_round_job *j, const struct an_config *cfg,
                        const struct an_keys *keys, long interval_ms)
{
  if (j->thread)
    return;
  j->cfg = cfg;
  j->keys = keys;
  j->thread = an_periodic_start(plain_round, j, interval_ms);
}

void an_round_job_stop(struct an_round_job *j)
{
  if (!j->thread)
    return;
  an_periodic_stop(j->thread);
  j->thread = NULL;
}

bool an_leased_job_start(struct an_leased_job *j, const struct an_config *cfg,
                         const struct an_keys *keys, long interval_ms, int64_t lapse_us)
{
  if (j->thread)
    return true;
  j->cfg = cfg;
  j->keys = keys;
  j->lapse_us = lapse_us;
  an_job_holder(j->holder, sizeof j->holder);
  j->thread = an_periodic_start(leased_round, j, interval_ms);
  return j->thread != NULL;
}

void an_leased_job_stop(struct an_leased_job *j, bool hand_back)
{
  if (!j->thread)
    return;
  an_periodic_stop(j->thread);
  j->thread = NULL;
  if (hand_back)
    an_job_lease_return(j->cfg, j->lease, j->holder);
}

static void flusher_round(void *arg)
{
  struct an_flusher *f = arg;
  struct an_buf err = {0};
  struct an_db *db = an_db_open_buf(f->cfg, &err);
  if (f->flush(db) < 0)
    an_log(AN_LOG_WARN, f->warning,
           json_pack("{s:s}", "error", err.data ? err.data : "the database refused the write"));
  an_buf_free(&err);
  if (db)
    an_db_close(db);
}

void an_flusher_start(struct an_flusher *f, const struct an_config *cfg, long interval_ms)
{
  if (f->thread)
    return;
  f->cfg = cfg;
  f->thread = an_periodic_start(flusher_round, f, interval_ms);
}

void an_flusher_stop(struct an_flusher *f)
{
  if (!f->thread)
    return;
  an_periodic_stop(f->thread);
  f->thread = NULL;
  flusher_round(f);
}
