/* Incidents: lifecycle, updates, the contractors told as it happens (SLA-8), the one-business-day
 * notification target (WP-19), yearly figures (SLA-6) and failure reports from anyone (SLA-31). */
#include <string.h>

#include "audit/audited.h"
#include "core/buf.h"
#include "core/calendar.h"
#include "core/time.h"
#include "market/market.h"
#include "ops/ops.h"
#include "ops/schedule.h"
#include "store/ops.h"
#include "store/rows.h"

#define MINUTE_US INT64_C(60000000)
#define DAY_US (INT64_C(86400) * 1000000)

static bool one_of(const char *s, const char *const *list)
{
  for (; s && *list; list++)
    if (!strcmp(s, *list))
      return true;
  return false;
}

static const char *const impacts[] = {"major_outage", "partial_outage", "degraded", NULL};
static const char *const states[] = {"investigating", "identified", "monitoring", "resolved", NULL};

/* WP-19: members are told by the end of the first business day after the day of detection. */
static void notify_due(const struct an_ctx *ctx, int64_t detected, char out[AN_DATE_STRLEN])
{
  struct an_date d = an_ops_date_of(detected), due = d;
  const struct an_calendar *cal = an_market_calendar(ctx->cfg);
  if (!cal || !an_calendar_business_day_after(cal, d, &due))
    an_date_add_days(d, 1, &due);
  an_date_format(due, out, AN_DATE_STRLEN);
}

static const char *status_url(const struct an_ctx *ctx, struct an_buf *b)
{
  const char *base = ctx->cfg->public_url ? ctx->cfg->public_url : "";
  an_buf_printf(b, "%s/status", base);
  return b->data;
}

/* The names of the incident's services joined by " / " ("anshin": the whole platform). */
static void service_names(struct an_db *db, int64_t id, struct an_buf *b)
{
  json_t *rows = json_array(), *row;
  size_t i;
  an_store_ops_service_names(db, id, rows);
  json_array_foreach(rows, i, row)
      an_buf_printf(b, "%s%s", i ? " / " : "", an_rec_str(row, "name"));
  if (!b->len)
    an_buf_printf(b, "anshin");
  json_decref(rows);
}

/* Tells every affected contractor (portal notice and e-mail in the tenant's language) and marks
 * the incident notified. Inside the caller's transaction. */
static int tell_contractors(const struct an_ctx *ctx, struct an_db *db, int64_t id, const char *key,
                            const char *detail)
{
  json_t *inc = NULL, *who = json_array(), *t;
  int rc = an_store_ops_incident_get(db, id, &inc);
  if (rc <= 0) {
    json_decref(who);
    return rc < 0 ? rc : AN_DB_HARD;
  }
  struct an_buf names = {0}, url = {0}, ref = {0};
  service_names(db, id, &names);
  an_buf_printf(&ref, "incident:%lld", (long long)id);
  int64_t resolved = an_rec_int(inc, "resolved_us");
  int64_t minutes = resolved ? (resolved - an_rec_int(inc, "start_us")) / MINUTE_US : 0;
  json_t *vars =
      json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:s, s:s}", "title", an_rec_str(inc, "title"),
                "impact", an_rec_str(inc, "impact"), "status", an_rec_str(inc, "status"),
                "services", names.data, "started_at", (json_int_t)an_rec_int(inc, "start_us"),
                "resolved_at", (json_int_t)resolved, "minutes", (json_int_t)minutes, "detail",
                detail ? detail : "", "status_url", status_url(ctx, &url));
  /* impact and status are catalogue keys so each reader sees them in their own language */
  json_object_set_new(vars, "impact", json_sprintf("ops.impact.%s", an_rec_str(inc, "impact")));
  json_object_set_new(vars, "status", json_sprintf("ops.state.%s", an_rec_str(inc, "status")));
  rc = an_store_ops_incident_recipients_all(db, id, who);
  size_t i;
  json_array_foreach(who, i, t)
  {
    if (rc < 0)
      break;
    rc = an_market_notify(ctx, db, an_rec_int(t, "tenant_id"), an_rec_str(t, "email"),
                          an_rec_str(t, "name"), an_rec_str(t, "lang"), "incident", key, vars,
                          ref.data);
  }
  if (rc >= 0)
    rc = an_ops_tell_subscribers(ctx, db, vars);
  if (rc >= 0)
    rc = an_store_ops_incident_set_notified(db, id, ctx->now);
  json_decref(vars);
  json_decref(who);
  json_decref(inc);
  an_buf_free(&names);
  an_buf_free(&url);
  an_buf_free(&ref);
  return rc;
}

struct create {
  const struct an_ctx *ctx;
  const struct an_ops_incident_in *in;
  json_t *rec;
  int64_t id;
};

static int create_txn(struct an_db *db, void *cls)
{
  struct create *c = cls;
  int rc = an_store_ops_incident_insert(db, c->rec, c->ctx->now, &c->id);
  size_t i;
  json_t *v;
  json_array_foreach(c->in->services, i, v)
  {
    if (rc < 0)
      break;
    rc = an_store_ops_incident_service_add(db, c->id, json_integer_value(v));
  }
  if (rc >= 0)
    rc = an_store_ops_incident_update_insert(db, c->id, an_rec_str(c->rec, "status"),
                                             c->in->body ? c->in->body : "", c->ctx->actor,
                                             c->ctx->now);
  if (rc >= 0)
    rc = an_market_audit(c->ctx, db, "incident.create", "incident", c->id, 0, c->rec);
  if (rc >= 0)
    rc = tell_contractors(
        c->ctx, db, c->id,
        strcmp(an_rec_str(c->rec, "status"), "resolved") ? "ops_incident" : "ops_incident_resolved",
        c->in->body);
  return rc;
}

static bool services_exist(struct an_db *db, const json_t *ids)
{
  size_t i;
  json_t *v;
  json_array_foreach(ids, i, v) if (an_store_ops_service_exists(db, json_integer_value(v)) !=
                                    1) return false;
  return true;
}

enum an_ec an_ops_incident_create(const struct an_ctx *ctx, struct an_db *db,
                                  const struct an_ops_incident_in *in, const char **field,
                                  json_t **out)
{
  *out = NULL;
  const char *status = in->status ? in->status : in->resolved_at ? "resolved" : "investigating";
  *field = !one_of(in->impact, impacts)                          ? "impact"
           : !one_of(status, states)                             ? "status"
           : in->resolved_at && in->resolved_at < in->started_at ? "resolved_at"
           : in->started_at > ctx->now + MINUTE_US               ? "started_at"
           : in->resolved_at && strcmp(status, "resolved")       ? "status"
           : in->services && !services_exist(db, in->services)   ? "service_ids"
                                                                 : NULL;
  if (*field)
    return AN_EC_GENERIC_INVALID_FIELD;
  int64_t detected = in->detected_at ? in->detected_at : in->started_at;
  char due[AN_DATE_STRLEN];
  notify_due(ctx, detected, due);
  json_t *rec =
      json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:i, s:s}", "title", in->title, "impact",
                in->impact, "status", status, "source", "operator", "started_us",
                (json_int_t)in->started_at, "detected_us", (json_int_t)detected, "notify_due_on",
                due, "reach_half", in->reach_half ? 1 : 0, "created_by", ctx->actor);
  if (!strcmp(status, "resolved"))
    json_object_set_new(rec, "resolved_us",
                        json_integer(in->resolved_at ? in->resolved_at : ctx->now));
  struct create c = {ctx, in, rec, 0};
  int rc = an_db_txn(db, create_txn, &c);
  json_decref(rec);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  an_ops_changed();
  return an_ops_incident_get(ctx, db, c.id, out);
}

struct update {
  const struct an_ctx *ctx;
  int64_t id, resolved_at;
  const char *status, *impact, *body;
  bool found;
};

static int update_txn(struct an_db *db, void *cls)
{
  struct update *u = cls;
  int rc = an_store_ops_incident_set_status(db, u->id, u->status, u->impact, u->resolved_at,
                                            u->ctx->now);
  u->found = rc == 1;
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  rc = an_store_ops_incident_update_insert(db, u->id, u->status, u->body ? u->body : "",
                                           u->ctx->actor, u->ctx->now);
  json_t *d = json_pack("{s:s, s:s}", "status", u->status, "impact", u->impact ? u->impact : "");
  if (rc >= 0)
    rc = an_market_audit(u->ctx, db, "incident.update", "incident", u->id, 0, d);
  json_decref(d);
  if (rc >= 0)
    rc = tell_contractors(u->ctx, db, u->id,
                          strcmp(u->status, "resolved") ? "ops_incident" : "ops_incident_resolved",
                          u->body);
  return rc;
}

enum an_ec an_ops_incident_update(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                  const char *status, const char *impact, const char *body,
                                  int64_t resolved_at, const char **field, json_t **out)
{
  *out = NULL;
  *field = !one_of(status, states)              ? "status"
           : impact && !one_of(impact, impacts) ? "impact"
                                                : NULL;
  if (*field)
    return AN_EC_GENERIC_INVALID_FIELD;
  struct update u = {ctx, id, resolved_at ? resolved_at : ctx->now, status, impact, body, false};
  int rc = an_db_txn(db, update_txn, &u);
  if (!u.found)
    return rc < 0 && rc != AN_DB_ROLLBACK ? AN_EC_GENERIC_INTERNAL : AN_EC_GENERIC_NOT_FOUND;
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  an_ops_changed();
  return an_ops_incident_get(ctx, db, id, out);
}

static const struct an_audited_text postmortem_update = {an_store_ops_incident_set_postmortem,
                                                         "incident.postmortem", "incident", NULL};

enum an_ec an_ops_incident_postmortem(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                      const char *text, json_t **out)
{
  *out = NULL;
  int rc = an_audited_set_text(ctx, db, &postmortem_update, id, text);
  if (rc == AN_DB_ROLLBACK)
    return AN_EC_GENERIC_NOT_FOUND;
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  an_ops_changed();
  return an_ops_incident_get(ctx, db, id, out);
}

/* Adds duration_minutes and the WP-19 verdict to an incident record. */
static void annotate(const struct an_ctx *ctx, json_t *inc)
{
  int64_t start = an_rec_int(inc, "start_us"), end = an_rec_int(inc, "resolved_us");
  int64_t minutes = ((end ? end : ctx->now) - start) / MINUTE_US;
  json_object_set_new(inc, "duration_minutes", json_integer(minutes));
  struct an_date due;
  bool missed = false;
  if (an_date_parse(an_rec_str(inc, "notify_due_on"), &due)) {
    int64_t deadline = an_ops_midnight(due) + DAY_US;
    int64_t told = an_rec_int(inc, "notified_us");
    missed = told ? told > deadline : ctx->now > deadline;
  }
  json_object_set_new(inc, "notification_missed", json_boolean(missed));
  json_object_set_new(inc, "long_outage",
                      json_boolean(an_rec_int(inc, "reach_half") && minutes >= 120));
  static const char *const internal[] = {"start_us", "resolved_us", "detected_us", "notified_us"};
  for (size_t i = 0; i < sizeof internal / sizeof internal[0]; i++)
    json_object_del(inc, internal[i]);
}

enum an_ec an_ops_incident_get(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **out)
{
  *out = NULL;
  json_t *inc = NULL;
  int rc = an_store_ops_incident_get(db, id, &inc);
  if (rc <= 0)
    return an_ec_of_read(rc);
  json_t *svc = json_array(), *ids = json_array(), *upd = json_array(), *row;
  an_store_ops_incident_services(db, id, svc);
  size_t i;
  json_array_foreach(svc, i, row)
      json_array_append_new(ids, json_integer(an_rec_int(row, "service_id")));
  json_decref(svc);
  an_store_ops_incident_updates(db, id, upd);
  json_object_set_new(inc, "service_ids", ids);
  json_object_set_new(inc, "updates", upd);
  annotate(ctx, inc);
  *out = inc;
  return AN_EC_OK;
}

int an_ops_incident_list(const struct an_ctx *ctx, struct an_db *db, const char *status,
                         json_t *out)
{
  int n = an_store_ops_incident_list_all(db, 0, INT64_MAX, status ? status : "", out);
  size_t i;
  json_t *inc;
  json_array_foreach(out, i, inc) annotate(ctx, inc);
  return n;
}

enum an_ec an_ops_incident_stats(const struct an_ctx *ctx, struct an_db *db, int year, json_t **out)
{
  *out = NULL;
  int64_t from = an_ops_midnight((struct an_date){year, 1, 1});
  int64_t to = an_ops_midnight((struct an_date){year + 1, 1, 1});
  json_t *all = json_array(), *inc;
  if (an_store_ops_incident_list_all(db, from, to, "", all) < 0) {
    json_decref(all);
    return AN_EC_GENERIC_INTERNAL;
  }
  int64_t count = 0, day_long = 0, long_outages = 0, missed = 0, resolved = 0, sum = 0;
  size_t i;
  json_array_foreach(all, i, inc)
  {
    if (!strcmp(an_rec_str(inc, "impact"), "none") || an_rec_int(inc, "start_us") < from)
      continue;
    annotate(ctx, inc);
    int64_t m = json_integer_value(json_object_get(inc, "duration_minutes"));
    count++;
    day_long += m >= 1440;
    long_outages += json_is_true(json_object_get(inc, "long_outage"));
    missed += json_is_true(json_object_get(inc, "notification_missed"));
    if (!strcmp(an_rec_str(inc, "status"), "resolved")) {
      resolved++;
      sum += m;
    }
  }
  json_decref(all);
  *out = json_pack("{s:i, s:I, s:I, s:I, s:I, s:I, s:o, s:i}", "year", year, "incidents",
                   (json_int_t)count, "lasting_a_day_or_more", (json_int_t)day_long,
                   "half_users_two_hours_or_more", (json_int_t)long_outages, "notification_missed",
                   (json_int_t)missed, "resolved", (json_int_t)resolved, "mttr_minutes",
                   resolved ? json_real((double)sum / (double)resolved) : json_null(),
                   "mttr_target_minutes", 30);
  return AN_EC_OK;
}

struct report {
  const struct an_ctx *ctx;
  json_t *rec;
  const char *description;
  int64_t id;
};

static int report_txn(struct an_db *db, void *cls)
{
  struct report *r = cls;
  int rc = an_store_ops_incident_insert(db, r->rec, r->ctx->now, &r->id);
  if (rc >= 0)
    rc = an_store_ops_incident_update_insert(db, r->id, "reported", r->description, "public",
                                             r->ctx->now);
  if (rc >= 0)
    rc = an_market_audit(r->ctx, db, "incident.report", "incident", r->id, 0, NULL);
  return rc;
}

enum an_ec an_ops_failure_report(const struct an_ctx *ctx, struct an_db *db, const char *title,
                                 const char *description, const char *name, const char *email,
                                 int64_t *receipt)
{
  char due[AN_DATE_STRLEN];
  notify_due(ctx, ctx->now, due);
  json_t *rec = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:s, s:s, s:s}", "title", title,
                          "impact", "none", "status", "reported", "source", "report", "started_us",
                          (json_int_t)ctx->now, "detected_us", (json_int_t)ctx->now,
                          "notify_due_on", due, "reporter_name", name ? name : "", "reporter_email",
                          email ? email : "", "created_by", "public");
  struct report r = {ctx, rec, description, 0};
  int rc = an_db_txn(db, report_txn, &r);
  json_decref(rec);
  *receipt = r.id;
  return rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}
