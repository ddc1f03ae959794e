/* The monthly SLA report per contract: figures gathered from availability, incidents, response
 * times and maintenance, as JSON for the page and as CSV. */
#include "ops/report.h"

#include <stdio.h>
#include <string.h>

#include "core/csv.h"
#include "core/format.h"
#include "core/messages.h"
#include "core/time.h"
#include "market/contract_reads.h"
#include "ops/latency.h"
#include "ops/ops.h"
#include "ops/schedule.h"
#include "store/ops_report.h"
#include "store/rows.h"

#define MIN_US (INT64_C(60) * 1000000)

static json_t *iso(int64_t us)
{
  char t[40];
  an_time_format_utc(us, t, sizeof t);
  return json_string(t);
}

/* The month's incidents of the service with their durations; *mttr the mean of the resolved
 * ones in minutes (-1 when none is resolved). */
static int incidents(struct an_db *db, int64_t from, int64_t to, int64_t service, json_t *out,
                     double *mttr)
{
  json_t *rows = json_array(), *row;
  int rc = an_store_ops_report_incidents_all(db, from, to, service, rows);
  int64_t sum = 0, n = 0;
  size_t i;
  json_array_foreach(rows, i, row)
  {
    int64_t s = an_rec_int(row, "start_us"), e = an_rec_int(row, "resolved_us");
    json_t *o = json_pack(
        "{s:I, s:s, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)an_rec_int(row, "id"), "title",
        an_rec_str(row, "title"), "impact", an_rec_str(row, "impact"), "status",
        an_rec_str(row, "status"), "started_at", iso(s), "resolved_at", e ? iso(e) : json_null(),
        "duration_minutes", e ? json_integer((e - s + MIN_US - 1) / MIN_US) : json_null());
    if (e) {
      sum += e - s;
      n++;
    }
    json_array_append_new(out, o);
  }
  json_decref(rows);
  *mttr = n ? (double)(int64_t)((double)sum / (double)n / (double)MIN_US * 10 + 0.5) / 10 : -1;
  return rc;
}

/* The windows of the month that concern the service: the regular ones and those of the
 * platform or of this service. */
static int maintenance(const struct an_ctx *ctx, struct an_db *db, int64_t from, int64_t to,
                       int64_t service, json_t *out)
{
  json_t *all = json_array(), *w;
  int rc = an_ops_maintenance_list(ctx, db, from, to, all);
  size_t i;
  json_array_foreach(all, i, w)
  {
    int64_t sid = an_rec_int(w, "service_id");
    if (!sid || sid == service)
      json_array_append_new(
          out, json_pack("{s:O, s:O, s:O, s:O, s:O}", "title", json_object_get(w, "title"), "kind",
                         json_object_get(w, "kind"), "starts_at", json_object_get(w, "starts_at"),
                         "ends_at", json_object_get(w, "ends_at"), "regular",
                         json_object_get(w, "regular")));
  }
  json_decref(all);
  return rc;
}

enum an_ec an_ops_sla_report(const struct an_ctx *ctx, struct an_db *db, int64_t contract_id,
                             int64_t from, int64_t to, json_t **out)
{
  *out = NULL;
  json_t *c = NULL;
  int rc = an_contract_find(ctx, db, contract_id, &c); /* the caller's scope, once */
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  if (rc == 0)
    return AN_EC_GENERIC_NOT_FOUND;
  int64_t service = an_rec_int(c, "service_id");
  json_t *avail = NULL, *rt = NULL, *inc = json_array(), *maint = json_array();
  double mttr = -1;
  enum an_ec ec = an_ops_availability_checked(ctx, db, from, to, service, &avail);
  if (ec == AN_EC_OK)
    ec = an_ops_response_times(ctx, db, from, to, &rt);
  if (ec == AN_EC_OK && (incidents(db, from, to, service, inc, &mttr) < 0 ||
                         maintenance(ctx, db, from, to, service, maint) < 0))
    ec = AN_EC_GENERIC_INTERNAL;
  if (ec != AN_EC_OK) {
    json_decref(c);
    json_decref(avail);
    json_decref(rt);
    json_decref(inc);
    json_decref(maint);
    return ec;
  }
  double pct = json_real_value(json_object_get(avail, "availability_percent"));
  json_object_set_new(avail, "target_percent", json_real(AN_OPS_SLA_TARGET_MILLI / 1000.0));
  json_object_set_new(avail, "met", json_boolean(pct * 1000 + 0.5 >= AN_OPS_SLA_TARGET_MILLI));
  json_object_del(avail, "incidents"); /* listed below with their titles */
  struct an_date d = an_ops_date_of(from);
  char month[16];
  snprintf(month, sizeof month, "%04d-%02d", d.y % 10000, d.m % 100);
  json_t *contract = json_pack(
      "{s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O}", "id", json_object_get(c, "id"), "number",
      json_object_get(c, "number"), "company_code", json_object_get(c, "company_code"),
      "company_name", json_object_get(c, "company_name"), "service_id",
      json_object_get(c, "service_id"), "service_name", json_object_get(c, "service_name"),
      "plan_name", json_object_get(c, "plan_name"), "status", json_object_get(c, "status"));
  json_decref(c);
  size_t n = json_array_size(inc);
  *out = json_pack("{s:o, s:s, s:o, s:o, s:o, s:o, s:I, s:o, s:i, s:o, s:o}", "contract", contract,
                   "month", month, "from", iso(from), "to", iso(to), "availability", avail,
                   "incidents", inc, "incident_count", (json_int_t)n, "mttr_minutes",
                   mttr < 0 ? json_null() : json_real(mttr), "mttr_target_minutes",
                   AN_OPS_MTTR_TARGET_MINUTES, "response_times", rt, "maintenance", maint);
  return *out ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
}

/* ---- CSV ---- */

static void row(struct an_buf *b, const char *lang, const char *section, const char *item,
                const char *value, const char *target, int met)
{
  char key[96];
  snprintf(key, sizeof key, "sla_report.section.%s", section);
  an_csv_field(b, an_msg_text(key, lang), false);
  an_csv_field(b, item, false);
  an_csv_field(b, value, false);
  an_csv_field(b, target, false);
  an_csv_field(b, met < 0 ? "" : an_msg_text(met ? "sla_report.met" : "sla_report.missed", lang),
               true);
}

static const char *label(const char *lang, const char *item)
{
  char key[96];
  snprintf(key, sizeof key, "sla_report.item.%s", item);
  return an_msg_text(key, lang);
}

static void num(char *out, size_t n, const json_t *v)
{
  if (json_is_integer(v))
    snprintf(out, n, "%lld", (long long)json_integer_value(v));
  else if (json_is_real(v))
    snprintf(out, n, "%.3f", json_real_value(v));
  else
    out[0] = 0;
}

static int met_of(const json_t *o)
{
  const json_t *m = json_object_get(o, "met");
  return json_is_boolean(m) ? json_is_true(m) : -1;
}

static void when(struct an_buf *b, const char *lang, const json_t *a, const json_t *z)
{
  int64_t s = 0, e = 0;
  if (json_is_string(a) && an_time_parse(json_string_value(a), &s))
    an_fmt_datetime(b, lang, s);
  an_buf_puts(b, " – ");
  if (json_is_string(z) && an_time_parse(json_string_value(z), &e))
    an_fmt_datetime(b, lang, e);
}

static void times(struct an_buf *b, const char *lang, const json_t *rt, const char *cls)
{
  const json_t *f = json_object_get(rt, cls);
  char avg[32], p95[32], target[32], item[64];
  num(avg, sizeof avg, json_object_get(f, "avg_ms"));
  num(p95, sizeof p95, json_object_get(f, "p95_ms"));
  num(target, sizeof target, json_object_get(f, "target_ms"));
  snprintf(item, sizeof item, "%s_avg_ms", cls);
  row(b, lang, "response_times", label(lang, item), avg, "", -1);
  snprintf(item, sizeof item, "%s_p95_ms", cls);
  row(b, lang, "response_times", label(lang, item), p95, target, met_of(f));
}

void an_ops_sla_report_csv(const json_t *r, const char *lang, struct an_buf *b)
{
  an_buf_puts(b, an_msg_text("csv.sla_report.header", lang));
  an_buf_puts(b, "\r\n");
  const json_t *c = json_object_get(r, "contract"), *a = json_object_get(r, "availability");
  row(b, lang, "contract", label(lang, "number"), json_string_value(json_object_get(c, "number")),
      "", -1);
  row(b, lang, "contract", label(lang, "company"),
      json_string_value(json_object_get(c, "company_name")), "", -1);
  row(b, lang, "contract", label(lang, "service"),
      json_string_value(json_object_get(c, "service_name")), "", -1);
  row(b, lang, "contract", label(lang, "month"), json_string_value(json_object_get(r, "month")), "",
      -1);
  static const char *const figures[] = {"planned_minutes", "maintenance_minutes",
                                        "downtime_minutes"};
  char v[64], t[64];
  for (size_t i = 0; i < 3; i++) {
    num(v, sizeof v, json_object_get(a, figures[i]));
    row(b, lang, "availability", label(lang, figures[i]), v, "", -1);
  }
  num(v, sizeof v, json_object_get(a, "availability_percent"));
  num(t, sizeof t, json_object_get(a, "target_percent"));
  row(b, lang, "availability", label(lang, "availability_percent"), v, t, met_of(a));
  const json_t *rt = json_object_get(r, "response_times");
  times(b, lang, rt, "api");
  times(b, lang, rt, "batch");
  num(v, sizeof v, json_object_get(r, "incident_count"));
  row(b, lang, "incidents", label(lang, "incident_count"), v, "", -1);
  const json_t *mttr = json_object_get(r, "mttr_minutes");
  num(v, sizeof v, mttr);
  snprintf(t, sizeof t, "%d", AN_OPS_MTTR_TARGET_MINUTES);
  row(b, lang, "incidents", label(lang, "mttr_minutes"), v, t,
      json_is_number(mttr) ? json_number_value(mttr) <= AN_OPS_MTTR_TARGET_MINUTES : -1);
  size_t i;
  const json_t *o;
  json_array_foreach(json_object_get(r, "incidents"), i, o)
  {
    struct an_buf item = {0}, span = {0};
    char key[96];
    snprintf(key, sizeof key, "sla_report.impact.%s",
             json_string_value(json_object_get(o, "impact")));
    an_buf_printf(&item, "#%lld %s (%s)", (long long)json_integer_value(json_object_get(o, "id")),
                  json_string_value(json_object_get(o, "title")), an_msg_text(key, lang));
    when(&span, lang, json_object_get(o, "started_at"), json_object_get(o, "resolved_at"));
    row(b, lang, "incident", item.data, span.data, "", -1);
    an_buf_free(&item);
    an_buf_free(&span);
  }
  json_array_foreach(json_object_get(r, "maintenance"), i, o)
  {
    struct an_buf span = {0};
    const char *title = json_string_value(json_object_get(o, "title"));
    when(&span, lang, json_object_get(o, "starts_at"), json_object_get(o, "ends_at"));
    row(b, lang, "maintenance",
        title && title[0] ? title : an_msg_text("sla_report.regular_window", lang), span.data, "",
        -1);
    an_buf_free(&span);
  }
}
