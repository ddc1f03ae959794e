#include "market/contracts.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/config.h"
#include "core/messages.h"
#include "market/catalogue.h"
#include "market/fees_statement.h"
#include "market/market.h"
#include "market/receivables.h"
#include "market/rules.h"
#include "store/catalogue.h"
#include "store/contracts.h"
#include "store/jobs.h"
#include "store/tenants.h"

const char *an_termination_cause_ja(const char *cause)
{
  return an_market_code_ja("termination", cause);
}

static bool live(const struct an_contract *c)
{
  return !strcmp(c->status, "active") && !c->end_on;
}

static int contractor(struct an_db *db, const struct an_contract *c, struct an_tenant *t)
{
  int rc = an_store_tenant_by_id(db, c->tenant_id, t);
  return rc == 0 ? AN_DB_HARD : rc;
}

static int64_t day_after_midnight(struct an_date d)
{
  struct an_date next = d;
  an_date_add_days(d, 1, &next);
  return an_market_midnight(next);
}

static int reload(struct an_db *db, int64_t id, struct an_contract *c)
{
  an_spec_clear(&an_contract_spec, c);
  int rc = an_store_contract_get_all(db, id, c);
  return rc == 0 ? AN_DB_HARD : rc;
}

/* The caller's tenant's contract id into c (cleared first), inside the contractor's own
 * transaction: 1, AN_DB_ROLLBACK when the tenant has no such contract, or a store error. */
static int own(struct an_db *db, const struct an_ctx *ctx, int64_t id, struct an_contract *c)
{
  an_spec_clear(&an_contract_spec, c);
  int rc = an_store_contract_get(db, ctx->tenant_id, id, c);
  return rc == 0 ? AN_DB_ROLLBACK : rc;
}

/* Whether contract id exists for the caller before its transaction: the tenant's own (tenant > 0)
 * or, for the operator's actions (any), every tenant's. */
static enum an_ec probe(struct an_db *db, int64_t id, bool any, int64_t tenant)
{
  if (!any && !tenant)
    return AN_EC_GENERIC_NOT_FOUND;
  struct an_contract c = {0};
  int rc = any ? an_store_contract_get_all(db, id, &c) : an_store_contract_get(db, tenant, id, &c);
  an_spec_clear(&an_contract_spec, &c);
  return rc < 0 ? AN_EC_GENERIC_INTERNAL : rc == 0 ? AN_EC_GENERIC_NOT_FOUND : AN_EC_OK;
}

/* The answer of a contract's transaction: c as JSON into *out when it went through (ok), else
 * refused when it rolled back on the contract's state. c is cleared either way. */
static enum an_ec txn_answer(bool ok, int rc, struct an_contract *c, enum an_ec refused,
                             json_t **out)
{
  *out = ok ? an_spec_to_json(&an_contract_spec, c) : NULL;
  an_spec_clear(&an_contract_spec, c);
  if (!ok)
    return rc == AN_DB_ROLLBACK ? refused : AN_EC_GENERIC_INTERNAL;
  return *out ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
}

/* Tells the contractor of c (notice kind/key with vars v, taken) and the shop (webhook event). */
static int tell(const struct an_ctx *ctx, struct an_db *db, const struct an_contract *c,
                const char *kind, const char *key, json_t *v, const char *event)
{
  struct an_tenant t;
  int rc = contractor(db, c, &t);
  if (rc >= 0) {
    char ref[48];
    snprintf(ref, sizeof ref, "contract:%lld", (long long)c->id);
    rc = an_market_notify_tenant(ctx, db, &t, kind, key, v, ref);
  }
  json_decref(v);
  return rc < 0 ? rc : an_market_event(ctx, db, event, c);
}

int an_contract_open(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id, int64_t plan_id,
                     int64_t terms_id, const char *start_on, struct an_contract *out)
{
  struct an_plan plan;
  int64_t serial = 0, id = 0;
  memset(out, 0, sizeof *out);
  int rc = an_store_plan_get(db, plan_id, &plan);
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_HARD;
  if ((rc = an_store_contract_count(db, &serial)) < 0) {
    an_spec_clear(&an_plan_spec, &plan);
    return rc;
  }
  char number[40];
  snprintf(number, sizeof number, "AN-%.4s-%06lld", start_on, (long long)serial + 1);
  struct an_contract_new c = {tenant_id, number,   plan.shop_id, plan.service_id,
                              plan_id,   terms_id, start_on};
  rc = an_store_contract_insert(db, &c, ctx->now, &id);
  an_spec_clear(&an_plan_spec, &plan);
  if (rc >= 0 && (rc = an_store_contract_get(db, tenant_id, id, out)) == 0)
    rc = AN_DB_HARD;
  if (rc >= 0) {
    json_t *d = an_spec_to_json(&an_contract_spec, out);
    rc = d ? an_market_audit(ctx, db, "contract.create", "contract", id, tenant_id, d) : AN_DB_HARD;
    json_decref(d);
  }
  if (rc >= 0)
    rc = an_market_event(ctx, db, "contract.created", out);
  if (rc < 0)
    an_spec_clear(&an_contract_spec, out);
  return rc;
}

/* ---- cancellation (Art. 12) ---- */

struct cancel {
  const struct an_ctx *ctx;
  int64_t id;
  const char *desired;
  struct an_contract c;
  char end[AN_DATE_STRLEN];
  bool honoured, ok;
  int64_t due;
  struct an_due owed; /* TOS-7: due at once, and what is still charged to the end date */
};

static int cancel_txn(struct an_db *db, void *cls)
{
  struct cancel *x = cls;
  const struct an_ctx *ctx = x->ctx;
  x->ok = false;
  int rc = own(db, ctx, x->id, &x->c);
  if (rc < 0)
    return rc;
  if (!live(&x->c))
    return AN_DB_ROLLBACK;
  struct an_date arrival = an_market_today(ctx), desired, end;
  bool has = x->desired && an_date_parse(x->desired, &desired);
  end = an_cancel_end_date(arrival, has ? &desired : NULL, &x->honoured);
  an_date_format(end, x->end, sizeof x->end);
  rc = an_store_contract_set_dates(db, ctx->tenant_id, x->id, x->desired, ctx->now, x->end, x->end,
                                   x->end, NULL, ctx->now);
  if (rc < 0)
    return rc;
  rc = an_store_job_add(db, "contract.end", x->id, day_after_midnight(end), ctx->now);
  if (rc < 0)
    return rc;
  char notice[AN_DATE_STRLEN];
  an_date_format(arrival, notice, sizeof notice);
  if ((rc = an_receivables_due(db, &x->c, arrival, end, &x->owed)) < 0)
    return rc;
  x->due = x->owed.due_now;
  json_t *d =
      json_pack("{s:s, s:s?, s:s, s:b, s:o}", "notice_arrived_on", notice, "desired_on", x->desired,
                "end_on", x->end, "desired_honoured", x->honoured, "due", an_due_json(&x->owed));
  rc = an_market_audit(ctx, db, "contract.cancel", "contract", x->id, ctx->tenant_id, d);
  json_decref(d);
  if (rc < 0 || (rc = reload(db, x->id, &x->c)) < 0)
    return rc;
  json_t *v = json_pack(
      "{s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I}", "number", x->c.number, "service",
      x->c.service_name, "plan", x->c.plan_name, "arrived_on", notice, "end_on", x->end, "honoured",
      x->honoured ? "notice.cancellation.honoured" : "notice.cancellation.not_honoured", "due",
      (json_int_t)x->due, "until_end", (json_int_t)x->owed.until_end);
  rc = tell(ctx, db, &x->c, "cancellation", "cancellation", v, "contract.cancelled");
  x->ok = rc >= 0;
  return rc;
}

enum an_ec an_contract_cancel(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                              const char *desired_on, json_t **out)
{
  struct an_date d;
  if (desired_on && !an_date_parse(desired_on, &d))
    return AN_EC_GENERIC_INVALID_FIELD;
  enum an_ec ec = probe(db, id, false, ctx->tenant_id);
  if (ec != AN_EC_OK)
    return ec;
  struct cancel x = {.ctx = ctx, .id = id, .desired = desired_on};
  int rc = an_db_txn(db, cancel_txn, &x);
  json_t *c = NULL;
  if ((ec = txn_answer(x.ok, rc, &x.c, AN_EC_CONTRACT_NOT_ACTIVE, &c)) != AN_EC_OK)
    return ec;
  *out = json_pack("{s:o, s:s, s:b, s:I, s:o}", "contract", c, "end_on", x.end, "desired_honoured",
                   x.honoured, "amount_due", (json_int_t)x.due, "due", an_due_json(&x.owed));
  return AN_EC_OK;
}

/* ---- before and after the notice: the end date it would give, and its withdrawal ---- */

/* A contract with a cancellation notice on file that has not yet taken effect. */
static bool cancel_pending(const struct an_contract *c)
{
  return !strcmp(c->status, "active") && c->end_on && c->cancel_notice_at;
}

enum an_ec an_contract_cancel_preview(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                      const char *desired_on, json_t **out)
{
  struct an_date desired;
  if (desired_on && !an_date_parse(desired_on, &desired))
    return AN_EC_GENERIC_INVALID_FIELD;
  if (!ctx->tenant_id)
    return AN_EC_GENERIC_NOT_FOUND;
  struct an_contract c = {0};
  int rc = an_store_contract_get(db, ctx->tenant_id, id, &c);
  bool ok = rc > 0 && live(&c);
  if (rc <= 0 || !ok) {
    an_spec_clear(&an_contract_spec, &c);
    return rc < 0    ? AN_EC_GENERIC_INTERNAL
           : rc == 0 ? AN_EC_GENERIC_NOT_FOUND
                     : AN_EC_CONTRACT_NOT_ACTIVE;
  }
  /* The same computation the notice itself makes (an_cancel_end_date), on today's date. */
  bool honoured = false;
  struct an_date arrival = an_market_today(ctx);
  struct an_date end = an_cancel_end_date(arrival, desired_on ? &desired : NULL, &honoured);
  struct an_date access = an_access_end_date(end), stops = access;
  an_date_add_days(access, 1, &stops); /* WP-4: the service stops the day after */
  char a[AN_DATE_STRLEN], e[AN_DATE_STRLEN], x[AN_DATE_STRLEN];
  an_date_format(arrival, a, sizeof a);
  an_date_format(end, e, sizeof e);
  an_date_format(stops, x, sizeof x);
  struct an_due owed;
  rc = an_receivables_due(db, &c, arrival, end, &owed);
  an_spec_clear(&an_contract_spec, &c);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  *out = json_pack("{s:s, s:s?, s:s, s:b, s:s, s:i, s:o}", "notice_arrives_on", a, "desired_on",
                   desired_on, "end_on", e, "desired_honoured", honoured, "service_stops_on", x,
                   "notice_days", AN_CANCEL_NOTICE_DAYS, "due", an_due_json(&owed));
  return *out ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
}

struct withdraw {
  const struct an_ctx *ctx;
  int64_t id;
  struct an_contract c;
  char end[AN_DATE_STRLEN];
  bool ok;
};

static int withdraw_txn(struct an_db *db, void *cls)
{
  struct withdraw *w = cls;
  const struct an_ctx *ctx = w->ctx;
  w->ok = false;
  int rc = own(db, ctx, w->id, &w->c);
  if (rc < 0)
    return rc;
  char today[AN_DATE_STRLEN];
  an_market_date_of(ctx->now, today);
  /* Only before it takes effect: on the end date itself the contract is still in force but the
   * notice can no longer be taken back. */
  if (!cancel_pending(&w->c) || strcmp(w->c.end_on, today) <= 0)
    return AN_DB_ROLLBACK;
  snprintf(w->end, sizeof w->end, "%s", w->c.end_on);
  /* The contract.end job stays queued: it ends nothing once end_on is cleared. */
  if ((rc = an_store_contract_clear_cancel(db, ctx->tenant_id, w->id, ctx->now)) < 0)
    return rc;
  json_t *d = json_pack("{s:s}", "withdrawn_end_on", w->end);
  rc = an_market_audit(ctx, db, "contract.cancel_withdraw", "contract", w->id, ctx->tenant_id, d);
  json_decref(d);
  if (rc < 0 || (rc = reload(db, w->id, &w->c)) < 0)
    return rc;
  char on[AN_DATE_STRLEN];
  an_market_date_of(ctx->now, on);
  json_t *v =
      json_pack("{s:s, s:s, s:s, s:s, s:s}", "number", w->c.number, "service", w->c.service_name,
                "plan", w->c.plan_name, "end_on", w->end, "withdrawn_on", on);
  rc = tell(ctx, db, &w->c, "cancellation", "cancellation_withdrawn", v,
            "contract.cancellation_withdrawn");
  w->ok = rc >= 0;
  return rc;
}

enum an_ec an_contract_cancel_withdraw(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                       json_t **out)
{
  enum an_ec ec = probe(db, id, false, ctx->tenant_id);
  if (ec != AN_EC_OK)
    return ec;
  struct withdraw w = {.ctx = ctx, .id = id};
  int rc = an_db_txn(db, withdraw_txn, &w);
  json_t *c = NULL;
  if ((ec = txn_answer(w.ok, rc, &w.c, AN_EC_CANCEL_NOT_PENDING, &c)) != AN_EC_OK)
    return ec;
  *out = json_pack("{s:o, s:s}", "contract", c, "withdrawn_end_on", w.end);
  return AN_EC_OK;
}

/* ---- suspension (TOS-6) ---- */

struct suspend {
  const struct an_ctx *ctx;
  int64_t id;
  bool suspend;
  const char *reason;
  struct an_contract c;
  bool ok;
};

static int suspend_txn(struct an_db *db, void *cls)
{
  struct suspend *s = cls;
  const struct an_ctx *ctx = s->ctx;
  s->ok = false;
  int rc = reload(db, s->id, &s->c);
  if (rc < 0)
    return rc;
  if (strcmp(s->c.status, s->suspend ? "active" : "suspended"))
    return AN_DB_ROLLBACK;
  rc = an_store_contract_set_status(db, s->c.tenant_id, s->id, s->suspend ? "suspended" : "active",
                                    s->suspend ? s->reason : "", ctx->now);
  if (rc < 0)
    return rc;
  json_t *d = json_pack("{s:s}", "reason", s->reason ? s->reason : "");
  rc = an_market_audit(ctx, db, s->suspend ? "contract.suspend" : "contract.reinstate", "contract",
                       s->id, s->c.tenant_id, d);
  json_decref(d);
  if (rc < 0 || (rc = reload(db, s->id, &s->c)) < 0)
    return rc;
  json_t *v = json_pack("{s:s, s:s, s:s}", "number", s->c.number, "service", s->c.service_name,
                        "reason", s->reason ? s->reason : "");
  rc = tell(ctx, db, &s->c, "suspension", s->suspend ? "suspended" : "reinstated", v,
            s->suspend ? "contract.suspended" : "contract.reinstated");
  s->ok = rc >= 0;
  return rc;
}

enum an_ec an_contract_suspend(const struct an_ctx *ctx, struct an_db *db, int64_t id, bool suspend,
                               const char *reason, json_t **out)
{
  enum an_ec ec = probe(db, id, true, 0);
  if (ec != AN_EC_OK)
    return ec;
  struct suspend s = {ctx, id, suspend, reason, {0}, false};
  int rc = an_db_txn(db, suspend_txn, &s);
  return txn_answer(s.ok, rc, &s.c, AN_EC_CONTRACT_NOT_ACTIVE, out);
}

/* ---- ending: termination (Art. 13) and the end-date job ---- */

static int deletion_due(const struct an_ctx *ctx, struct an_date end, char out[AN_DATE_STRLEN])
{
  const struct an_calendar *cal = an_market_calendar(ctx->cfg);
  struct an_date due = end;
  if (!cal || !an_calendar_add_business_days(cal, end, ctx->cfg->deletion_business_days, &due))
    return AN_DB_HARD;
  an_date_format(due, out, AN_DATE_STRLEN);
  return 0;
}

/* Marks the contract ended (status), with its deletion deadline, notice and event. */
static int finish(const struct an_ctx *ctx, struct an_db *db, struct an_contract *c,
                  const char *status, const char *reason, const char *end_on, const char *message)
{
  int64_t id = c->id;
  struct an_date end;
  char due[AN_DATE_STRLEN];
  if (!an_date_parse(end_on, &end) || deletion_due(ctx, end, due) < 0)
    return AN_DB_HARD;
  int64_t tenant = c->tenant_id;
  int rc = an_store_contract_set_status(db, tenant, id, status, reason, ctx->now);
  if (rc >= 0)
    rc =
        an_store_contract_set_dates(db, tenant, id, NULL, 0, end_on, end_on, end_on, due, ctx->now);
  if (rc < 0)
    return rc;
  /* Art. 13(2): at a termination every open amount falls due at once, with its figures. */
  struct an_due owed = {0};
  if (!strcmp(status, "terminated") && (rc = an_receivables_due(db, c, end, end, &owed)) < 0)
    return rc;
  json_t *d = json_pack("{s:s, s:s, s:s, s:s, s:s}", "status", status, "reason", reason, "end_on",
                        end_on, "access_end_on", end_on, "deletion_due_on", due);
  if (!strcmp(status, "terminated"))
    json_object_set_new(d, "due", an_due_json(&owed));
  rc = an_market_audit(ctx, db,
                       !strcmp(status, "terminated") ? "contract.terminate" : "contract.end",
                       "contract", id, tenant, d);
  json_decref(d);
  if (rc < 0 || (rc = reload(db, id, c)) < 0)
    return rc;
  /* The operator's message may be 2,000 characters: the notice grows with it, never cut. */
  struct an_buf msg = {0};
  if (message && message[0])
    an_buf_printf(&msg, "  %s", message);
  json_t *v =
      json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I}", "number", c->number, "service",
                c->service_name, "plan", c->plan_name, "end_on", end_on, "due_on", due, "cause", "",
                "message", msg.data ? msg.data : "", "owed", (json_int_t)owed.due_now);
  an_buf_free(&msg);
  if (v && reason && reason[0]) {
    struct an_buf cause = {0};
    an_buf_printf(&cause, "termination.%s", reason);
    json_object_set_new(v, "cause", json_string(cause.data));
    an_buf_free(&cause);
  }
  return tell(ctx, db, c, "contract_end", status, v,
              !strcmp(status, "terminated") ? "contract.terminated" : "contract.ended");
}

struct terminate {
  const struct an_ctx *ctx;
  int64_t id;
  const char *cause, *message;
  struct an_contract c;
  bool ok;
};

static int terminate_txn(struct an_db *db, void *cls)
{
  struct terminate *x = cls;
  x->ok = false;
  int rc = reload(db, x->id, &x->c);
  if (rc < 0)
    return rc;
  const char *st = x->c.status;
  if (!strcmp(st, "ended") || !strcmp(st, "terminated"))
    return AN_DB_ROLLBACK;
  char today[AN_DATE_STRLEN];
  an_market_date_of(x->ctx->now, today);
  rc = finish(x->ctx, db, &x->c, "terminated", x->cause, today, x->message);
  x->ok = rc >= 0;
  return rc;
}

enum an_ec an_contract_terminate(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                 const char *cause, const char *message, json_t **out)
{
  if (!an_termination_cause_ja(cause))
    return AN_EC_GENERIC_INVALID_FIELD;
  enum an_ec ec = probe(db, id, true, 0);
  if (ec != AN_EC_OK)
    return ec;
  struct terminate x = {ctx, id, cause, message ? message : "", {0}, false};
  int rc = an_db_txn(db, terminate_txn, &x);
  return txn_answer(x.ok, rc, &x.c, AN_EC_CONTRACT_NOT_ACTIVE, out);
}

int an_contract_end_job(const struct an_ctx *ctx, struct an_db *db, int64_t contract_id)
{
  struct an_contract c = {0};
  int rc = an_store_contract_get_all(db, contract_id, &c);
  if (rc <= 0)
    return rc;
  const char *st = c.status, *end = c.end_on ? c.end_on : "";
  char today[AN_DATE_STRLEN];
  an_market_date_of(ctx->now, today);
  /* Ends only once the end date has passed (the job may have been scheduled for an end date
   * that a later change moved). */
  if (!strcmp(st, "ended") || !strcmp(st, "terminated") || !end[0] || strcmp(end, today) >= 0) {
    an_spec_clear(&an_contract_spec, &c);
    return 0;
  }
  /* finish reloads c: the end date is copied first. */
  char end_on[AN_DATE_STRLEN];
  snprintf(end_on, sizeof end_on, "%s", end);
  rc = finish(ctx, db, &c, "ended", "", end_on, "");
  an_spec_clear(&an_contract_spec, &c);
  return rc;
}

int an_service_end_job(const struct an_ctx *ctx, struct an_db *db, int64_t service_id)
{
  int rc = an_store_service_set_status(db, service_id, "discontinued", ctx->now);
  if (rc < 0)
    return rc;
  return an_market_audit(ctx, db, "service.discontinued", "service", service_id, 0, NULL);
}

/* ---- discontinuation (Art. 14) ---- */

struct discontinue {
  const struct an_ctx *ctx;
  int64_t id;
  const char *on, *reason;
  json_t *svc;
  enum an_ec ec;
};

/* Moves one contract's end to the discontinuation day, with its job, audit, notice and event. */
static int discontinue_one(const struct an_ctx *ctx, struct an_db *db, const struct discontinue *x,
                           struct an_date on, const struct an_contract *c)
{
  const char *st = c->status, *end = c->end_on ? c->end_on : "";
  if (!strcmp(st, "ended") || !strcmp(st, "terminated") || (end[0] && strcmp(end, x->on) <= 0))
    return 0;
  int64_t cid = c->id;
  int rc = an_store_contract_set_dates(db, c->tenant_id, cid, NULL, 0, x->on, x->on, x->on, NULL,
                                       ctx->now);
  if (rc >= 0)
    rc = an_store_job_add(db, "contract.end", cid, day_after_midnight(on), ctx->now);
  if (rc < 0)
    return rc;
  json_t *dd = json_pack("{s:s, s:s}", "end_on", x->on, "cause", "service.discontinue");
  rc = an_market_audit(ctx, db, "contract.end_scheduled", "contract", cid, c->tenant_id, dd);
  json_decref(dd);
  struct an_tenant t;
  if (rc >= 0)
    rc = contractor(db, c, &t);
  if (rc < 0)
    return rc;
  char ref[48];
  json_t *v = json_pack("{s:s, s:s, s:s, s:s, s:s}", "service", c->service_name, "shop",
                        c->shop_name, "end_on", x->on, "number", c->number, "reason", x->reason);
  snprintf(ref, sizeof ref, "contract:%lld", (long long)cid);
  rc = an_market_notify_tenant(ctx, db, &t, "discontinuation", "discontinuation", v, ref);
  json_decref(v);
  if (rc < 0)
    return rc;
  struct an_contract fresh = {0};
  rc = reload(db, cid, &fresh);
  if (rc >= 0)
    rc = an_market_event(ctx, db, "contract.changed", &fresh);
  an_spec_clear(&an_contract_spec, &fresh);
  return rc;
}

static int discontinue_txn(struct an_db *db, void *cls)
{
  struct discontinue *x = cls;
  const struct an_ctx *ctx = x->ctx;
  struct an_date on;
  an_date_parse(x->on, &on);
  int rc = an_store_service_discontinue(db, x->id, x->on, x->reason, ctx->now);
  if (rc <= 0) {
    x->ec = AN_EC_GENERIC_CONFLICT; /* already discontinuing or discontinued */
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  }
  json_t *d = json_pack("{s:s, s:s}", "discontinue_on", x->on, "reason", x->reason);
  rc = an_market_audit(ctx, db, "service.discontinue", "service", x->id, 0, d);
  json_decref(d);
  if (rc < 0)
    return rc;
  rc = an_store_job_add(db, "service.end", x->id, day_after_midnight(on), ctx->now);
  if (rc < 0)
    return rc;
  struct an_contract *list = NULL;
  size_t n = 0;
  rc = an_store_contract_list_service_all(db, x->id, 10000, &list, &n);
  for (size_t i = 0; rc >= 0 && i < n; i++)
    rc = discontinue_one(ctx, db, x, on, &list[i]);
  an_spec_free_array(&an_contract_spec, list, n);
  return rc;
}

enum an_ec an_service_discontinue(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                  const char *on, const char *reason, char *earliest_out,
                                  json_t **out)
{
  struct an_service svc = {0};
  /* A shop's staff and tokens reach their own shop's services only (in the query). */
  int rc = an_scope_shop(ctx) ? an_store_service_read_shop(db, an_scope_shop(ctx), id, &svc)
                              : an_store_service_read(db, id, &svc);
  int64_t notice_days = svc.notice_days;
  an_service_clear(&svc);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  if (rc == 0)
    return AN_EC_GENERIC_NOT_FOUND;
  /* A service registered before the floor was raised still owes the floor's notice. */
  long floor = an_service_notice_floor(ctx);
  struct an_date d, earliest = an_discontinue_earliest(an_market_today(ctx),
                                                       notice_days < floor ? floor : notice_days);
  if (earliest_out)
    an_date_format(earliest, earliest_out, AN_DATE_STRLEN);
  if (!on || !an_date_parse(on, &d) || !reason || !reason[0])
    return AN_EC_GENERIC_INVALID_FIELD;
  if (an_date_cmp(d, earliest) < 0)
    return AN_EC_NOTICE_PERIOD_TOO_SHORT;
  struct discontinue x = {ctx, id, on, reason, NULL, AN_EC_OK};
  rc = an_db_txn(db, discontinue_txn, &x);
  if (x.ec != AN_EC_OK)
    return x.ec;
  if (rc < 0 || an_store_service_get(db, id, out) != 1)
    return AN_EC_GENERIC_INTERNAL;
  return AN_EC_OK;
}

/* ---- entitlement (shop integration) ---- */

enum an_ec an_entitlement(const struct an_ctx *ctx, struct an_db *db, const char *company_code,
                          const char *service_code, json_t **out)
{
  if (!company_code || !service_code)
    return AN_EC_GENERIC_INVALID_FIELD;
  struct an_tenant t;
  int rc = an_store_tenant_by_code(db, company_code, &t);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  struct an_contract *list = NULL;
  size_t n = 0;
  if (rc == 1 && ctx->shop_id > 0 &&
      an_store_contract_list_shop_tenant(db, ctx->shop_id, t.id, 500, &list, &n) < 0)
    return AN_EC_GENERIC_INTERNAL;
  char today[AN_DATE_STRLEN];
  an_market_date_of(ctx->now, today);
  json_t *found = NULL;
  for (size_t i = 0; i < n; i++) {
    const struct an_contract *c = &list[i];
    if (strcmp(c->service_code, service_code))
      continue;
    const char *end = c->access_end_on ? c->access_end_on : "";
    bool entitled = !strcmp(c->status, "active") && !strcmp(t.status, "active") &&
                    strcmp(c->start_on, today) <= 0 && (!end[0] || strcmp(today, end) <= 0);
    found = json_pack("{s:b, s:s, s:s, s:s, s:s, s:I, s:I, s:s?}", "entitled", entitled,
                      "company_code", t.company_code, "service_code", service_code, "contract",
                      c->number, "plan", c->plan_name, "max_users", (json_int_t)c->max_users,
                      "storage_gb", (json_int_t)c->storage_gb, "access_end_on", c->access_end_on);
    if (entitled)
      break;
    json_decref(found);
    found = NULL;
  }
  an_spec_free_array(&an_contract_spec, list, n);
  /* Not entitled looks the same whether the company exists or not. */
  *out = found ? found
               : json_pack("{s:b, s:s, s:s}", "entitled", 0, "company_code", company_code,
                           "service_code", service_code);
  return AN_EC_OK;
}
