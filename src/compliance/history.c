#include "compliance/history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "audit/job.h"
#include "compliance/attest.h"
#include "compliance/checks.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/messages.h"
#include "core/periodic.h"
#include "core/time.h"
#include "notify/mail.h"
#include "store/compliance_live.h"
#include "store/rows.h"

#define US INT64_C(1000000)

/* One requirement's outcome of an evaluation, as it will be stored. */
struct item {
  char requirement[40];
  const char *status, *source, *reason;
  char *vars, *evidence; /* JSON texts (heap) */
};

struct eval {
  const struct an_ctx *ctx;
  struct item *items;
  size_t n;
  int changes;
  struct an_buf alert; /* the lines of the alert mail, built in the transaction */
  int alerts;
};

static void item_set(struct item *it, const char *req, const char *status, const char *source,
                     const char *reason, json_t *vars, json_t *evidence)
{
  snprintf(it->requirement, sizeof it->requirement, "%s", req);
  it->status = status;
  it->source = source;
  it->reason = reason;
  it->vars = vars ? json_dumps(vars, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
  it->evidence = evidence ? json_dumps(evidence, JSON_COMPACT) : NULL;
}

/* True when req is one of only (n of them), or when only is NULL (everything). */
static bool wanted(const char *req, const char *const *only, size_t n)
{
  for (size_t i = 0; only && i < n; i++)
    if (!strcmp(only[i], req))
      return true;
  return !only;
}

/* Runs every check (of only, when not NULL); a check that cannot read its state is left out
 * (its stored status stays). */
static void run_checks(const struct an_ctx *ctx, struct an_db *db, struct eval *e, size_t cap,
                       const char *const *only, size_t n_only)
{
  size_t n;
  const struct an_check *cs = an_checks(&n);
  for (size_t i = 0; i < n && e->n < cap; i++) {
    if (!wanted(cs[i].requirement, only, n_only))
      continue;
    struct an_check_result r;
    if (an_check_run(ctx, db, &cs[i], &r) < 0) {
      an_log(AN_LOG_WARN, "compliance: check could not run",
             json_pack("{s:s}", "requirement", cs[i].requirement));
      continue;
    }
    item_set(&e->items[e->n++], cs[i].requirement, an_cstatus_name(r.status), "check", r.reason,
             r.vars, r.evidence);
    an_check_result_clear(&r);
  }
}

/* Requirements without a check that rest on attestations: compliant while one has not expired,
 * else non_compliant and flagged. */
static int run_attestations(const struct an_ctx *ctx, struct an_db *db, struct eval *e, size_t cap)
{
  json_t *list = json_array();
  int rc = an_attest_current(ctx, db, list);
  size_t i;
  json_t *a;
  json_array_foreach(list, i, a)
  {
    const char *req = an_rec_str(a, "requirement");
    if (rc < 0 || an_check_find(req))
      continue;
    struct item *seen = NULL;
    for (size_t k = 0; k < e->n; k++)
      if (!strcmp(e->items[k].requirement, req))
        seen = &e->items[k];
    bool valid = !json_is_true(json_object_get(a, "expired"));
    if (seen) { /* the list is newest first per requirement: a valid one anywhere counts */
      if (valid && strcmp(seen->status, "compliant")) {
        free(seen->vars);
        free(seen->evidence);
        json_t *ev = json_pack("{s:O, s:s}", "attestation_id", json_object_get(a, "id"),
                               "expires_on", an_rec_str(a, "expires_on"));
        json_t *vars = json_pack("{s:s}", "until", an_rec_str(a, "expires_on"));
        item_set(seen, req, "compliant", "attestation", "compliance.reason.attested.ok", vars, ev);
        json_decref(ev);
        json_decref(vars);
      }
      continue;
    }
    if (e->n >= cap)
      break;
    json_t *ev = json_pack("{s:O, s:s, s:s, s:s, s:s}", "attestation_id", json_object_get(a, "id"),
                           "attested_by", an_rec_str(a, "attested_by"), "role",
                           an_rec_str(a, "role"), "attested_on", an_rec_str(a, "attested_on"),
                           "expires_on", an_rec_str(a, "expires_on"));
    json_object_set_new(ev, "link", json_string("/compliance"));
    json_t *vars = json_pack("{s:s}", "until", an_rec_str(a, "expires_on"));
    item_set(&e->items[e->n++], req, valid ? "compliant" : "non_compliant", "attestation",
             valid ? "compliance.reason.attested.ok" : "compliance.reason.attested.expired", vars,
             ev);
    json_decref(ev);
    json_decref(vars);
  }
  json_decref(list);
  return rc < 0 ? rc : 0;
}

/* Requirements that rested on attestations that are all revoked now: non_compliant. */
static int run_orphans(struct an_db *db, struct eval *e, size_t cap)
{
  json_t *rows = json_array();
  int rc = an_store_cstatus_list_all(db, rows);
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row)
  {
    const char *req = an_rec_str(row, "requirement");
    if (rc < 0 || e->n >= cap || strcmp(an_rec_str(row, "source"), "attestation") ||
        an_check_find(req))
      continue;
    bool seen = false;
    for (size_t k = 0; k < e->n && !seen; k++)
      seen = !strcmp(e->items[k].requirement, req);
    if (!seen) {
      json_t *ev = json_pack("{s:s}", "link", "/compliance");
      item_set(&e->items[e->n++], req, "non_compliant", "attestation",
               "compliance.reason.attested.none", NULL, ev);
      json_decref(ev);
    }
  }
  json_decref(rows);
  return rc < 0 ? rc : 0;
}

/* Mails the alert lines to every on-call address (the monitor's list). */
static int mail_alert(const struct an_ctx *ctx, struct an_db *db, struct eval *e)
{
  const char *list = ctx->cfg->ops_oncall_emails;
  if (!e->alerts || !list[0])
    return 0;
  json_t *vars = json_pack("{s:I, s:s, s:I}", "count", (json_int_t)e->alerts, "items",
                           e->alert.data ? e->alert.data : "", "at", (json_int_t)ctx->now);
  char *copy = strdup(list), *save = NULL;
  int rc = copy ? 0 : AN_DB_HARD;
  for (char *a = copy ? strtok_r(copy, ", ", &save) : NULL; a && rc >= 0;
       a = strtok_r(NULL, ", ", &save))
    rc = an_mail_notice_msg(ctx, db, 0, a, "", "ja", "compliance_alert", vars);
  free(copy);
  json_decref(vars);
  return rc < 0 ? rc : 0;
}

/* A change after the baseline is also an audit event (issue 16 item 6: the audit log shows since
 * when an item fails); the first evaluation of a requirement sets its baseline and writes none,
 * so a fresh system's first round adds no event per requirement. */
static int audit_change(struct an_db *db, struct eval *e, const struct an_store_cstatus *s,
                        const char *previous)
{
  json_t *d = json_pack("{s:s, s:s, s:s, s:s}", "requirement", s->requirement, "previous", previous,
                        "status", s->status, "reason_key", s->reason_key);
  char *target = an_asprintf("requirement:%s", s->requirement);
  struct an_audit_rec rec = {
      .action = "compliance.status_change", .target = target, .outcome = "success", .details = d};
  int rc = an_audit_append(e->ctx, db, &rec);
  json_decref(d);
  free(target);
  return rc;
}

/* A change of status: a history row; a change from a known status to non_compliant is listed
 * in the alert mail (the first evaluation sets the baseline and alerts nobody). */
static int record_change(struct an_db *db, struct eval *e, const struct an_store_cstatus *s,
                         const char *previous)
{
  bool bad = previous[0] && !strcmp(s->status, "non_compliant");
  bool told = bad && e->ctx->cfg->ops_oncall_emails[0];
  int rc = an_store_chistory_add(db, s, previous, told);
  if (rc >= 0 && previous[0])
    rc = audit_change(db, e, s, previous);
  if (rc < 0)
    return rc;
  e->changes++;
  if (bad) {
    json_t *vars = json_loads(s->vars, 0, NULL);
    char *why = an_msg_render(s->reason_key, "ja", vars);
    an_buf_printf(&e->alert, "  %s：%s\n", s->requirement, why ? why : s->reason_key);
    free(why);
    json_decref(vars);
    e->alerts++;
  }
  return rc;
}

static int eval_txn(struct an_db *db, void *cls)
{
  struct eval *e = cls;
  e->changes = 0;
  e->alerts = 0;
  an_buf_free(&e->alert);
  for (size_t i = 0; i < e->n; i++) {
    const struct item *it = &e->items[i];
    json_t *cur = NULL;
    int rc = an_store_cstatus_get(db, it->requirement, &cur);
    if (rc < 0)
      return rc;
    const char *prev = rc == 1 ? an_rec_str(cur, "status") : "";
    bool same = !strcmp(prev, it->status);
    struct an_store_cstatus s = {it->requirement,
                                 it->status,
                                 it->source,
                                 it->reason,
                                 it->vars ? it->vars : "{}",
                                 it->evidence ? it->evidence : "{}",
                                 same ? an_rec_int(cur, "since_us") : e->ctx->now,
                                 e->ctx->now};
    rc = an_store_cstatus_put(db, &s);
    if (rc >= 0 && !same)
      rc = record_change(db, e, &s, prev);
    json_decref(cur);
    if (rc < 0)
      return rc;
  }
  return mail_alert(e->ctx, db, e);
}

enum an_ec an_compliance_evaluate(const struct an_ctx *ctx, struct an_db *db, int *changes)
{
  return an_compliance_evaluate_some(ctx, db, NULL, 0, true, changes);
}

enum an_ec an_compliance_evaluate_some(const struct an_ctx *ctx, struct an_db *db,
                                       const char *const *requirements, size_t n, bool attestations,
                                       int *changes)
{
  if (changes)
    *changes = 0;
  if (!an_scope_is_operator(ctx))
    return AN_EC_GENERIC_NOT_FOUND;
  size_t ncheck;
  an_checks(&ncheck);
  size_t cap = ncheck + 256; /* requirements resting on attestations beside the checks */
  struct eval e = {ctx, calloc(cap, sizeof(struct item)), 0, 0, {0}, 0};
  if (!e.items)
    return AN_EC_GENERIC_INTERNAL;
  run_checks(ctx, db, &e, cap, requirements, n);
  int rc = attestations ? run_attestations(ctx, db, &e, cap) : 0;
  if (rc >= 0 && attestations)
    rc = run_orphans(db, &e, cap);
  if (rc >= 0)
    rc = an_db_txn(db, eval_txn, &e);
  if (changes)
    *changes = e.changes;
  for (size_t i = 0; i < e.n; i++) {
    free(e.items[i].vars);
    free(e.items[i].evidence);
  }
  free(e.items);
  an_buf_free(&e.alert);
  return rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}

/* The stored record made readable: reason in lang, vars and evidence as JSON. */
static void render(json_t *row, const char *lang)
{
  json_t *vars = json_loads(an_rec_str(row, "reason_vars"), 0, NULL);
  char *why = an_msg_render(an_rec_str(row, "reason_key"), lang, vars);
  json_object_set_new(row, "reason", json_string(why ? why : an_rec_str(row, "reason_key")));
  free(why);
  json_decref(vars);
  json_object_del(row, "reason_vars");
  json_t *ev = json_loads(an_rec_str(row, "evidence"), 0, NULL);
  json_object_set_new(row, "evidence", ev ? ev : json_object());
}

enum an_ec an_compliance_requirements(const struct an_ctx *ctx, struct an_db *db, const char *lang,
                                      json_t **out)
{
  *out = NULL;
  if (!an_scope_is_operator(ctx))
    return AN_EC_GENERIC_NOT_FOUND;
  json_t *rows = json_array(), *atts = json_array();
  if (an_store_cstatus_list_all(db, rows) < 0 || an_attest_current(ctx, db, atts) < 0) {
    json_decref(rows);
    json_decref(atts);
    return AN_EC_GENERIC_INTERNAL;
  }
  const char *newest = "";
  size_t i, k;
  json_t *row, *a;
  json_array_foreach(rows, i, row)
  {
    render(row, lang);
    json_object_set(row, "since", json_object_get(row, "since_at"));
    json_object_del(row, "since_at");
    if (strcmp(an_rec_str(row, "evaluated_at"), newest) > 0)
      newest = an_rec_str(row, "evaluated_at");
    json_t *best = NULL; /* the newest valid attestation, else the newest */
    json_array_foreach(atts, k, a)
    {
      if (strcmp(an_rec_str(a, "requirement"), an_rec_str(row, "requirement")))
        continue;
      if (!best || (json_is_true(json_object_get(best, "expired")) &&
                    !json_is_true(json_object_get(a, "expired"))))
        best = a;
    }
    json_object_set(row, "attestation", best ? best : json_null());
    json_object_set_new(row, "attestation_expired",
                        json_boolean(best && json_is_true(json_object_get(best, "expired"))));
  }
  *out = json_pack("{s:s?, s:o}", "evaluated_at", newest[0] ? newest : NULL, "requirements", rows);
  if (!json_object_get(*out, "evaluated_at"))
    json_object_set_new(*out, "evaluated_at", json_null());
  json_decref(atts);
  return *out ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
}

enum an_ec an_compliance_history(const struct an_ctx *ctx, struct an_db *db,
                                 const char *requirement, const char *lang, json_t **out)
{
  *out = NULL;
  if (!an_scope_is_operator(ctx))
    return AN_EC_GENERIC_NOT_FOUND;
  json_t *rows = json_array();
  if (an_store_chistory_list_all(db, requirement ? requirement : "", 500, rows) < 0) {
    json_decref(rows);
    return AN_EC_GENERIC_INTERNAL;
  }
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row)
  {
    render(row, lang);
    json_object_set_new(row, "alerted", json_boolean(an_rec_int(row, "alerted") != 0));
  }
  *out = json_pack("{s:o}", "history", rows);
  return AN_EC_OK;
}

enum an_ec an_compliance_evaluate_now(const struct an_ctx *ctx, struct an_db *db, const char *lang,
                                      json_t **out)
{
  *out = NULL;
  int changes = 0;
  enum an_ec ec = an_compliance_evaluate(ctx, db, &changes);
  if (ec == AN_EC_OK)
    ec = an_compliance_requirements(ctx, db, lang, out);
  if (ec == AN_EC_OK)
    json_object_set_new(*out, "changes", json_integer(changes));
  return ec;
}

/* ---- the schedule ---- */

static void round_(const struct an_ctx *ctx, struct an_db *db)
{
  an_compliance_evaluate(ctx, db, NULL);
}

static struct an_leased_job job = {.lease = "compliance.evaluate",
                                   .actor = "compliance",
                                   .request_id = "compliance",
                                   .round = round_};

void an_compliance_start(const struct an_config *cfg, const struct an_keys *keys)
{
  if (job.thread || cfg->compliance_interval_ms <= 0)
    return;
  /* The holder keeps the lease while it runs; it lapses two rounds after its holder stops. */
  an_leased_job_start(&job, cfg, keys, cfg->compliance_interval_ms,
                      an_job_lapse_us(2, cfg->compliance_interval_ms));
  an_compliance_watch_start(cfg, keys);
}

void an_compliance_stop(void)
{
  an_compliance_watch_stop();
  an_leased_job_stop(&job, false);
}
