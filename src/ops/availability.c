/* Measured availability exactly as SLA-4 defines it:
 *   availability = (planned service time - downtime) / planned service time
 * planned service time = the period minus announced maintenance (the regular windows of the rule
 * and scheduled windows announced within their notice rule); downtime = the part of planned
 * service time covered by major outages, plus partial outages weighted by [ops]
 * partial_outage_weight_percent (default 0). Computed on merged intervals, to the microsecond. */
#include "ops/spans.h"
#include <stdlib.h>
#include <string.h>

#include "core/time.h"
#include "ops/ops.h"
#include "ops/schedule.h"
#include "ops/spans.h"
#include "store/ops.h"
#include "store/rows.h"

#define MINUTE_US INT64_C(60000000)
/* Announced maintenance over [from, to) for service (0 = platform). */
static int maintenance(const struct an_ctx *ctx, struct an_db *db, int64_t from, int64_t to,
                       int64_t service, struct an_ops_spans *m)
{
  struct an_ops_span w[64];
  struct an_ops_rule rule = an_ops_rule_from(ctx->cfg);
  int64_t cur = from;
  for (;;) { /* the rule's windows, 64 at a time (about five years) */
    size_t n = an_ops_rule_windows(rule, cur, to, w, 64);
    for (size_t i = 0; i < n; i++)
      an_ops_spans_add(m, w[i].start, w[i].end, from, to);
    if (n < 64)
      break;
    cur = w[n - 1].end;
  }
  json_t *rows = json_array(), *row;
  int rc = an_store_ops_maintenance_list_all(db, from, to, service, rows);
  size_t i;
  json_array_foreach(rows, i, row) if (an_rec_int(row, "within_notice"))
      an_ops_spans_add(m, an_rec_int(row, "start_us"), an_rec_int(row, "end_us"), from, to);
  json_decref(rows);
  an_ops_spans_merge(m);
  return rc;
}

static json_t *minutes(int64_t us)
{
  /* whole minutes stay integers; a weighted share keeps three decimals */
  if (us % MINUTE_US == 0)
    return json_integer(us / MINUTE_US);
  return json_real(an_ops_round((double)us / (double)MINUTE_US * 1000.0) / 1000.0);
}

/* Fills *out from the spans; incidents is stolen. */
static json_t *figures(const struct an_ctx *ctx, int64_t from, int64_t to, int64_t service,
                       const struct an_ops_spans *m, const struct an_ops_spans *major,
                       const struct an_ops_spans *partial, json_t *incidents)
{
  int64_t period = to - from, maint = an_ops_spans_measure(m), planned = period - maint;
  int64_t down_major = an_ops_spans_measure(major) - an_ops_spans_overlap(major, m);
  /* partial time that is neither maintenance nor already a major outage */
  struct an_ops_spans both = {0};
  for (size_t i = 0; i < major->n; i++)
    an_ops_spans_add(&both, major->v[i].start, major->v[i].end, from, to);
  for (size_t i = 0; i < m->n; i++)
    an_ops_spans_add(&both, m->v[i].start, m->v[i].end, from, to);
  an_ops_spans_merge(&both);
  int64_t down_partial = an_ops_spans_measure(partial) - an_ops_spans_overlap(partial, &both);
  an_ops_spans_free(&both);
  int64_t weight = ctx->cfg->ops_partial_weight_percent;
  int64_t down = down_major + down_partial * weight / 100;
  double pct = planned > 0 ? (double)(planned - down) * 100.0 / (double)planned : 100.0;
  char a[40], b[40];
  an_time_format_jst(from, a, sizeof a);
  an_time_format_jst(to, b, sizeof b);
  return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:f, s:I, s:o}", "from", a, "to", b,
                   "service_id", service ? json_integer(service) : json_null(), "period_minutes",
                   minutes(period), "planned_minutes", minutes(planned), "maintenance_minutes",
                   minutes(maint), "downtime_minutes", minutes(down), "partial_outage_minutes",
                   minutes(down_partial), "availability_percent",
                   an_ops_round(pct * 1000.0) / 1000.0, "partial_outage_weight_percent",
                   (json_int_t)weight, "incidents", incidents);
}

enum an_ec an_ops_availability(const struct an_ctx *ctx, struct an_db *db, int64_t from, int64_t to,
                               int64_t service, const char **field, json_t **out)
{
  *out = NULL;
  *field = NULL;
  if (to <= from || to - from > INT64_C(400) * 86400 * 1000000)
    *field = "to";
  else if (!an_scope_is_operator(ctx) && !service)
    *field = "service";
  if (*field)
    return AN_EC_GENERIC_INVALID_FIELD;
  if (!an_scope_is_operator(ctx)) {
    int64_t tenant = an_scope_tenant(ctx);
    if (!tenant || an_store_ops_tenant_has_service(db, tenant, service) != 1)
      return AN_EC_GENERIC_NOT_FOUND;
  } else if (service && an_store_ops_service_exists(db, service) != 1)
    return AN_EC_GENERIC_NOT_FOUND;
  return an_ops_availability_checked(ctx, db, from, to, service, out);
}

enum an_ec an_ops_availability_checked(const struct an_ctx *ctx, struct an_db *db, int64_t from,
                                       int64_t to, int64_t service, json_t **out)
{
  *out = NULL;
  struct an_ops_spans m = {0}, major = {0}, partial = {0};
  json_t *rows = json_array(), *row, *incidents = json_array();
  int rc = maintenance(ctx, db, from, to, service, &m);
  if (rc >= 0)
    rc = an_store_ops_outages_all(db, from, to, service, ctx->now, rows);
  size_t i;
  json_array_foreach(rows, i, row)
  {
    bool is_major = !strcmp(an_rec_str(row, "impact"), "major_outage");
    an_ops_spans_add(is_major ? &major : &partial, an_rec_int(row, "start_us"),
                     an_rec_int(row, "end_us"), from, to);
    json_array_append_new(incidents,
                          json_pack("{s:I, s:s}", "id", (json_int_t)an_rec_int(row, "id"), "impact",
                                    an_rec_str(row, "impact")));
  }
  json_decref(rows);
  an_ops_spans_merge(&major);
  an_ops_spans_merge(&partial);
  if (rc >= 0)
    *out = figures(ctx, from, to, service, &m, &major, &partial, incidents);
  else
    json_decref(incidents);
  an_ops_spans_free(&m);
  an_ops_spans_free(&major);
  an_ops_spans_free(&partial);
  return rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}
