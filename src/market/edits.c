#include "market/edits.h"

#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "core/email.h"
#include "market/body_fields.h"
#include "market/catalogue.h"
#include "market/market.h"
#include "store/catalogue.h"
#include "store/catalogue_edits.h"
#include "store/jobs.h"
#include "store/rows.h"

#define S struct an_shop_patch
static const struct an_field SHOP_PATCH[] = {
    AN_SHOP_FIELDS_IN(S, true),
};
const struct an_spec an_shop_patch_spec = AN_SPEC(S, SHOP_PATCH, nulls);
#undef S

#define V struct an_service_patch
static const struct an_field SERVICE_PATCH[] = {
    AN_SERVICE_FIELDS_IN(V, true),
    AN_FIELD_IN(V, url, AN_F_TEXT, true, 0, 499),
};
const struct an_spec an_service_patch_spec = AN_SPEC(V, SERVICE_PATCH, nulls);
#undef V

#define P struct an_plan_patch
static const struct an_field PLAN_PATCH[] = {
    AN_FIELD_IN(P, name, AN_F_TEXT, true, 1, 200),
    AN_PLAN_FEES_IN(P, true),
    AN_PLAN_LIMITS_IN(P, true),
    AN_FIELD_IN(P, effective_on, AN_F_TEXT, true, 10, 10),
};
const struct an_spec an_plan_patch_spec = AN_SPEC(P, PLAN_PATCH, nulls);
#undef P

/* Field i of the patch was sent. */
static bool given(const struct an_spec *spec, const void *in, const char *name)
{
  int i = an_spec_index(spec, name);
  return i >= 0 && !an_spec_is_null(spec, in, (size_t)i);
}

/* Records field's change in changes (the audit detail) when the value differs. */
static void diff_text(json_t *changes, const char *field, const char *from, const char *to)
{
  if (strcmp(from ? from : "", to ? to : ""))
    json_object_set_new(changes, field, json_pack("{s:s?, s:s?}", "from", from, "to", to));
}

static void diff_int(json_t *changes, const char *field, int64_t from, int64_t to)
{
  if (from != to)
    json_object_set_new(changes, field,
                        json_pack("{s:I, s:I}", "from", (json_int_t)from, "to", (json_int_t)to));
}

static int audit_changes(const struct an_ctx *ctx, struct an_db *db, const char *action,
                         const char *kind, int64_t id, json_t *changes)
{
  json_t *d = json_pack("{s:O}", "changes", changes);
  int rc = d ? an_market_audit(ctx, db, action, kind, id, 0, d) : AN_DB_HARD;
  json_decref(d);
  return rc;
}

/* The end of an edit whose check said ec: when still AN_EC_OK and something changed, runs txn
 * on x; releases changes and cur (the record before); reads the record id back through get. */
static enum an_ec save(struct an_db *db, enum an_ec ec, an_db_txn_fn txn, void *x, json_t *changes,
                       json_t *cur, int (*get)(struct an_db *, int64_t, json_t **), int64_t id,
                       json_t **out)
{
  if (ec == AN_EC_OK && json_object_size(changes) && an_db_txn(db, txn, x) < 0)
    ec = AN_EC_GENERIC_INTERNAL;
  json_decref(changes);
  json_decref(cur);
  if (ec == AN_EC_OK && get(db, id, out) != 1)
    ec = AN_EC_GENERIC_INTERNAL;
  return ec;
}

/* ---- shops ---- */

struct shop_edit {
  const struct an_ctx *ctx;
  int64_t id;
  const char *name, *email;
  json_t *changes;
};

static int shop_txn(struct an_db *db, void *cls)
{
  struct shop_edit *x = cls;
  int rc = an_store_shop_update(db, x->id, x->name, x->email, x->ctx->now);
  if (rc <= 0)
    return rc == 0 ? AN_DB_ROLLBACK : rc;
  return audit_changes(x->ctx, db, "shop.update", "shop", x->id, x->changes);
}

enum an_ec an_shop_update(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                          const struct an_shop_patch *in, json_t **out)
{
  json_t *cur = NULL;
  int rc = an_store_shop_get(db, id, &cur);
  if (rc <= 0)
    return an_ec_of_read(rc);
  struct shop_edit x = {ctx, id, in->name ? in->name : an_rec_str(cur, "name"),
                        in->contact_email ? in->contact_email : an_rec_str(cur, "contact_email"),
                        json_object()};
  enum an_ec ec = AN_EC_OK;
  if (!x.name[0] || !an_email_valid(x.email))
    ec = AN_EC_GENERIC_INVALID_FIELD;
  diff_text(x.changes, "name", an_rec_str(cur, "name"), x.name);
  diff_text(x.changes, "contact_email", an_rec_str(cur, "contact_email"), x.email);
  return save(db, ec, shop_txn, &x, x.changes, cur, an_store_shop_get, id, out);
}

/* ---- services ---- */

struct service_edit {
  const struct an_ctx *ctx;
  int64_t id;
  const char *name, *description, *conditions, *url;
  int64_t notice_days;
  json_t *changes;
};

static int service_txn(struct an_db *db, void *cls)
{
  struct service_edit *x = cls;
  int rc = an_store_service_update(db, x->id, x->name, x->description, x->conditions,
                                   x->notice_days, x->url, x->ctx->now);
  if (rc <= 0)
    return rc == 0 ? AN_DB_ROLLBACK : rc;
  return audit_changes(x->ctx, db, "service.update", "service", x->id, x->changes);
}

static const char *pick(const char *given_value, const json_t *cur, const char *key)
{
  return given_value ? given_value : an_rec_str(cur, key);
}

enum an_ec an_service_update(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                             const struct an_service_patch *in, const char **field, json_t **out)
{
  json_t *cur = NULL;
  int rc = an_store_service_get(db, id, &cur);
  if (rc <= 0)
    return an_ec_of_read(rc);
  const char *old_url = json_string_value(json_object_get(cur, "url"));
  struct service_edit x = {ctx,
                           id,
                           pick(in->name, cur, "name"),
                           pick(in->description, cur, "description"),
                           pick(in->conditions, cur, "conditions"),
                           given(&an_service_patch_spec, in, "url") ? in->url : old_url,
                           given(&an_service_patch_spec, in, "notice_days")
                               ? in->notice_days
                               : an_rec_int(cur, "notice_days"),
                           json_object()};
  if (x.url && !x.url[0])
    x.url = NULL; /* "" clears the address */
  enum an_ec ec = AN_EC_OK;
  if (!strcmp(an_rec_str(cur, "status"), "discontinued"))
    ec = AN_EC_GENERIC_CONFLICT;
  else if (x.url && !an_service_url_valid(x.url))
    ec = AN_EC_GENERIC_INVALID_FIELD, *field = "url";
  else if (given(&an_service_patch_spec, in, "notice_days") &&
           x.notice_days < an_service_notice_floor(ctx))
    ec = AN_EC_NOTICE_PERIOD_TOO_SHORT, *field = "notice_days";
  diff_text(x.changes, "name", an_rec_str(cur, "name"), x.name);
  diff_text(x.changes, "description", an_rec_str(cur, "description"), x.description);
  diff_text(x.changes, "conditions", an_rec_str(cur, "conditions"), x.conditions);
  diff_text(x.changes, "url", old_url, x.url);
  diff_int(x.changes, "notice_days", an_rec_int(cur, "notice_days"), x.notice_days);
  return save(db, ec, service_txn, &x, x.changes, cur, an_store_service_get, id, out);
}

/* ---- plans ---- */

struct plan_edit {
  const struct an_ctx *ctx;
  const struct an_plan *cur;
  const char *name;
  int64_t max_users, storage_gb, monthly_fee, initial_fee;
  int64_t pending_fee; /* > current: the increase waiting for effective_on; -1: none */
  const char *effective_on;
  struct an_contract *live;
  size_t n_live;
  json_t *changes;
};

/* Tells the contractor of c about the increase (portal notice and mail, its language). */
static int tell_contractor(const struct plan_edit *x, struct an_db *db, const struct an_contract *c)
{
  struct an_tenant t;
  int rc = an_store_tenant_by_id(db, c->tenant_id, &t);
  if (rc <= 0)
    return rc == 0 ? AN_DB_HARD : rc;
  char ref[48];
  snprintf(ref, sizeof ref, "contract:%lld", (long long)c->id);
  json_t *v = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:s}", "number", c->number, "service",
                        c->service_name, "shop", c->shop_name, "plan", x->name, "old_fee",
                        (json_int_t)x->cur->monthly_fee, "new_fee", (json_int_t)x->pending_fee,
                        "effective_on", x->effective_on);
  rc = an_market_notify_tenant(x->ctx, db, &t, "fee_change", "plan_fee_increase", v, ref);
  json_decref(v);
  return rc;
}

static int plan_txn(struct an_db *db, void *cls)
{
  struct plan_edit *x = cls;
  int64_t id = x->cur->id;
  int rc = an_store_plan_update(db, id, x->name, x->max_users, x->storage_gb, x->monthly_fee,
                                x->initial_fee);
  if (rc <= 0)
    return rc == 0 ? AN_DB_ROLLBACK : rc;
  rc = audit_changes(x->ctx, db, "plan.update", "plan", id, x->changes);
  if (rc < 0 || x->pending_fee < 0)
    return rc;
  struct an_date on;
  an_date_parse(x->effective_on, &on);
  if ((rc = an_store_plan_set_pending_fee(db, id, x->pending_fee, x->effective_on)) < 0 ||
      (rc = an_store_job_add(db, "plan.fee_apply", id, an_market_midnight(on), x->ctx->now)) < 0)
    return rc;
  json_t *d = json_pack("{s:I, s:I, s:s, s:I}", "from", (json_int_t)x->cur->monthly_fee, "to",
                        (json_int_t)x->pending_fee, "effective_on", x->effective_on,
                        "contracts_notified", (json_int_t)x->n_live);
  rc = an_market_audit(x->ctx, db, "plan.fee_increase_scheduled", "plan", id, 0, d);
  json_decref(d);
  for (size_t i = 0; rc >= 0 && i < x->n_live; i++)
    rc = tell_contractor(x, db, &x->live[i]);
  return rc;
}

/* Whether the patch raises the monthly fee of a plan someone still pays for: then it waits. */
static enum an_ec plan_fee_rule(const struct an_ctx *ctx, struct an_db *db,
                                const struct an_plan_patch *in, struct plan_edit *x,
                                char *earliest_out)
{
  struct an_date today = an_market_today(ctx), earliest = today, eff;
  an_date_add_days(today, ctx->cfg->document_notice_days, &earliest);
  an_date_format(earliest, earliest_out, AN_DATE_STRLEN);
  bool raise =
      given(&an_plan_patch_spec, in, "monthly_fee") && in->monthly_fee > x->cur->monthly_fee;
  if (!raise)
    return AN_EC_OK;
  if (an_store_contract_list_plan_live_all(db, x->cur->id, 100000, &x->live, &x->n_live) < 0)
    return AN_EC_GENERIC_INTERNAL;
  if (!x->n_live)
    return AN_EC_OK; /* nobody pays it yet: a plain edit */
  if (!in->effective_on || !an_date_parse(in->effective_on, &eff) || an_date_cmp(eff, earliest) < 0)
    return AN_EC_NOTICE_PERIOD_TOO_SHORT;
  x->pending_fee = in->monthly_fee;
  x->monthly_fee = x->cur->monthly_fee; /* in force until effective_on */
  x->effective_on = in->effective_on;
  return AN_EC_OK;
}

enum an_ec an_plan_update(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                          const struct an_plan_patch *in, char *earliest_out, json_t **out)
{
  struct an_plan cur;
  int rc = an_store_plan_get(db, id, &cur);
  if (rc <= 0)
    return an_ec_of_read(rc);
  const struct an_spec *sp = &an_plan_patch_spec;
  struct plan_edit x = {ctx,
                        &cur,
                        in->name ? in->name : cur.name,
                        given(sp, in, "max_users") ? in->max_users : cur.max_users,
                        given(sp, in, "storage_gb") ? in->storage_gb : cur.storage_gb,
                        given(sp, in, "monthly_fee") ? in->monthly_fee : cur.monthly_fee,
                        given(sp, in, "initial_fee") ? in->initial_fee : cur.initial_fee,
                        -1,
                        NULL,
                        NULL,
                        0,
                        json_object()};
  enum an_ec ec = plan_fee_rule(ctx, db, in, &x, earliest_out);
  diff_text(x.changes, "name", cur.name, x.name);
  diff_int(x.changes, "max_users", cur.max_users, x.max_users);
  diff_int(x.changes, "storage_gb", cur.storage_gb, x.storage_gb);
  diff_int(x.changes, "monthly_fee", cur.monthly_fee, x.monthly_fee);
  diff_int(x.changes, "initial_fee", cur.initial_fee, x.initial_fee);
  bool any = json_object_size(x.changes) || x.pending_fee >= 0;
  if (ec == AN_EC_OK && any && an_db_txn(db, plan_txn, &x) < 0)
    ec = AN_EC_GENERIC_INTERNAL;
  json_decref(x.changes);
  an_spec_free_array(&an_contract_spec, x.live, x.n_live);
  an_spec_clear(&an_plan_spec, &cur);
  if (ec != AN_EC_OK)
    return ec;
  struct an_plan p;
  if (an_store_plan_get(db, id, &p) != 1)
    return AN_EC_GENERIC_INTERNAL;
  *out = an_spec_to_json(&an_plan_spec, &p);
  if (*out)
    an_plan_add_prices(*out, &p); /* with tax, as the catalogue shows them */
  an_spec_clear(&an_plan_spec, &p);
  return *out ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
}

int an_plan_fee_apply_job(const struct an_ctx *ctx, struct an_db *db, int64_t plan_id)
{
  struct an_plan p;
  int rc = an_store_plan_get(db, plan_id, &p);
  if (rc <= 0)
    return rc; /* gone: nothing to do */
  char today[AN_DATE_STRLEN];
  an_market_date_of(ctx->now, today);
  int64_t from = p.monthly_fee, to = p.pending_monthly_fee;
  rc = an_store_plan_apply_pending_fee(db, plan_id, today);
  an_spec_clear(&an_plan_spec, &p);
  if (rc <= 0)
    return rc; /* withdrawn, applied already, or not yet due */
  json_t *d = json_pack("{s:I, s:I, s:s}", "from", (json_int_t)from, "to", (json_int_t)to,
                        "effective_on", today);
  rc = an_market_audit(ctx, db, "plan.fee_applied", "plan", plan_id, 0, d);
  json_decref(d);
  return rc;
}
