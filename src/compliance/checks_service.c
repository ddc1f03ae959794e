/* Checks of what is published and measured: the terms of use (MARK-4-1-1) and the
 * important-matters explanation (MARK-4-1-2) in force, the privacy policy (MARK-7-4-1), the
 * measured availability against 99.90 % (SLA-4) and the response times (SLA-10), both over the
 * last 30 days. */
#include <stdio.h>
#include <string.h>

#include "compliance/checks.h"
#include "core/time.h"
#include "market/documents.h"
#include "ops/latency.h"
#include "ops/ops.h"
#include "store/rows.h"

#define US INT64_C(1000000)
#define WINDOW (INT64_C(30) * 86400 * US)
#define AVAILABILITY_TARGET 99.90

/* A published document or page (in: the version in force, or NULL) or not; out gets the reason of
 * `what`. */
static void published(struct an_check_result *out, const json_t *in, const char *what,
                      const char *kind)
{
  bool yes = in != NULL;
  json_t *ev = json_pack("{s:s, s:b}", "kind", kind, "in_force", yes);
  if (yes) {
    json_object_set(ev, "version", json_object_get(in, "version"));
    json_object_set(ev, "effective_on", json_object_get(in, "effective_on"));
  }
  json_t *vars = json_pack("{s:s}", "what", what);
  an_check_set_pass(out, yes, "compliance.reason.published.ok", "compliance.reason.published.none",
                    vars, ev);
}

/* The text of kind that read gives: published (in force) or not. */
static int document_check(const struct an_ctx *ctx, struct an_db *db, an_check_reader read,
                          const char *kind, const char *what, struct an_check_result *out)
{
  json_t *in = NULL;
  if (an_check_in_force(ctx, db, read, kind, &in) < 0)
    return AN_DB_HARD;
  published(out, in, what, kind);
  json_decref(in);
  return 0;
}

int an_check_terms(const struct an_ctx *ctx, struct an_db *db, struct an_check_result *out)
{
  return document_check(ctx, db, an_document_public, "terms", "compliance.what.terms", out);
}

int an_check_important_matters(const struct an_ctx *ctx, struct an_db *db,
                               struct an_check_result *out)
{
  return document_check(ctx, db, an_document_public, "important-matters",
                        "compliance.what.important_matters", out);
}

int an_check_privacy_policy(const struct an_ctx *ctx, struct an_db *db, struct an_check_result *out)
{
  return document_check(ctx, db, an_ops_info_get, "privacy", "compliance.what.privacy", out);
}

int an_check_availability(const struct an_ctx *ctx, struct an_db *db, struct an_check_result *out)
{
  json_t *a = NULL;
  const char *field = NULL;
  if (an_ops_availability(ctx, db, ctx->now - WINDOW, ctx->now, 0, &field, &a) != AN_EC_OK) {
    json_decref(a);
    return AN_DB_HARD;
  }
  double pct = json_number_value(json_object_get(a, "availability_percent"));
  json_t *ev =
      json_pack("{s:f, s:f, s:O, s:O, s:O}", "availability_percent", pct, "target_percent",
                AVAILABILITY_TARGET, "planned_minutes", json_object_get(a, "planned_minutes"),
                "downtime_minutes", json_object_get(a, "downtime_minutes"), "period_from",
                json_object_get(a, "from"));
  json_decref(a);
  /* Three decimals, as reported: 99.900 meets the target. */
  char shown[32];
  snprintf(shown, sizeof shown, "%.3f", pct);
  json_t *vars = json_pack("{s:s}", "percent", shown);
  if (pct + 1e-9 >= AVAILABILITY_TARGET)
    an_check_set(out, AN_CS_COMPLIANT, "compliance.reason.availability.ok", vars, ev);
  else
    an_check_set(out, AN_CS_NON_COMPLIANT, "compliance.reason.availability.fail", vars, ev);
  return 0;
}

int an_check_response_times(const struct an_ctx *ctx, struct an_db *db, struct an_check_result *out)
{
  json_t *t = NULL;
  if (an_ops_response_times(ctx, db, ctx->now - WINDOW, ctx->now, &t) != AN_EC_OK)
    return AN_DB_HARD;
  json_t *api = json_object_get(t, "api"), *batch = json_object_get(t, "batch");
  int64_t n = an_rec_int(api, "count");
  double avg = json_number_value(json_object_get(api, "avg_ms"));
  double bavg = json_number_value(json_object_get(batch, "avg_ms"));
  int64_t bn = an_rec_int(batch, "count");
  json_t *ev =
      json_pack("{s:I, s:f, s:I, s:I, s:f, s:I}", "api_responses", (json_int_t)n, "api_avg_ms", avg,
                "api_target_ms", (json_int_t)AN_OPS_API_TARGET_MS, "batch_runs", (json_int_t)bn,
                "batch_avg_ms", bavg, "batch_target_ms", (json_int_t)AN_OPS_BATCH_TARGET_MS);
  json_decref(t);
  char shown[32];
  snprintf(shown, sizeof shown, "%.0f", avg);
  json_t *vars = json_pack("{s:s, s:I}", "avg_ms", shown, "count", (json_int_t)n);
  const struct an_check_rung verdict[] = {
      {!n, AN_CS_NOT_APPLICABLE, "compliance.reason.response.none"},
      {avg > AN_OPS_API_TARGET_MS, AN_CS_NON_COMPLIANT, "compliance.reason.response.slow"},
      {bn && bavg > AN_OPS_BATCH_TARGET_MS, AN_CS_PARTIAL, "compliance.reason.response.batch_slow"},
      {true, AN_CS_COMPLIANT, "compliance.reason.response.ok"},
  };
  an_check_verdict(out, verdict, vars, ev);
  return 0;
}
