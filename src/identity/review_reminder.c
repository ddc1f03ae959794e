#include "identity/review_reminder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "audit/audited.h"
#include "audit/job.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/messages.h"
#include "core/periodic.h"
#include "core/time.h"
#include "notify/notice.h"
#include "store/market_ops.h"
#include "store/review_reminders.h"

#define US 1000000LL
#define BATCH 200
#define LEASE "account_review.remind"

struct tenant_due {
  int64_t tenant_id, due_at, months;
  char *name;
};

struct due_list {
  struct tenant_due *items;
  size_t n, cap;
};

static void due_cb(void *cls, const struct an_review_due *d)
{
  struct due_list *l = cls;
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 16;
    struct tenant_due *p = realloc(l->items, cap * sizeof *p);
    if (!p)
      return;
    l->items = p;
    l->cap = cap;
  }
  l->items[l->n++] = (struct tenant_due){d->tenant_id, d->due_at, d->months, strdup(d->name)};
}

struct remind {
  const struct an_ctx *ctx;
  const struct tenant_due *t;
  json_t *vars;
};

static int remind_txn(struct an_db *db, void *cls)
{
  struct remind *r = cls;
  int64_t t = r->t->tenant_id, admins = 0;
  int rc = an_store_review_claim(db, t, r->t->due_at);
  if (rc <= 0)
    return rc; /* already reminded of this due date */
  const char *key = "account_review_due";
  if ((rc = an_notify_portal_notice(r->ctx, db, t, key, key, r->vars, "account-review")) < 0)
    return rc;
  if ((rc = an_notify_tenant_admins(r->ctx, db, t, key, r->vars, &admins)) < 0)
    return rc;
  char due[40];
  an_time_format_jst(r->t->due_at, due, sizeof due);
  rc = an_audit_changed(r->ctx, db, "account_review.remind", "tenant", r->t->tenant_id,
                        r->t->tenant_id,
                        json_pack("{s:s, s:I}", "due_at", due, "admins", (json_int_t)admins));
  return rc < 0 ? rc : 2; /* 2: reminded now */
}

int an_review_remind(const struct an_ctx *ctx, struct an_db *db, int64_t *sent)
{
  *sent = 0;
  struct due_list l = {0};
  int rc = an_store_review_due_all(db, ctx->now, BATCH, due_cb, &l);
  for (size_t i = 0; rc >= 0 && i < l.n; i++) {
    if (!l.items[i].name)
      continue;
    char due[40];
    an_time_format_jst(l.items[i].due_at, due, sizeof due);
    due[10] = '\0'; /* the JST date */
    json_t *vars = json_pack("{s:s, s:I, s:s}", "company", l.items[i].name, "months",
                             (json_int_t)l.items[i].months, "due_on", due);
    struct remind r = {ctx, &l.items[i], vars};
    int one = vars ? an_db_txn(db, remind_txn, &r) : AN_DB_HARD;
    json_decref(vars);
    if (one == 2)
      (*sent)++;
    else if (one < 0)
      an_log_bug("account review reminder failed",
                 json_pack("{s:I}", "tenant_id", (json_int_t)l.items[i].tenant_id));
  }
  for (size_t i = 0; i < l.n; i++)
    free(l.items[i].name);
  free(l.items);
  return rc < 0 ? rc : 0;
}

static const struct an_audited_number months_update = {
    an_store_review_set_months, "account_review.settings", "tenant", "months"};

enum an_ec an_review_set_months(const struct an_ctx *ctx, struct an_db *db, int64_t months)
{
  return an_audited_tenant_number(ctx, db, &months_update, months, months >= 1 && months <= 24);
}

static void round_(const struct an_ctx *ctx, struct an_db *db)
{
  int64_t n = 0;
  if (an_review_remind(ctx, db, &n) < 0)
    an_log_bug("account review reminders failed", NULL);
  else if (n > 0)
    an_log(AN_LOG_INFO, "account review reminders sent",
           json_pack("{s:I}", "tenants", (json_int_t)n));
}

static struct an_leased_job job = {.lease = LEASE,
                                   .actor = "account review reminder",
                                   .request_id = "review-reminder",
                                   .round = round_};

void an_review_reminder_start(const struct an_config *cfg, const struct an_keys *keys)
{
  /* One instance at a time; the lease lapses two hours after a holder that died. */
  an_leased_job_start(&job, cfg, keys, 3600 * 1000L, 7200 * US);
}

void an_review_reminder_stop(void)
{
  an_leased_job_stop(&job, true);
}
