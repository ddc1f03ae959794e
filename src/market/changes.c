#include "market/changes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/email.h"
#include "core/log.h"
#include "identity/tenants.h"
#include "market/applications.h"
#include "market/body_fields.h"
#include "market/contracts.h"
#include "market/market.h"
#include "market/rules.h"
#include "notify/mail.h"
#include "store/catalogue.h"
#include "store/contracts.h"
#include "store/jobs.h"
#include "store/lang.h"
#include "store/tenants.h"

enum an_ec an_change_preview(const struct an_ctx *ctx, const char *kind, const char *change_on,
                             json_t **out)
{
  struct an_date today = an_market_today(ctx), eff, on;
  bool late = false;
  if (kind && (!strcmp(kind, "plan") || !strcmp(kind, "add_service"))) {
    eff = an_change_effective_date(today);
  } else if (kind && !strcmp(kind, "details")) {
    if (!change_on || !an_date_parse(change_on, &on) || an_date_cmp(on, today) < 0)
      return AN_EC_GENERIC_INVALID_FIELD;
    eff = on;
    late = an_details_change_late(today, on);
  } else {
    return AN_EC_GENERIC_INVALID_FIELD;
  }
  char e[AN_DATE_STRLEN];
  an_date_format(eff, e, sizeof e);
  *out = json_pack("{s:s, s:s, s:b}", "kind", kind, "effective_on", e, "late_notice", late);
  return AN_EC_OK;
}

struct req {
  const struct an_ctx *ctx;
  const char *kind, *details, *eff;
  int64_t contract_id, plan_id, id;
  bool late;
};

static int req_txn(struct an_db *db, void *cls)
{
  struct req *r = cls;
  int rc = an_store_change_insert(db, r->ctx->tenant_id, r->contract_id, r->kind, r->plan_id,
                                  r->details, r->eff, r->late, r->ctx->actor, r->ctx->now, &r->id);
  if (rc < 0)
    return rc;
  json_t *d = json_pack("{s:s, s:I, s:I, s:s, s:b}", "kind", r->kind, "contract_id",
                        (json_int_t)r->contract_id, "plan_id", (json_int_t)r->plan_id,
                        "effective_on", r->eff, "late_notice", r->late);
  rc = an_market_audit(r->ctx, db, "change.request", "change", r->id, r->ctx->tenant_id, d);
  json_decref(d);
  return rc;
}

#define T struct an_change_form
static const struct an_field CHANGE_FORM_FIELDS[] = {
    AN_FIELD_IN(T, kind, AN_F_TEXT, false, 1, 20),
    AN_FIELD_IN(T, contract_id, AN_F_INT, true, 1, INT64_MAX),
    AN_FIELD_IN(T, plan_id, AN_F_INT, true, 1, INT64_MAX),
    AN_FIELD_IN(T, change_on, AN_F_TEXT, true, 10, 10),
    AN_FIELD_IN(T, name, AN_F_TEXT, true, 1, 200),
    AN_CONTRACTOR_FIELDS_IN(T, true),
};
const struct an_spec an_change_form_spec = AN_SPEC(T, CHANGE_FORM_FIELDS, nulls);
#undef T

/* A details request's new contractor details, those given (non-empty) only; false when none is
 * or the e-mail address is not one. */
static bool details_of(const struct an_change_form *in, struct an_change_details *d)
{
  const char *v[] = {in->name, in->address, in->phone, in->responsible_name, in->responsible_email};
  *d = (struct an_change_details){0};
  bool any = false;
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    an_spec_set_text(&an_change_details_spec, d, i, v[i] && v[i][0] ? v[i] : NULL);
    any = any || (v[i] && v[i][0]);
  }
  an_spec_set_null(&an_change_details_spec, d, 5, true); /* from_plan_id */
  return any && (!d->responsible_email || an_email_valid(d->responsible_email));
}

/* A plan or add_service request's target: the active plan, and for a plan change the caller's
 * active contract of the same service on another plan (whose plan it leaves, into d). */
static enum an_ec plan_target(const struct an_ctx *ctx, struct an_db *db, struct req *r,
                              struct an_change_details *d)
{
  struct an_plan plan = {0};
  struct an_contract c = {0};
  enum an_ec ec = AN_EC_OK;
  int rc = an_store_plan_get(db, r->plan_id, &plan);
  if (rc == 1 && (!plan.service_status || strcmp(plan.service_status, "active")))
    rc = 0;
  if (rc == 1 && !strcmp(r->kind, "plan")) {
    rc = an_store_contract_get(db, ctx->tenant_id, r->contract_id, &c);
    if (rc == 1 && (c.service_id != plan.service_id || c.plan_id == r->plan_id))
      ec = AN_EC_GENERIC_INVALID_FIELD;
    else if (rc == 1 && (strcmp(c.status, "active") || c.end_on))
      ec = AN_EC_CONTRACT_NOT_ACTIVE;
    d->from_plan_id = c.plan_id;
    an_spec_set_null(&an_change_details_spec, d, 5, rc != 1);
  } else {
    r->contract_id = 0;
  }
  an_spec_clear(&an_plan_spec, &plan);
  an_spec_clear(&an_contract_spec, &c);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  return rc == 0 ? AN_EC_GENERIC_NOT_FOUND : ec;
}

enum an_ec an_change_request(const struct an_ctx *ctx, struct an_db *db,
                             const struct an_change_form *in, json_t **out)
{
  json_t *pv = NULL;
  enum an_ec ec = an_change_preview(ctx, in->kind, in->change_on, &pv);
  if (ec != AN_EC_OK)
    return ec;
  struct req r = {ctx,
                  in->kind,
                  "{}",
                  NULL,
                  in->contract_id,
                  in->plan_id,
                  0,
                  json_is_true(json_object_get(pv, "late_notice"))};
  char eff[AN_DATE_STRLEN];
  snprintf(eff, sizeof eff, "%s", json_string_value(json_object_get(pv, "effective_on")));
  json_decref(pv);
  r.eff = eff;
  struct an_change_details d = {.nulls = ~(uint64_t)0};
  if (!strcmp(in->kind, "details")) {
    r.contract_id = r.plan_id = 0;
    if (!details_of(in, &d))
      ec = AN_EC_GENERIC_INVALID_FIELD;
  } else {
    ec = plan_target(ctx, db, &r, &d);
  }
  json_t *dj = an_spec_to_json_present(&an_change_details_spec, &d);
  an_spec_clear(&an_change_details_spec, &d);
  char *text = json_dumps(dj, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref(dj);
  if (ec == AN_EC_OK) {
    r.details = text;
    struct an_change made = {0};
    if (an_db_txn(db, req_txn, &r) < 0 || an_store_change_get(db, ctx->tenant_id, r.id, &made) != 1)
      ec = AN_EC_GENERIC_INTERNAL;
    else
      *out = an_spec_to_json(&an_change_spec, &made);
    an_spec_clear(&an_change_spec, &made);
  }
  free(text);
  return ec;
}

struct decide {
  const struct an_ctx *ctx;
  int64_t id;
  bool approve;
  const char *reason, *message;
  struct an_change r;
  bool ok;
};

static int decide_txn(struct an_db *db, void *cls)
{
  struct decide *x = cls;
  const struct an_ctx *ctx = x->ctx;
  x->ok = false;
  int rc = an_store_change_set_status(db, x->r.tenant_id, x->id, "pending",
                                      x->approve ? "approved" : "refused", ctx->actor, x->message,
                                      ctx->now);
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  int64_t tenant = x->r.tenant_id;
  if (!x->approve && (rc = an_store_change_set_refusal(db, tenant, x->id, x->reason)) < 0)
    return rc;
  json_t *d =
      json_pack("{s:s, s:s?}", "message", x->message, "reason", x->approve ? NULL : x->reason);
  rc = an_market_audit(ctx, db, x->approve ? "change.approve" : "change.refuse", "change", x->id,
                       tenant, d);
  json_decref(d);
  if (rc < 0)
    return rc;
  const char *eff = x->r.effective_on;
  struct an_date e;
  if (x->approve && an_date_parse(eff, &e)) {
    int64_t due = an_market_midnight(e);
    rc = an_store_job_add(db, "change.apply", x->id, due < ctx->now ? ctx->now : due, ctx->now);
    if (rc < 0)
      return rc;
  }
  struct an_tenant t;
  if ((rc = an_store_tenant_by_id(db, tenant, &t)) <= 0)
    return rc < 0 ? rc : AN_DB_HARD;
  char reason_key[80];
  snprintf(reason_key, sizeof reason_key, "refusal.%s", x->approve ? "other" : x->reason);
  json_t *v = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)x->id, "effective_on", eff,
                        "message", x->message, "reason", reason_key);
  rc = an_market_notify_tenant(ctx, db, &t, "change",
                               x->approve ? "change_approved" : "change_refused", v, "");
  json_decref(v);
  x->ok = rc >= 0;
  return rc;
}

enum an_ec an_change_decide(const struct an_ctx *ctx, struct an_db *db, int64_t id, bool approve,
                            const char *reason, const char *message, json_t **out)
{
  *out = NULL;
  /* Art. 9-3 applies to change requests too: a refusal names one of its four reasons. */
  if (!approve && !an_refusal_reason_ja(reason))
    return AN_EC_GENERIC_INVALID_FIELD;
  struct decide x = {ctx, id, approve, reason, message ? message : "", {0}, false};
  int rc = an_store_change_get_all(db, id, &x.r);
  if (rc <= 0)
    return an_ec_of_read(rc);
  rc = an_db_txn(db, decide_txn, &x);
  if (x.ok && an_store_change_get_all(db, id, &x.r) == 1)
    *out = an_spec_to_json(&an_change_spec, &x.r);
  an_spec_clear(&an_change_spec, &x.r);
  if (!x.ok)
    return rc == AN_DB_ROLLBACK ? AN_EC_GENERIC_CONFLICT : AN_EC_GENERIC_INTERNAL;
  return *out ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
}

/* ---- withdrawal by the contractor (issue 10 item 4) ---- */

static int withdraw_txn(struct an_db *db, void *cls)
{
  struct an_ctx_row *w = cls;
  const struct an_ctx *ctx = w->ctx;
  w->found = false;
  /* Only while the operator has not decided: an approved change is the operator's promise. */
  int rc = an_store_change_set_status(db, ctx->tenant_id, w->id, "pending", "withdrawn", ctx->actor,
                                      "", ctx->now);
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  rc = an_market_audit(ctx, db, "change.withdraw", "change", w->id, ctx->tenant_id, NULL);
  w->found = rc >= 0;
  return rc;
}

enum an_ec an_change_withdraw(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **out)
{
  *out = NULL;
  if (!ctx->tenant_id)
    return AN_EC_GENERIC_NOT_FOUND;
  struct an_change r = {0};
  int rc = an_store_change_get(db, ctx->tenant_id, id, &r);
  an_spec_clear(&an_change_spec, &r);
  if (rc <= 0)
    return an_ec_of_read(rc);
  struct an_ctx_row w = {ctx, id, false};
  rc = an_db_txn(db, withdraw_txn, &w);
  if (!w.found)
    return rc == AN_DB_ROLLBACK ? AN_EC_CHANGE_NOT_PENDING : AN_EC_GENERIC_INTERNAL;
  if (an_store_change_get(db, ctx->tenant_id, id, &r) == 1)
    *out = an_spec_to_json(&an_change_spec, &r);
  an_spec_clear(&an_change_spec, &r);
  return *out ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
}

static int apply_plan(const struct an_ctx *ctx, struct an_db *db, const struct an_change *r)
{
  int64_t cid = r->contract_id;
  int rc = an_store_contract_set_plan(db, r->tenant_id, cid, r->plan_id, ctx->now);
  if (rc < 0)
    return rc;
  struct an_contract c = {0};
  if ((rc = an_store_contract_get(db, r->tenant_id, cid, &c)) <= 0)
    return rc < 0 ? rc : AN_DB_HARD;
  json_t *d =
      json_pack("{s:I, s:s}", "plan_id", (json_int_t)r->plan_id, "effective_on", r->effective_on);
  rc = an_market_audit(ctx, db, "contract.change", "contract", cid, c.tenant_id, d);
  json_decref(d);
  if (rc >= 0)
    rc = an_market_event(ctx, db, "contract.changed", &c);
  an_spec_clear(&an_contract_spec, &c);
  return rc;
}

static int apply_service(const struct an_ctx *ctx, struct an_db *db, const struct an_change *r)
{
  struct an_contract *latest = NULL, made = {0};
  size_t n = 0;
  int64_t tenant = r->tenant_id;
  /* The new contract takes the terms of the contractor's latest contract (pages are newest
   * first). */
  int rc = an_store_contract_page(db, tenant, "", 0, 1, 0, &latest, &n);
  if (rc >= 0 && !n)
    rc = AN_DB_HARD;
  if (rc >= 0)
    rc = an_contract_open(ctx, db, tenant, r->plan_id, latest[0].terms_document_id, r->effective_on,
                          &made);
  an_spec_free_array(&an_contract_spec, latest, n);
  an_spec_clear(&an_contract_spec, &made);
  return rc;
}

/* TOS-14: a new responsible person is told, on the day it applies, that they now are the
 * contractor's 利用責任者; the person replaced is told too. Both read the tenant's language. */
static int notify_responsible(const struct an_ctx *ctx, struct an_db *db,
                              const struct an_tenant *before, const char *name, const char *email)
{
  char lang[AN_LANG_STRLEN];
  int rc = an_store_tenant_lang(db, before->id, lang);
  if (rc < 0)
    return rc;
  json_t *v = json_pack("{s:s, s:s, s:s, s:s}", "name", name, "company", before->name, "email",
                        email, "before", before->responsible_name);
  if (!v)
    return AN_DB_HARD;
  rc = an_market_notify(ctx, db, before->id, email, name, lang, "change", "responsible_new", v, "");
  if (rc >= 0 && before->responsible_email[0] && strcmp(before->responsible_email, email))
    rc = an_mail_notice_msg(ctx, db, before->id, before->responsible_email,
                            before->responsible_name, lang, "responsible_old", v);
  json_decref(v);
  return rc;
}

static int apply_details(const struct an_ctx *ctx, struct an_db *db, const struct an_change *r)
{
  struct an_change_details d;
  if (!an_change_details_parse(r->details, &d))
    return AN_DB_HARD;
  int64_t tenant = r->tenant_id;
  struct an_tenant *before = an_calloc(sizeof *before);
  int rc = an_store_tenant_by_id(db, tenant, before);
  if (rc == 0)
    rc = AN_DB_HARD;
  if (rc >= 0)
    rc = an_store_tenant_set_details(db, tenant, d.name, d.address, d.phone, d.responsible_name,
                                     d.responsible_email, ctx->now);
  json_t *audit = an_spec_to_json_present(&an_change_details_spec, &d);
  if (rc >= 0)
    rc = an_market_audit(ctx, db, "tenant.details_change", "tenant", tenant, tenant, audit);
  json_decref(audit);
  if (rc >= 0 && d.responsible_email)
    rc = notify_responsible(ctx, db, before,
                            d.responsible_name ? d.responsible_name : before->responsible_name,
                            d.responsible_email);
  free(before);
  an_spec_clear(&an_change_details_spec, &d);
  return rc;
}

int an_change_apply_job(const struct an_ctx *ctx, struct an_db *db, int64_t id)
{
  struct an_change r;
  int rc = an_store_change_get_all(db, id, &r);
  if (rc <= 0)
    return rc;
  if (strcmp(r.status, "approved")) {
    an_spec_clear(&an_change_spec, &r);
    return 0; /* applied already (the job ran before) or no longer approved */
  }
  rc = !strcmp(r.kind, "plan")          ? apply_plan(ctx, db, &r)
       : !strcmp(r.kind, "add_service") ? apply_service(ctx, db, &r)
                                        : apply_details(ctx, db, &r);
  if (rc >= 0)
    rc = an_store_change_set_status(db, r.tenant_id, id, "approved", "applied", "", "", ctx->now);
  if (rc >= 0)
    rc = an_market_audit(ctx, db, "change.apply", "change", id, r.tenant_id, NULL);
  an_spec_clear(&an_change_spec, &r);
  return rc;
}
