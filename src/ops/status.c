/* The public status page's data (/status, GET /api/v1/status): platform components and
 * services, each with its current state and 90 daily bars of availability, active incidents,
 * maintenance and recent history. Built from the database at most every [ops] status_cache_ms
 * (and at once after this instance's own changes), so the page's load never reaches the
 * database per visitor. */
#include "ops/spans.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/config.h"
#include "core/time.h"
#include "crypto/token.h"
#include "ops/latency.h"
#include "ops/ops.h"
#include "ops/schedule.h"
#include "ops/spans.h"
#include "store/ops.h"
#include "store/rows.h"

#define DAYS 90
#define DAY_US (INT64_C(86400) * 1000000)

static const char *const components[] = {"web", "api", "database", "mail"};

static int severity(const char *impact)
{
  return !strcmp(impact, "major_outage")     ? 3
         : !strcmp(impact, "partial_outage") ? 2
         : !strcmp(impact, "degraded")       ? 1
                                             : 0;
}

static const char *impact_name(int sev)
{
  static const char *const names[] = {"operational", "degraded", "partial_outage", "major_outage"};
  return names[sev];
}

struct view {
  const struct an_ctx *ctx;
  int64_t from, to;          /* the 90 days, midnight JST to midnight JST */
  struct an_ops_spans maint; /* announced maintenance, merged */
  json_t *rows;              /* incident spans with their service */
  bool in_maintenance;
};

/* Bars and current state of one entity: service 0 = a platform component (incidents naming no
 * service), else the incidents naming that service or none. */
static json_t *entity(struct view *v, int64_t service)
{
  struct an_ops_spans major = {0};
  int worst[DAYS] = {0}, now_sev = 0;
  size_t i;
  json_t *row;
  json_array_foreach(v->rows, i, row)
  {
    int64_t sid = an_rec_int(row, "service_id");
    if (sid && sid != service)
      continue;
    int64_t s = an_rec_int(row, "start_us"), e = an_rec_int(row, "end_us");
    int sev = severity(an_rec_str(row, "impact"));
    if (sev == 3)
      an_ops_spans_add(&major, s, e, v->from, v->to);
    if (strcmp(an_rec_str(row, "status"), "resolved") && sev > now_sev)
      now_sev = sev;
    for (int d = 0; d < DAYS; d++) {
      int64_t ds = v->from + d * DAY_US, de = ds + DAY_US;
      if (s < de && e > ds && sev > worst[d])
        worst[d] = sev;
    }
  }
  an_ops_spans_merge(&major);
  json_t *avail = json_array(), *impact = json_array();
  int64_t planned_all = 0, down_all = 0;
  for (int d = 0; d < DAYS; d++) {
    int64_t ds = v->from + d * DAY_US, de = ds + DAY_US;
    struct an_ops_spans dm = {0}, dmaint = {0};
    for (size_t k = 0; k < major.n; k++)
      an_ops_spans_add(&dm, major.v[k].start, major.v[k].end, ds, de);
    for (size_t k = 0; k < v->maint.n; k++)
      an_ops_spans_add(&dmaint, v->maint.v[k].start, v->maint.v[k].end, ds, de);
    int64_t planned = DAY_US - an_ops_spans_measure(&dmaint);
    int64_t down = an_ops_spans_measure(&dm) - an_ops_spans_overlap(&dm, &dmaint);
    planned_all += planned;
    down_all += down;
    double pct = planned > 0
                     ? an_ops_round((double)(planned - down) * 100000.0 / (double)planned) / 1000.0
                     : 100.0;
    json_array_append_new(avail, pct == 100.0 ? json_integer(100) : json_real(pct));
    json_array_append_new(impact, json_string(worst[d] ? impact_name(worst[d]) : ""));
    an_ops_spans_free(&dm);
    an_ops_spans_free(&dmaint);
  }
  an_ops_spans_free(&major);
  double total =
      planned_all > 0
          ? an_ops_round((double)(planned_all - down_all) * 100000.0 / (double)planned_all) / 1000.0
          : 100.0;
  const char *state = now_sev             ? impact_name(now_sev)
                      : v->in_maintenance ? "maintenance"
                                          : "operational";
  return json_pack("{s:s, s:f, s:o, s:o}", "state", state, "availability_90d", total,
                   "availability", avail, "impact", impact);
}

static json_t *incident_brief(const struct an_ctx *ctx, struct an_db *db, json_t *inc)
{
  json_t *full = NULL;
  if (an_ops_incident_get(ctx, db, an_rec_int(inc, "id"), &full) != AN_EC_OK)
    return json_null();
  static const char *const internal[] = {"reporter_name",       "reporter_email", "created_by",
                                         "detected_at",         "notify_due_on",  "notified_at",
                                         "notification_missed", "source",         "reach_half"};
  for (size_t i = 0; i < sizeof internal / sizeof internal[0]; i++)
    json_object_del(full, internal[i]);
  size_t i;
  json_t *u;
  json_array_foreach(json_object_get(full, "updates"), i, u) json_object_del(u, "created_by");
  return full;
}

static json_t *incidents(const struct an_ctx *ctx, struct an_db *db, int64_t from, bool open)
{
  json_t *rows = json_array(), *out = json_array(), *inc;
  an_store_ops_incident_list_all(db, from, INT64_MAX, open ? "open" : "resolved", rows);
  size_t i;
  json_array_foreach(rows, i, inc)
  {
    if (!strcmp(an_rec_str(inc, "impact"), "none") || json_array_size(out) >= (open ? 50 : 20))
      continue;
    json_array_append_new(out, incident_brief(ctx, db, inc));
  }
  json_decref(rows);
  return out;
}

static char *build(const struct an_ctx *ctx, struct an_db *db)
{
  struct an_date today = an_ops_date_of(ctx->now), first = today;
  an_date_add_days(today, -(DAYS - 1), &first);
  struct view v = {.ctx = ctx, .from = an_ops_midnight(first), .rows = json_array()};
  v.to = v.from + DAYS * DAY_US;
  json_t *maint = json_array(), *w, *days = json_array();
  an_ops_maintenance_list(ctx, db, v.from, v.to + 60 * DAY_US, maint);
  size_t i;
  json_t *upcoming = json_array();
  json_array_foreach(maint, i, w)
  {
    int64_t s = 0, e = 0;
    an_time_parse(an_rec_str(w, "starts_at"), &s);
    an_time_parse(an_rec_str(w, "ends_at"), &e);
    if (an_rec_int(w, "within_notice"))
      an_ops_spans_add(&v.maint, s, e, v.from, v.to);
    if (!strcmp(an_rec_str(w, "state"), "in_progress"))
      v.in_maintenance = true;
    if (strcmp(an_rec_str(w, "state"), "completed"))
      json_array_append(upcoming, w);
  }
  json_decref(maint);
  an_ops_spans_merge(&v.maint);
  an_store_ops_incident_spans_all(db, v.from, v.to, ctx->now, v.rows);
  for (int d = 0; d < DAYS; d++) {
    struct an_date x = first;
    char s[AN_DATE_STRLEN];
    an_date_add_days(first, d, &x);
    an_date_format(x, s, sizeof s);
    json_array_append_new(days, json_string(s));
  }
  json_t *comps = json_array(), *svcs = json_array(), *svc;
  for (size_t c = 0; c < sizeof components / sizeof components[0]; c++) {
    json_t *e = entity(&v, 0);
    json_object_set_new(e, "key", json_string(components[c]));
    json_array_append_new(comps, e);
  }
  json_t *services = json_array();
  an_store_ops_services_all(db, services);
  json_array_foreach(services, i, svc)
  {
    json_t *e = entity(&v, an_rec_int(svc, "id"));
    json_object_set_new(e, "id", json_integer(an_rec_int(svc, "id")));
    json_object_set_new(e, "name", json_string(an_rec_str(svc, "name")));
    json_array_append_new(svcs, e);
  }
  json_decref(services);
  char gen[40];
  an_time_format_utc(ctx->now, gen, sizeof gen);
  json_t *doc =
      json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "generated_at", gen, "days", days,
                "components", comps, "services", svcs, "incidents", incidents(ctx, db, 0, true),
                "maintenance", upcoming, "history", incidents(ctx, db, v.from, false));
  /* SLA-10, SLA-26: this month's response times against their targets */
  int64_t mfrom, mto;
  json_t *rt = NULL;
  if (doc && an_ops_month_span(today.y, today.m, &mfrom, &mto) &&
      an_ops_response_times(ctx, db, mfrom, mto, &rt) == AN_EC_OK)
    json_object_set_new(doc, "response_times", rt);
  char *text = json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(10)); /* 99.5, not 99.5000...1 */
  json_decref(doc);
  json_decref(v.rows);
  an_ops_spans_free(&v.maint);
  return text;
}

/* The built text is shared by every request that reads it while it is current: a reference
 * count instead of a copy per request (the JSON of 20 services is about 40 KB). */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct an_ops_status_text *cached;
static uint64_t cached_gen;
static int64_t cached_mono;

void an_ops_status_release(struct an_ops_status_text *t)
{
  struct an_ops_status_text *m = t;
  if (m && atomic_fetch_sub(&m->refs, 1) == 1) {
    free(m->json);
    free(m);
  }
}

enum an_ec an_ops_status(const struct an_ctx *ctx, struct an_db *db,
                         struct an_ops_status_text **out)
{
  int64_t now = an_time_mono_us(), max_age = ctx->cfg->ops_status_cache_ms * 1000;
  uint64_t gen = an_ops_generation();
  pthread_mutex_lock(&lock);
  if (cached && cached_gen == gen && now - cached_mono < max_age) {
    atomic_fetch_add(&cached->refs, 1);
    *out = cached;
    pthread_mutex_unlock(&lock);
    return AN_EC_OK;
  }
  pthread_mutex_unlock(&lock);
  char *text = build(ctx, db);
  if (!text)
    return AN_EC_GENERIC_INTERNAL;
  struct an_ops_status_text *t = an_calloc(sizeof *t);
  t->json = text;
  t->len = strlen(text);
  uint8_t mac[32], key[32] = {0};
  char hex[25];
  an_hmac_sha256(key, text, t->len, mac);
  an_hex_encode(mac, 12, hex);
  snprintf(t->etag, sizeof t->etag, "\"%s\"", hex);
  atomic_init(&t->refs, 2); /* the cache's and the caller's */
  pthread_mutex_lock(&lock);
  struct an_ops_status_text *old = cached;
  cached = t;
  cached_gen = gen;
  cached_mono = now;
  pthread_mutex_unlock(&lock);
  an_ops_status_release(old);
  *out = t;
  return AN_EC_OK;
}

/* ---- a contractor's own view ---- */

static bool mine(struct an_db *db, int64_t tenant, int64_t service)
{
  return service && an_store_ops_tenant_has_service(db, tenant, service) == 1;
}

/* An incident concerns the tenant when it names no service (the platform) or one of its own. */
static bool concerns(struct an_db *db, int64_t tenant, const json_t *inc)
{
  const json_t *ids = json_object_get(inc, "service_ids"), *s;
  if (!json_array_size(ids))
    return true;
  size_t i;
  json_array_foreach(ids, i, s) if (mine(db, tenant, json_integer_value(s))) return true;
  return false;
}

static void keep(json_t *arr, bool (*pred)(struct an_db *, int64_t, const json_t *),
                 struct an_db *db, int64_t tenant)
{
  for (size_t i = json_array_size(arr); i-- > 0;)
    if (!pred(db, tenant, json_array_get(arr, i)))
      json_array_remove(arr, i);
}

static bool own_service(struct an_db *db, int64_t tenant, const json_t *svc)
{
  return mine(db, tenant, an_rec_int(svc, "id"));
}

static bool own_window(struct an_db *db, int64_t tenant, const json_t *w)
{
  int64_t sid = an_rec_int(w, "service_id");
  return !sid || mine(db, tenant, sid);
}

enum an_ec an_ops_status_mine(const struct an_ctx *ctx, struct an_db *db, json_t **out)
{
  *out = NULL;
  int64_t tenant = an_scope_tenant(ctx);
  if (!tenant && !an_scope_is_operator(ctx))
    return AN_EC_GENERIC_NOT_FOUND;
  struct an_ops_status_text *st = NULL;
  enum an_ec ec = an_ops_status(ctx, db, &st);
  if (ec != AN_EC_OK)
    return ec;
  json_t *doc = json_loadb(st->json, st->len, 0, NULL);
  an_ops_status_release(st);
  if (!doc)
    return AN_EC_GENERIC_INTERNAL;
  if (tenant) {
    keep(json_object_get(doc, "services"), own_service, db, tenant);
    keep(json_object_get(doc, "incidents"), concerns, db, tenant);
    keep(json_object_get(doc, "history"), concerns, db, tenant);
    keep(json_object_get(doc, "maintenance"), own_window, db, tenant);
  }
  json_object_set_new(doc, "own_services_only", json_boolean(tenant != 0));
  *out = doc;
  return AN_EC_OK;
}
