/* The registry of live checks and the one way to run a check (evidence stamped with its time and
 * link). */
#include "compliance/checks.h"

#include <string.h>

#include "core/time.h"

static const struct an_check registry[] = {
    /* identity and access */
    {"CHK-14", "/api/v1/password-policy", an_check_password_floors},
    {"WP-12", "/api/v1/staff", an_check_staff_mfa},
    {"CHK-15", "/api/v1/session-policy", an_check_session_timeouts},
    {"CHK-10", "/api/v1/ip-allowlist", an_check_ip_allowlists},
    {"MARK-2-1-5", "/healthz", an_check_tls},
    {"CHK-7", "/audit", an_check_audit_log},
    /* data: backups, drills, web files */
    {"MARK-3-1-5", "/operator-ops", an_check_backup_age},
    {"MARK-3-1-6", "/operator-ops", an_check_restore_drill},
    {"MARK-3-1-7", "/operator-ops", an_check_backup_distance},
    {"MARK-2-1-4", "/api/v1/ops/monitor", an_check_web_manifest},
    /* published documents and service levels */
    {"MARK-4-1-1", "/api/v1/documents/terms", an_check_terms},
    {"MARK-4-1-2", "/api/v1/documents/important-matters", an_check_important_matters},
    {"MARK-7-4-1", "/privacy", an_check_privacy_policy},
    {"SLA-4", "/status", an_check_availability},
    {"SLA-10", "/api/v1/sla/response-times", an_check_response_times},
    /* records of every contract, request and deletion */
    {"MARK-4-1-3", "/operator", an_check_consent},
    {"MARK-4-1-4", "/operator", an_check_contract_documents},
    {"MARK-7-5-2", "/operator-privacy", an_check_pd_requests},
    {"CHK-17", "/operator-erasures", an_check_deletions},
    {"MARK-7-6-1", "/operator-privacy", an_check_breach_notified},
    {"MARK-7-6-2", "/operator-privacy", an_check_breach_published},
    {"MARK-7-6-3", "/operator-privacy", an_check_breach_reported},
    /* complaints, notices, support desk, withdrawal, security advice, news (checks_more.c) */
    {"MARK-7-5-1", "/tickets", an_check_complaints},
    {"CHK-1", "/news", an_check_notice_periods},
    {"MARK-5-2-1", "/news", an_check_maintenance_notice},
    {"MARK-5-1-1", "/support", an_check_support_channels},
    {"MARK-5-1-4", "/tickets", an_check_support_history},
    {"MARK-4-2-2", "/terms", an_check_withdrawal},
    {"MARK-6-1-1", "/security", an_check_security_advice},
    {"MARK-6-2-1", "/news", an_check_virus_news},
    {"MARK-6-2-2", "/news", an_check_security_news},
};

const struct an_check *an_checks(size_t *n)
{
  *n = sizeof registry / sizeof registry[0];
  return registry;
}

const struct an_check *an_check_find(const char *requirement)
{
  for (size_t i = 0; i < sizeof registry / sizeof registry[0]; i++)
    if (!strcmp(registry[i].requirement, requirement))
      return &registry[i];
  return NULL;
}

const char *an_cstatus_name(enum an_cstatus s)
{
  switch (s) {
  case AN_CS_COMPLIANT:
    return "compliant";
  case AN_CS_PARTIAL:
    return "partial";
  case AN_CS_NON_COMPLIANT:
    return "non_compliant";
  case AN_CS_NOT_APPLICABLE:
    return "not_applicable";
  }
  return "non_compliant";
}

void an_check_set(struct an_check_result *out, enum an_cstatus s, const char *reason, json_t *vars,
                  json_t *evidence)
{
  out->status = s;
  out->reason = reason;
  json_decref(out->vars);
  json_decref(out->evidence);
  out->vars = vars ? vars : json_object();
  out->evidence = evidence ? evidence : json_object();
}

void an_check_set_pass(struct an_check_result *out, bool pass, const char *ok_key,
                       const char *fail_key, json_t *vars, json_t *evidence)
{
  if (pass)
    an_check_set(out, AN_CS_COMPLIANT, ok_key, vars, evidence);
  else
    an_check_set(out, AN_CS_NON_COMPLIANT, fail_key, vars, evidence);
}

void an_check_set_by_age(struct an_check_result *out, bool none, bool too_old,
                         enum an_cstatus stale, const char *const reasons[3], json_t *vars,
                         json_t *evidence)
{
  if (none)
    an_check_set(out, AN_CS_NON_COMPLIANT, reasons[0], vars, evidence);
  else if (too_old)
    an_check_set(out, stale, reasons[1], vars, evidence);
  else
    an_check_set(out, AN_CS_COMPLIANT, reasons[2], vars, evidence);
}

void an_check_verdict(struct an_check_result *out, const struct an_check_rung *rungs, json_t *vars,
                      json_t *evidence)
{
  while (!rungs->when)
    rungs++;
  an_check_set(out, rungs->status, rungs->reason, vars, evidence);
}

int an_check_in_force(const struct an_ctx *ctx, struct an_db *db, an_check_reader read,
                      const char *kind, json_t **in)
{
  *in = NULL;
  json_t *doc = NULL;
  enum an_ec ec = read(ctx, db, kind, &doc);
  if (ec != AN_EC_OK && ec != AN_EC_GENERIC_NOT_FOUND) {
    json_decref(doc);
    return AN_DB_HARD;
  }
  json_t *f = doc ? json_object_get(doc, "in_force") : NULL;
  if (f && json_is_object(f))
    *in = json_incref(f);
  json_decref(doc);
  return 0;
}

void an_check_result_clear(struct an_check_result *r)
{
  json_decref(r->vars);
  json_decref(r->evidence);
  memset(r, 0, sizeof *r);
}

int an_check_run(const struct an_ctx *ctx, struct an_db *db, const struct an_check *c,
                 struct an_check_result *out)
{
  memset(out, 0, sizeof *out);
  int rc = c->fn(ctx, db, out);
  if (rc < 0 || !out->reason) {
    an_check_result_clear(out);
    return rc < 0 ? rc : AN_DB_HARD;
  }
  char at[40];
  an_time_format_utc(ctx->now, at, sizeof at);
  json_object_set_new(out->evidence, "checked_at", json_string(at));
  json_object_set_new(out->evidence, "link", json_string(c->link));
  return 0;
}
