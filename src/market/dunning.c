#include "market/dunning.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/job.h"
#include "core/log.h"
#include "core/messages.h"
#include "core/periodic.h"
#include "core/time.h"
#include "identity/tenants.h"
#include "market/market.h"
#include "market/receivables.h"
#include "notify/notice.h"
#include "store/dunning.h"
#include "store/market_ops.h"

#define US 1000000LL
#define LEASE "receivables.dunning"

/* ---- the reminders ---- */

struct remind {
  const struct an_ctx *ctx;
  const struct an_invoice *inv;
  int64_t step, days, open;
  bool last;
  json_t *vars;
  int64_t admins;
};

static int propose(struct remind *r, struct an_db *db)
{
  int reminders = an_store_dunning_count(db, r->inv->tenant_id, r->inv->id);
  if (reminders < 0)
    return reminders;
  struct an_proposal_new p = {r->inv->id, r->inv->tenant_id, r->inv->shop_id, r->days,
                              r->open,    reminders,         r->ctx->now};
  int rc = an_store_proposal_insert(db, &p);
  if (rc <= 0)
    return rc; /* proposed before */
  json_t *d = json_pack("{s:s, s:s, s:I, s:I, s:i}", "number", r->inv->number, "due_on",
                        r->inv->due_on, "days_past_due", (json_int_t)r->days, "open",
                        (json_int_t)r->open, "reminders", reminders);
  rc = an_market_audit(r->ctx, db, "dunning.propose", "invoice", r->inv->id, r->inv->tenant_id, d);
  json_decref(d);
  return rc;
}

static int remind_txn(struct an_db *db, void *cls)
{
  struct remind *r = cls;
  r->admins = 0;
  struct an_dunning_claim c = {r->inv->id, r->step, r->inv->tenant_id, r->days,
                               r->open,    0,       r->ctx->now};
  int rc = an_store_dunning_claim(db, &c);
  if (rc <= 0)
    return rc; /* this step was sent before */
  int64_t t = r->inv->tenant_id;
  /* The portal notice (both languages), then every admin's mail in the admin's language. */
  if ((rc = an_notify_portal_notice(r->ctx, db, t, "dunning", "dunning", r->vars, "invoices")) < 0)
    return rc;
  if ((rc = an_notify_tenant_admins(r->ctx, db, t, "dunning", r->vars, &r->admins)) < 0)
    return rc;
  if ((rc = an_store_dunning_set_admins(db, r->inv->tenant_id, r->inv->id, r->step, r->admins)) < 0)
    return rc;
  json_t *d = json_pack("{s:s, s:I, s:I, s:I, s:I, s:b}", "number", r->inv->number, "step",
                        (json_int_t)r->step, "days_past_due", (json_int_t)r->days, "open",
                        (json_int_t)r->open, "admins", (json_int_t)r->admins, "last", r->last);
  rc = an_market_audit(r->ctx, db, "dunning.remind", "invoice", r->inv->id, r->inv->tenant_id, d);
  json_decref(d);
  if (rc >= 0 && r->last)
    rc = propose(r, db);
  return rc < 0 ? rc : 2; /* 2: reminded now */
}

/* The reminder due for one overdue invoice, if any: the highest step reached. */
static int remind_one(const struct an_ctx *ctx, struct an_db *db, const struct an_invoice *inv,
                      const long *steps, int nsteps, struct an_date today)
{
  struct an_date due;
  if (!an_date_parse(inv->due_on, &due))
    return 0;
  long days = an_date_days_between(due, today);
  int k = -1;
  for (int i = 0; i < nsteps; i++)
    if (steps[i] <= days)
      k = i;
  int64_t open = an_invoice_open(inv);
  if (k < 0 || open <= 0)
    return 0;
  bool last = k == nsteps - 1;
  json_t *vars =
      json_pack("{s:s, s:s, s:s, s:I, s:I, s:s, s:I, s:s}", "company", inv->recipient_name, "shop",
                inv->issuer_name, "number", inv->number, "total", (json_int_t)inv->total, "open",
                (json_int_t)open, "due_on", inv->due_on, "days", (json_int_t)days, "next",
                last ? "dunning.final" : "dunning.next");
  struct remind r = {ctx, inv, steps[k], days, open, last, vars, 0};
  int rc = vars ? an_db_txn(db, remind_txn, &r) : AN_DB_HARD;
  json_decref(vars);
  return rc;
}

int an_dunning_run(const struct an_ctx *ctx, struct an_db *db, int64_t *sent)
{
  *sent = 0;
  long steps[AN_DUNNING_MAX_STEPS];
  int nsteps = an_config_dunning_steps(ctx->cfg->recv_dunning_days, steps);
  if (nsteps <= 0)
    return 0; /* no schedule: no reminders */
  struct an_date today = an_market_today(ctx);
  char today_s[AN_DATE_STRLEN];
  an_date_format(today, today_s, sizeof today_s);
  struct an_invoice *items = NULL;
  size_t n = 0;
  int rc = an_store_invoices_overdue_all(db, today_s, &items, &n);
  for (size_t i = 0; rc >= 0 && i < n; i++) {
    int one = remind_one(ctx, db, &items[i], steps, nsteps, today);
    if (one == 2)
      (*sent)++;
    else if (one < 0) /* one invoice's failure does not hold up the others' */
      an_log_bug("dunning reminder failed",
                 json_pack("{s:s}", "invoice", items[i].number ? items[i].number : ""));
  }
  an_spec_free_array(&an_invoice_spec, items, n);
  return rc < 0 ? rc : 0;
}

/* ---- the operator's proposals ---- */

static json_t *steps_json(const struct an_config *cfg)
{
  long steps[AN_DUNNING_MAX_STEPS];
  int n = an_config_dunning_steps(cfg->recv_dunning_days, steps);
  json_t *a = json_array();
  for (int i = 0; i < n; i++)
    json_array_append_new(a, json_integer(steps[i]));
  return a;
}

enum an_ec an_dunning_proposals(const struct an_ctx *ctx, struct an_db *db, json_t **out)
{
  *out = NULL;
  if (!an_scope_is_operator(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  struct an_suspension_proposal *items = NULL;
  size_t n = 0;
  if (an_store_proposals_all(db, &items, &n) < 0)
    return AN_EC_GENERIC_INTERNAL;
  json_t *list = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(list, an_spec_to_json(&an_suspension_proposal_spec, &items[i]));
  an_spec_free_array(&an_suspension_proposal_spec, items, n);
  *out = json_pack("{s:o, s:o}", "steps", steps_json(ctx->cfg), "items", list);
  return AN_EC_OK;
}

struct decide {
  const struct an_ctx *ctx;
  const struct an_suspension_proposal *p;
  bool suspend;
  const char *reason;
};

static int decide_txn(struct an_db *db, void *cls)
{
  struct decide *x = cls;
  int rc = an_store_proposal_decide(db, x->p->tenant_id, x->p->id,
                                    x->suspend ? "suspended" : "dismissed", x->reason,
                                    x->ctx->actor, x->ctx->now);
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  json_t *d = json_pack("{s:I, s:s, s:I, s:I, s:I, s:s}", "proposal", (json_int_t)x->p->id,
                        "number", x->p->number, "days_past_due", (json_int_t)x->p->days_past_due,
                        "open", (json_int_t)x->p->open_now, "tenant_id",
                        (json_int_t)x->p->tenant_id, "reason", x->reason);
  rc = an_market_audit(x->ctx, db, x->suspend ? "dunning.suspend" : "dunning.dismiss", "invoice",
                       x->p->invoice_id, x->p->tenant_id, d);
  json_decref(d);
  return rc;
}

enum an_ec an_dunning_decide(const struct an_ctx *ctx, struct an_db *db, int64_t id, bool suspend,
                             const char *reason, json_t **out)
{
  *out = NULL;
  if (!an_scope_is_operator(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  reason = reason ? reason : "";
  if (suspend && !reason[0])
    return AN_EC_GENERIC_INVALID_FIELD;
  struct an_suspension_proposal p;
  int rc = an_store_proposal_get_all(db, id, &p);
  if (rc <= 0)
    return an_ec_of_read(rc);
  enum an_ec ec = strcmp(p.status, "open") ? AN_EC_RECV_PROPOSAL_DECIDED : AN_EC_OK;
  /* The operator's decision (TOS-6): the tenant is suspended first (its own audited change,
   * ending its sessions), then the proposal is closed; a failed suspension leaves it open. */
  if (ec == AN_EC_OK && suspend)
    ec = an_tenant_set_active(ctx, db, p.tenant_id, false, reason);
  if (ec == AN_EC_OK) {
    struct decide x = {ctx, &p, suspend, reason};
    rc = an_db_txn(db, decide_txn, &x);
    ec = rc == AN_DB_ROLLBACK ? AN_EC_RECV_PROPOSAL_DECIDED
         : rc < 0             ? AN_EC_GENERIC_INTERNAL
                              : AN_EC_OK;
  }
  an_spec_clear(&an_suspension_proposal_spec, &p);
  if (ec != AN_EC_OK)
    return ec;
  if (an_store_proposal_get_all(db, id, &p) != 1)
    return AN_EC_GENERIC_INTERNAL;
  *out = json_pack("{s:o}", "proposal", an_spec_to_json(&an_suspension_proposal_spec, &p));
  an_spec_clear(&an_suspension_proposal_spec, &p);
  return AN_EC_OK;
}

/* ---- the job ---- */

static void round_(const struct an_ctx *ctx, struct an_db *db)
{
  int64_t n = 0;
  if (an_dunning_run(ctx, db, &n) < 0)
    an_log_bug("dunning failed", NULL);
  else if (n > 0)
    an_log(AN_LOG_INFO, "dunning reminders sent", json_pack("{s:I}", "invoices", (json_int_t)n));
}

static struct an_leased_job job = {
    .lease = LEASE, .actor = "dunning", .request_id = "dunning", .round = round_};

void an_dunning_start(const struct an_config *cfg, const struct an_keys *keys)
{
  if (an_config_dunning_steps(cfg->recv_dunning_days, NULL) <= 0)
    return; /* no schedule */
  /* One instance at a time; the lease lapses two intervals after a holder that died. */
  an_leased_job_start(&job, cfg, keys, cfg->recv_dunning_seconds * 1000L,
                      2 * cfg->recv_dunning_seconds * US);
}

void an_dunning_stop(void)
{
  an_leased_job_stop(&job, true);
}
