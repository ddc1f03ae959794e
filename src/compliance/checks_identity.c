/* Checks of identity and access: password floors (CHK-14, WP-9, SLA-18/19), second factor for
 * staff (WP-12), session timeouts (CHK-15), IP allowlists offered (CHK-10), TLS (MARK-2-1-5) and
 * the audit log's retention and chain (CHK-7). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "compliance/checks.h"
#include "core/config.h"
#include "identity/tenant_policy.h"
#include "store/tenants.h"

/* The tenants a check looks at: every one not erased, with the fields the checks read. */
struct tenant_brief {
  int64_t id;
  char code[33];
  int64_t idle_minutes;
  bool allowlist, basic_gate;
};
struct tenants {
  struct tenant_brief *v;
  size_t n, cap;
  int64_t last;
};

static void collect(void *cls, const struct an_tenant *t)
{
  struct tenants *ts = cls;
  ts->last = t->id;
  if (!strcmp(t->status, "erased"))
    return;
  if (ts->n == ts->cap) {
    ts->cap = ts->cap ? ts->cap * 2 : 32;
    struct tenant_brief *nv = realloc(ts->v, ts->cap * sizeof *nv);
    if (!nv)
      abort();
    ts->v = nv;
  }
  struct tenant_brief *b = &ts->v[ts->n++];
  b->id = t->id;
  snprintf(b->code, sizeof b->code, "%s", t->company_code);
  b->idle_minutes = t->idle_timeout_minutes;
  b->allowlist = t->ip_allowlist[0] != 0;
  b->basic_gate = t->basic_user[0] != 0;
}

/* Reads every tenant, a page at a time. Returns 0 or an error (ts then freed). */
static int tenants_all(struct an_db *db, struct tenants *ts)
{
  memset(ts, 0, sizeof *ts);
  for (;;) {
    int64_t before = ts->last;
    int rc = an_store_tenant_search(db, "", 200, ts->last, collect, ts);
    if (rc < 0) {
      free(ts->v);
      memset(ts, 0, sizeof *ts);
      return rc;
    }
    if (rc < 200 || ts->last == before)
      return 0;
  }
}

int an_check_password_floors(const struct an_ctx *ctx, struct an_db *db,
                             struct an_check_result *out)
{
  (void)ctx;
  struct tenants ts;
  int rc = tenants_all(db, &ts);
  if (rc < 0)
    return rc;
  json_t *below = json_array();
  for (size_t i = 0; i < ts.n && rc >= 0; i++) {
    struct an_tenant_policy p;
    rc = an_tenant_policy_load(db, ts.v[i].id, &p);
    json_t *errs = rc >= 0 ? an_tenant_policy_validate(&p) : NULL;
    if (errs) {
      json_t *fields = json_array();
      size_t k;
      json_t *e;
      json_array_foreach(errs, k, e) json_array_append(fields, json_object_get(e, "field"));
      json_array_append_new(
          below, json_pack("{s:s, s:o}", "company_code", ts.v[i].code, "fields", fields));
      json_decref(errs);
    }
  }
  size_t n = ts.n, bad = json_array_size(below);
  free(ts.v);
  if (rc < 0) {
    json_decref(below);
    return rc;
  }
  json_t *ev = json_pack("{s:I, s:I, s:o}", "tenants", (json_int_t)n, "below_floor",
                         (json_int_t)bad, "tenants_below_floor", below);
  json_t *vars = json_pack("{s:I, s:I}", "tenants", (json_int_t)n, "bad", (json_int_t)bad);
  an_check_set_pass(out, !bad, "compliance.reason.password_floors.ok",
                    "compliance.reason.password_floors.fail", vars, ev);
  return 0;
}

int an_check_staff_mfa(const struct an_ctx *ctx, struct an_db *db, struct an_check_result *out)
{
  (void)db;
  bool on = ctx->cfg->staff_mfa_required;
  json_t *ev = json_pack("{s:b}", "staff_mfa_required", on);
  an_check_set_pass(out, on, "compliance.reason.staff_mfa.ok", "compliance.reason.staff_mfa.fail",
                    NULL, ev);
  return 0;
}

int an_check_session_timeouts(const struct an_ctx *ctx, struct an_db *db,
                              struct an_check_result *out)
{
  const struct an_config *cfg = ctx->cfg;
  struct tenants ts;
  int rc = tenants_all(db, &ts);
  if (rc < 0)
    return rc;
  json_t *over = json_array();
  for (size_t i = 0; i < ts.n; i++)
    if (ts.v[i].idle_minutes <= 0 || ts.v[i].idle_minutes > cfg->tenant_idle_max)
      json_array_append_new(over, json_string(ts.v[i].code));
  size_t n = ts.n, bad = json_array_size(over);
  free(ts.v);
  bool staff_ok = cfg->idle_timeout > 0 && cfg->staff_session_max > 0;
  json_t *ev = json_pack(
      "{s:I, s:I, s:I, s:I, s:o}", "staff_idle_seconds", (json_int_t)cfg->idle_timeout,
      "staff_session_max_seconds", (json_int_t)cfg->staff_session_max, "tenant_idle_max_minutes",
      (json_int_t)cfg->tenant_idle_max, "tenants", (json_int_t)n, "tenants_without_limit", over);
  json_t *vars = json_pack("{s:I, s:I}", "minutes", (json_int_t)(cfg->idle_timeout / 60), "bad",
                           (json_int_t)bad);
  an_check_set_pass(out, staff_ok && !bad, "compliance.reason.session_timeouts.ok",
                    "compliance.reason.session_timeouts.fail", vars, ev);
  return 0;
}

int an_check_ip_allowlists(const struct an_ctx *ctx, struct an_db *db, struct an_check_result *out)
{
  (void)ctx;
  struct tenants ts;
  int rc = tenants_all(db, &ts);
  if (rc < 0)
    return rc;
  int64_t allow = 0, gate = 0;
  for (size_t i = 0; i < ts.n; i++) {
    allow += ts.v[i].allowlist;
    gate += ts.v[i].basic_gate;
  }
  json_t *ev =
      json_pack("{s:b, s:b, s:I, s:I, s:I}", "ip_allowlist_offered", 1, "basic_gate_offered", 1,
                "tenants", (json_int_t)ts.n, "tenants_with_allowlist", (json_int_t)allow,
                "tenants_with_basic_gate", (json_int_t)gate);
  json_t *vars = json_pack("{s:I, s:I}", "allowlist", (json_int_t)allow, "gate", (json_int_t)gate);
  free(ts.v);
  an_check_set(out, AN_CS_COMPLIANT, "compliance.reason.ip_allowlists.ok", vars, ev);
  return 0;
}

int an_check_tls(const struct an_ctx *ctx, struct an_db *db, struct an_check_result *out)
{
  (void)db;
  const struct an_config *cfg = ctx->cfg;
  bool direct = an_config_tls(cfg);
  /* Behind a proxy the TLS is the proxy's: the public address must be https and the proxy
   * trusted, else pages that ask for personal data may travel in clear. */
  bool proxied = !direct && !strncmp(cfg->public_url, "https://", 8) && cfg->trusted_proxies[0];
  json_t *ev = json_pack("{s:b, s:b, s:s}", "tls_on_server", direct, "tls_at_proxy", proxied,
                         "public_url", cfg->public_url);
  const struct an_check_rung verdict[] = {
      {direct, AN_CS_COMPLIANT, "compliance.reason.tls.direct"},
      {proxied, AN_CS_COMPLIANT, "compliance.reason.tls.proxy"},
      {true, AN_CS_NON_COMPLIANT, "compliance.reason.tls.fail"},
  };
  an_check_verdict(out, verdict, NULL, ev);
  return 0;
}

int an_check_audit_log(const struct an_ctx *ctx, struct an_db *db, struct an_check_result *out)
{
  const struct an_config *cfg = ctx->cfg;
  struct an_audit_report rep;
  memset(&rep, 0, sizeof rep);
  int rc = an_audit_verify(db, ctx->keys, &rep);
  if (rc < 0)
    return rc;
  long keep = cfg->audit_retention_days;
  bool kept = keep == 0 || keep >= AN_AUDIT_MIN_RETENTION_DAYS;
  bool access_kept = cfg->access_retention_days >= AN_AUDIT_MIN_RETENTION_DAYS;
  json_t *ev = json_pack(
      "{s:I, s:I, s:b, s:I, s:I, s:I, s:s}", "audit_retention_days", (json_int_t)keep,
      "access_retention_days", (json_int_t)cfg->access_retention_days, "chain_intact", rc == 1,
      "events_checked", (json_int_t)rep.events, "unsealed", (json_int_t)rep.unsealed,
      "first_bad_seq", (json_int_t)rep.bad_seq, "why", rc == 1 ? "" : rep.reason);
  json_t *vars =
      json_pack("{s:I, s:I}", "days", (json_int_t)keep, "events", (json_int_t)rep.events);
  const struct an_check_rung verdict[] = {
      {rc != 1, AN_CS_NON_COMPLIANT, "compliance.reason.audit.broken"},
      {!kept || !access_kept, AN_CS_NON_COMPLIANT, "compliance.reason.audit.short"},
      {true, AN_CS_COMPLIANT, "compliance.reason.audit.ok"},
  };
  an_check_verdict(out, verdict, vars, ev);
  return 0;
}
