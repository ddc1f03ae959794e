#include "identity/review_reminder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/messages.h"
#include "core/periodic.h"
#include "core/time.h"
#include "notify/mail.h"
#include "store/jobs.h"
#include "store/lang.h"
#include "store/market_ops.h"
#include "store/review_reminders.h"

#define US 1000000LL
#define BATCH 200

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
  int rc;
  struct an_db *db;
};

/* One admin's mail, in the admin's language, addressed by name (様 in Japanese). */
static void admin_cb(void *cls, const struct an_review_admin *a)
{
  struct remind *r = cls;
  if (r->rc < 0)
    return;
  char lang[AN_LANG_STRLEN];
  int rc = an_store_user_lang(r->db, r->t->tenant_id, a->id, lang);
  if (rc >= 0)
    rc = an_mail_notice_msg(r->ctx, r->db, r->t->tenant_id, a->email, a->display_name, lang,
                            "account_review_due", r->vars);
  if (rc < 0)
    r->rc = rc;
}

static int portal_notice(const struct remind *r, struct an_db *db)
{
  char *t[2], *b[2];
  const char *langs[2] = {"ja", "en"};
  for (int i = 0; i < 2; i++) {
    t[i] = an_msg_render("notice.account_review_due.title", langs[i], r->vars);
    b[i] = an_msg_render("notice.account_review_due.body", langs[i], r->vars);
  }
  int rc = AN_DB_HARD;
  if (t[0] && t[1] && b[0] && b[1]) {
    struct an_notice_text text = {t[0], b[0], t[1], b[1]};
    rc = an_store_notice_insert(db, r->t->tenant_id, "account_review_due", &text, "account-review",
                                r->ctx->now);
  }
  for (int i = 0; i < 2; i++) {
    free(t[i]);
    free(b[i]);
  }
  return rc;
}

static int remind_txn(struct an_db *db, void *cls)
{
  struct remind *r = cls;
  r->db = db;
  r->rc = 0;
  int rc = an_store_review_claim(db, r->t->tenant_id, r->t->due_at);
  if (rc <= 0)
    return rc; /* already reminded of this due date */
  if ((rc = portal_notice(r, db)) < 0)
    return rc;
  rc = an_store_review_admins(db, r->t->tenant_id, admin_cb, r);
  if (rc < 0 || r->rc < 0)
    return rc < 0 ? rc : r->rc;
  int64_t admins = rc;
  char target[48], due[40];
  snprintf(target, sizeof target, "tenant:%lld", (long long)r->t->tenant_id);
  an_time_format_jst(r->t->due_at, due, sizeof due);
  json_t *d = json_pack("{s:s, s:I}", "due_at", due, "admins", (json_int_t)admins);
  struct an_audit_rec rec = {.action = "account_review.remind",
                             .target = target,
                             .outcome = "success",
                             .details = d,
                             .tenant_id = r->t->tenant_id};
  rc = an_audit_append(r->ctx, db, &rec);
  json_decref(d);
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
    struct remind r = {ctx, &l.items[i], vars, 0, NULL};
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

struct months_ctx {
  const struct an_ctx *ctx;
  int64_t months;
};

static int months_txn(struct an_db *db, void *cls)
{
  struct months_ctx *m = cls;
  int64_t t = an_scope_tenant(m->ctx);
  int rc = an_store_review_set_months(db, t, m->months, m->ctx->now);
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  char target[48];
  snprintf(target, sizeof target, "tenant:%lld", (long long)t);
  json_t *d = json_pack("{s:I}", "months", (json_int_t)m->months);
  struct an_audit_rec rec = {
      .action = "account_review.settings", .target = target, .outcome = "success", .details = d};
  rc = an_audit_append(m->ctx, db, &rec);
  json_decref(d);
  return rc;
}

enum an_ec an_review_set_months(const struct an_ctx *ctx, struct an_db *db, int64_t months)
{
  if (!an_scope_tenant(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  if (months < 1 || months > 24)
    return AN_EC_GENERIC_INVALID_FIELD;
  struct months_ctx m = {ctx, months};
  return an_db_txn(db, months_txn, &m) < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}

static struct an_periodic *job;
static const struct an_config *config;
static const struct an_keys *keyring;
static char holder[96];

static void run_once(void *arg)
{
  (void)arg;
  char err[256];
  struct an_db *db = an_db_open(config, err, sizeof err);
  if (!db) {
    an_log_bug("account review reminders: cannot open the database",
               json_pack("{s:s}", "detail", err));
    return;
  }
  struct an_ctx ctx = {
      .cfg = config, .keys = keyring, .now = an_time_now_us(), .subject = AN_SUBJECT_SYSTEM};
  snprintf(ctx.actor, sizeof ctx.actor, "%s", "account review reminder");
  snprintf(ctx.client_ip, sizeof ctx.client_ip, "%s", "local");
  snprintf(ctx.request_id, sizeof ctx.request_id, "%s", "review-reminder");
  int64_t n = 0;
  /* One instance at a time; the lease lapses two hours after a holder that died. */
  if (an_store_job_lease(db, "account_review.remind", holder, ctx.now, ctx.now + 7200 * US) == 1) {
    if (an_review_remind(&ctx, db, &n) < 0)
      an_log_bug("account review reminders failed", NULL);
    else if (n > 0)
      an_log(AN_LOG_INFO, "account review reminders sent",
             json_pack("{s:I}", "tenants", (json_int_t)n));
  }
  an_db_close(db);
}

void an_review_reminder_start(const struct an_config *cfg, const struct an_keys *keys)
{
  config = cfg;
  keyring = keys;
  char host[64] = "";
  gethostname(host, sizeof host - 1);
  snprintf(holder, sizeof holder, "%s:%ld", host, (long)getpid());
  job = an_periodic_start(run_once, NULL, 3600 * 1000L);
}

void an_review_reminder_stop(void)
{
  if (!job)
    return;
  an_periodic_stop(job);
  job = NULL;
  /* Hand the lease back, so another instance (or this one restarted) takes over at once. */
  char err[256];
  struct an_db *db = an_db_open(config, err, sizeof err);
  if (db) {
    int64_t now = an_time_now_us();
    an_store_job_lease(db, "account_review.remind", holder, now, now);
    an_db_close(db);
  }
}
