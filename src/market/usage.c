#include "market/usage.h"

#include <stdio.h>
#include <string.h>

#include "core/time.h"
#include "market/market.h"
#include "store/catalogue.h"
#include "store/contracts.h"
#include "store/rows.h"
#include "store/usage.h"

#define HOUR_US INT64_C(3600000000)

static bool code_ok(const char *s)
{
  size_t n = strlen(s);
  if (n < 1 || n > 40)
    return false;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
      return false;
  return true;
}

struct meter_add {
  const struct an_ctx *ctx;
  struct an_meter_new m;
  int64_t id;
  bool exists, no_plan;
};

static int meter_add_txn(struct an_db *db, void *cls)
{
  struct meter_add *x = cls;
  struct an_plan plan;
  int rc = an_store_plan_get(db, x->m.plan_id, &plan);
  x->no_plan = rc == 0;
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  an_spec_clear(&an_plan_spec, &plan);
  x->id = 0;
  rc = an_store_meter_insert(db, &x->m, x->ctx->now, &x->id);
  x->exists = rc == 0;
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  json_t *d =
      json_pack("{s:I, s:s, s:I, s:I}", "plan_id", (json_int_t)x->m.plan_id, "code", x->m.code,
                "unit_price", (json_int_t)x->m.unit_price, "tax_rate", (json_int_t)x->m.tax_rate);
  rc = an_market_audit(x->ctx, db, "plan.meter_add", "plan_meter", x->id, 0, d);
  json_decref(d);
  return rc;
}

enum an_ec an_meter_add(const struct an_ctx *ctx, struct an_db *db, int64_t plan_id,
                        const struct an_meter_in *in, const char **bad, json_t **out)
{
  *out = NULL;
  *bad = NULL;
  if (!an_scope_is_operator(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  if (!code_ok(in->code))
    *bad = "code";
  else if (in->tax_rate != 10 && in->tax_rate != 8)
    *bad = "tax_rate";
  if (*bad)
    return AN_EC_GENERIC_INVALID_FIELD;
  struct meter_add x = {.ctx = ctx,
                        .m = {.plan_id = plan_id,
                              .code = in->code,
                              .name = in->name,
                              .unit = in->unit,
                              .unit_price = in->unit_price,
                              .tax_rate = in->tax_rate}};
  int rc = an_db_txn(db, meter_add_txn, &x);
  if (x.no_plan)
    return AN_EC_GENERIC_NOT_FOUND;
  if (x.exists)
    return AN_EC_METER_EXISTS;
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  json_t *meters = json_array();
  if (an_store_meters_json(db, plan_id, meters) < 0) {
    json_decref(meters);
    return AN_EC_GENERIC_INTERNAL;
  }
  json_t *mine = NULL, *m;
  size_t i;
  json_array_foreach(meters, i, m) if (an_rec_int(m, "id") == x.id) mine = m;
  *out = json_pack("{s:O?, s:o}", "meter", mine, "meters", meters);
  return AN_EC_OK;
}

static json_t *usage_json(const struct an_usage *u)
{
  return json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:s}", "id", (json_int_t)u->id, "contract_id",
                   (json_int_t)u->contract_id, "meter", u->meter, "quantity",
                   (json_int_t)u->quantity, "hour", u->hour, "month", u->month, "idempotency_key",
                   u->idempotency_key);
}

struct report {
  const struct an_ctx *ctx;
  const struct an_usage_in *in;
  int64_t shop_id, hour_us;
  enum an_ec ec;
  const char *bad;
  bool created;
  json_t *out;
};

/* The report already sent under the key, if any, into x->out. 1, 0 or an error. */
static int earlier(struct an_db *db, struct report *x)
{
  struct an_usage u;
  int rc = an_store_usage_by_key_shop(db, x->shop_id, x->in->key, &u);
  if (rc > 0) {
    json_decref(x->out);
    x->out = usage_json(&u);
    an_spec_clear(&an_usage_spec, &u);
  }
  return rc;
}

static int record(struct an_db *db, struct report *x, const struct an_contract *c,
                  const struct an_meter *m)
{
  char hour[40], date[AN_DATE_STRLEN], month[8];
  an_time_format_utc(x->hour_us, hour, sizeof hour);
  an_market_date_of(x->hour_us, date);
  snprintf(month, sizeof month, "%.7s", date);
  struct an_usage_new u = {.tenant_id = c->tenant_id,
                           .shop_id = x->shop_id,
                           .contract_id = c->id,
                           .meter_id = m->id,
                           .quantity = x->in->quantity,
                           .reported_at = x->ctx->now,
                           .hour = hour,
                           .month = month,
                           .idempotency_key = x->in->key,
                           .reported_by = x->ctx->actor};
  int64_t id = 0;
  int rc = an_store_usage_insert(db, &u, &id);
  if (rc == 0) /* the key was taken by a concurrent request: answer with its report */
    return earlier(db, x) < 0 ? AN_DB_HARD : 1;
  if (rc < 0)
    return rc;
  x->created = true;
  x->out = json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "contract_id",
                     (json_int_t)c->id, "meter", m->code, "quantity", (json_int_t)x->in->quantity,
                     "hour", hour, "month", month, "idempotency_key", x->in->key);
  json_t *d =
      json_pack("{s:s, s:s, s:I, s:s, s:s}", "contract", c->number, "meter", m->code, "quantity",
                (json_int_t)x->in->quantity, "hour", hour, "idempotency_key", x->in->key);
  rc = an_market_audit(x->ctx, db, "usage.report", "usage", id, c->tenant_id, d);
  json_decref(d);
  return rc;
}

static int report_txn(struct an_db *db, void *cls)
{
  struct report *x = cls;
  x->created = false;
  json_decref(x->out);
  x->out = NULL;
  int rc = earlier(db, x);
  if (rc != 0)
    return rc;
  struct an_contract c;
  if ((rc = an_store_contract_get_shop(db, x->shop_id, x->in->contract_id, &c)) <= 0) {
    x->ec = AN_EC_GENERIC_NOT_FOUND;
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  }
  struct an_meter m;
  rc = an_store_meter_by_code(db, c.plan_id, x->in->meter, &m);
  if (rc == 0) {
    x->ec = AN_EC_GENERIC_INVALID_FIELD;
    x->bad = "meter";
    rc = AN_DB_ROLLBACK;
  } else if (rc > 0) {
    rc = record(db, x, &c, &m);
    an_spec_clear(&an_meter_spec, &m);
  }
  an_spec_clear(&an_contract_spec, &c);
  return rc;
}

enum an_ec an_usage_report(const struct an_ctx *ctx, struct an_db *db, const struct an_usage_in *in,
                           const char **bad, bool *created, json_t **out)
{
  *out = NULL;
  *bad = NULL;
  *created = false;
  int64_t shop_id = an_scope_shop(ctx);
  if (!shop_id)
    return AN_EC_AUTH_FORBIDDEN;
  int64_t us;
  if (strlen(in->hour) < 19 || in->hour[10] != 'T' || !an_time_parse(in->hour, &us)) {
    *bad = "hour";
    return AN_EC_GENERIC_INVALID_FIELD;
  }
  us -= ((us % HOUR_US) + HOUR_US) % HOUR_US;
  /* Late: the hour ended more than the window ago; an hour not yet begun cannot be measured. */
  if (us + HOUR_US < ctx->now - ctx->cfg->recv_usage_late_hours * HOUR_US || us > ctx->now) {
    *bad = "hour";
    return AN_EC_USAGE_LATE;
  }
  struct report x = {.ctx = ctx, .in = in, .shop_id = shop_id, .hour_us = us, .ec = AN_EC_OK};
  int rc = an_db_txn(db, report_txn, &x);
  if (x.ec != AN_EC_OK || rc < 0) {
    json_decref(x.out);
    *bad = x.bad;
    return x.ec != AN_EC_OK ? x.ec : AN_EC_GENERIC_INTERNAL;
  }
  *created = x.created;
  *out = x.out;
  return AN_EC_OK;
}

static bool month_ok(const char *s)
{
  return strlen(s) == 7 && s[4] == '-' && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' &&
         s[1] <= '9' && s[2] >= '0' && s[2] <= '9' && s[3] >= '0' && s[3] <= '9' &&
         ((s[5] == '0' && s[6] >= '1' && s[6] <= '9') ||
          (s[5] == '1' && s[6] >= '0' && s[6] <= '2'));
}

enum an_ec an_usage_month(const struct an_ctx *ctx, struct an_db *db, int64_t contract_id,
                          const char *month, json_t **out)
{
  *out = NULL;
  char now[AN_DATE_STRLEN], m[8];
  an_market_date_of(ctx->now, now);
  snprintf(m, sizeof m, "%.7s", month ? month : now);
  if (month && !month_ok(month))
    return AN_EC_GENERIC_INVALID_FIELD;
  int64_t tenant = an_scope_tenant(ctx), shop = an_scope_shop(ctx);
  struct an_contract c;
  int rc = tenant                      ? an_store_contract_get(db, tenant, contract_id, &c)
           : shop                      ? an_store_contract_get_shop(db, shop, contract_id, &c)
           : an_scope_is_operator(ctx) ? an_store_contract_get_all(db, contract_id, &c)
                                       : 0;
  if (rc <= 0)
    return an_ec_of_read(rc);
  an_spec_clear(&an_contract_spec, &c);
  json_t *items = json_array();
  rc = tenant ? an_store_usage_contract_json(db, tenant, contract_id, m, items)
       : shop ? an_store_usage_contract_json_shop(db, shop, contract_id, m, items)
              : an_store_usage_contract_json_all(db, contract_id, m, items);
  if (rc < 0) {
    json_decref(items);
    return AN_EC_GENERIC_INTERNAL;
  }
  size_t i;
  json_t *it;
  json_array_foreach(items, i, it)
  {
    json_object_set_new(it, "amount",
                        json_integer(an_rec_int(it, "quantity") * an_rec_int(it, "unit_price")));
    json_object_del(it, "contract_id");
    json_object_del(it, "shop_id");
    json_object_del(it, "meter_id");
  }
  *out = json_pack("{s:I, s:s, s:o}", "contract_id", (json_int_t)contract_id, "month", m, "items",
                   items);
  return AN_EC_OK;
}

int an_usage_statement_lines(struct an_db *db, int64_t tenant_id, const char *month,
                             const struct an_contract *contracts, size_t n,
                             json_t *(*shop_lines)(json_t *stmts, const struct an_contract *c),
                             json_t *stmts)
{
  struct an_usage_sum *sums = NULL;
  size_t ns = 0;
  int rc = an_store_usage_sums(db, tenant_id, month, &sums, &ns);
  for (size_t i = 0; rc >= 0 && i < ns; i++) {
    const struct an_usage_sum *s = &sums[i];
    const struct an_contract *c = NULL;
    for (size_t j = 0; j < n && !c; j++)
      c = contracts[j].id == s->contract_id ? &contracts[j] : NULL;
    if (!c || s->quantity <= 0)
      continue;
    json_t *l = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:i, s:i, s:s, s:s, s:s, s:I, s:I}",
                          "kind", "metered", "contract", c->number, "service", c->service_name,
                          "plan", c->plan_name, "amount", (json_int_t)(s->quantity * s->unit_price),
                          "tax_rate", (json_int_t)s->tax_rate, "days", 0, "days_in_month", 0,
                          "meter", s->meter, "meter_name", s->name, "unit", s->unit, "quantity",
                          (json_int_t)s->quantity, "unit_price", (json_int_t)s->unit_price);
    json_array_append_new(shop_lines(stmts, c), l);
  }
  an_spec_free_array(&an_usage_sum_spec, sums, ns);
  return rc < 0 ? rc : 1;
}
