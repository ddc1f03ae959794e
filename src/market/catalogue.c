#include "market/catalogue.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/email.h"
#include "crypto/envelope.h"
#include "crypto/keys.h"
#include "crypto/token.h"
#include "identity/tenants.h"
#include "market/body_fields.h"
#include "market/market.h"
#include "store/catalogue.h"

/* Codes appear in URLs and CSV files: 2 to 32 of a-z 0-9 -. */
static bool code_valid(const char *s)
{
  size_t n = strlen(s);
  if (n < 2 || n > 32)
    return false;
  for (size_t i = 0; i < n; i++)
    if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) && s[i] != '-')
      return false;
  return true;
}

enum an_target_check an_shop_webhook_url_check(const struct an_ctx *ctx, const char *url,
                                               bool empty_ok)
{
  if (url && !url[0] && empty_ok)
    return AN_TARGET_OK;
  return an_target_url_check(url, ctx->cfg->webhook_allow_private_targets);
}

#define S struct an_shop_form
static const struct an_field SHOP_FIELDS[] = {
    AN_CODE_FIELD_IN(S),
    AN_SHOP_FIELDS_IN(S, false),
    AN_FIELD_IN(S, webhook_url, AN_F_TEXT, true, 0, 500),
};
const struct an_spec an_shop_form_spec = AN_SPEC(S, SHOP_FIELDS, nulls);
#undef S

#define V struct an_service_form
static const struct an_field SERVICE_FIELDS[] = {
    AN_FIELD_IN(V, shop_id, AN_F_INT, false, 1, INT64_MAX),
    AN_CODE_FIELD_IN(V),
    AN_SERVICE_FIELDS_IN(V, false),
    AN_FIELD_IN(V, url, AN_F_TEXT, true, 1, 499),
};
const struct an_spec an_service_form_spec = AN_SPEC(V, SERVICE_FIELDS, nulls);
#undef V

#define P struct an_plan_form
static const struct an_field PLAN_FIELDS[] = {
    AN_CODE_FIELD_IN(P),
    AN_FIELD_IN(P, name, AN_F_TEXT, false, 1, 200),
    AN_PLAN_FEES_IN(P, false),
    AN_FIELD_IN(P, billing_cycle, AN_F_TEXT, true, 1, 16),
    AN_FIELD_IN(P, tax_rate, AN_F_INT, false, 8, 10),
    AN_PLAN_LIMITS_IN(P, false),
};
const struct an_spec an_plan_form_spec = AN_SPEC(P, PLAN_FIELDS, nulls);
#undef P

/* One creation in the catalogue: the insert (0 when the code is taken), then the audit event
 * with the form as its detail, in one transaction; the record is read back after it. */
struct create {
  const struct an_ctx *ctx;
  const void *form;
  const struct an_spec *spec;
  int64_t parent; /* a plan's service */
  int (*insert)(struct an_db *db, const struct create *c, int64_t *id);
  const char *action, *kind;
  int64_t id;
  bool taken;
};

static int create_txn(struct an_db *db, void *cls)
{
  struct create *c = cls;
  int rc = c->insert(db, c, &c->id);
  c->taken = rc == 0;
  if (rc <= 0)
    return rc == 0 ? AN_DB_ROLLBACK : rc;
  json_t *d = an_spec_to_json(c->spec, c->form);
  /* A new service has no plans yet: its detail says so, as it always has. */
  if (d && !strcmp(c->kind, "service"))
    json_object_set_new(d, "plans", json_array());
  rc = d ? an_market_audit(c->ctx, db, c->action, c->kind, c->id, 0, d) : AN_DB_HARD;
  json_decref(d);
  return rc;
}

static enum an_ec create(struct an_db *db, struct create *c,
                         int (*get)(struct an_db *, int64_t, json_t **), json_t **out)
{
  int rc = an_db_txn(db, create_txn, c);
  if (c->taken)
    return AN_EC_GENERIC_CONFLICT;
  if (rc < 0 || get(db, c->id, out) != 1)
    return AN_EC_GENERIC_INTERNAL;
  return AN_EC_OK;
}

static int shop_insert(struct an_db *db, const struct create *c, int64_t *id)
{
  const struct an_shop_form *in = c->form;
  return an_store_shop_insert(db, in->code, in->name, in->contact_email, in->webhook_url, "",
                              c->ctx->now, id);
}

enum an_ec an_shop_create(const struct an_ctx *ctx, struct an_db *db, struct an_shop_form *in,
                          json_t **out)
{
  if (!in->webhook_url) { /* no webhook: "" in the record and the audit */
    in->webhook_url = strdup("");
    in->nulls = 0;
  }
  if (!in->webhook_url)
    return AN_EC_GENERIC_INTERNAL;
  if (!code_valid(in->code) || !in->name[0] || !an_email_valid(in->contact_email) ||
      an_shop_webhook_url_check(ctx, in->webhook_url, true) != AN_TARGET_OK)
    return AN_EC_GENERIC_INVALID_FIELD;
  struct create c = {ctx, in, &an_shop_form_spec, 0, shop_insert, "shop.create", "shop", 0, false};
  return create(db, &c, an_store_shop_get, out);
}

struct hook_txn {
  const struct an_ctx *ctx;
  int64_t id;
  const char *url, *secret;
  bool found;
};

static int hook_txn(struct an_db *db, void *cls)
{
  struct hook_txn *h = cls;
  int rc = an_store_shop_set_webhook(db, h->id, h->url, h->secret, h->ctx->now);
  h->found = rc == 1;
  if (rc <= 0)
    return rc == 0 ? AN_DB_ROLLBACK : rc;
  json_t *d = json_pack("{s:s}", "url", h->url);
  rc = an_market_audit(h->ctx, db, "shop.webhook", "shop", h->id, 0, d);
  json_decref(d);
  return rc;
}

/* The signing secret is kept sealed under the master-derived webhook key, bound to its shop. */
static void secret_ad(int64_t shop_id, char *ad, size_t n)
{
  snprintf(ad, n, "shop:%lld:webhook", (long long)shop_id);
}

bool an_shop_secret_open(const struct an_keys *keys, int64_t shop_id, const char *stored,
                         char out[65])
{
  uint8_t sealed[64 + AN_SEAL_OVERHEAD], plain[64 + AN_SEAL_OVERHEAD];
  size_t n = strlen(stored) / 2, len = 0;
  char ad[48];
  secret_ad(shop_id, ad, sizeof ad);
  if (n > sizeof sealed || n <= AN_SEAL_OVERHEAD || !an_hex_decode(stored, sealed, n) ||
      !an_open(keys->webhook, sealed, n, ad, plain, &len) || len != 64)
    return false;
  memcpy(out, plain, 64);
  out[64] = '\0';
  an_wipe(plain, sizeof plain);
  return true;
}

enum an_ec an_shop_set_webhook(const struct an_ctx *ctx, struct an_db *db, int64_t shop_id,
                               const char *url, char *secret_out)
{
  if (an_shop_webhook_url_check(ctx, url, false) != AN_TARGET_OK)
    return AN_EC_GENERIC_INVALID_FIELD;
  an_random_hex(32, secret_out);
  uint8_t sealed[64 + AN_SEAL_OVERHEAD];
  size_t len = 0;
  char ad[48], stored[2 * sizeof sealed + 1];
  secret_ad(shop_id, ad, sizeof ad);
  if (!an_seal(ctx->keys->webhook, secret_out, 64, ad, sealed, &len))
    return AN_EC_GENERIC_INTERNAL;
  an_hex_encode(sealed, len, stored);
  struct hook_txn h = {ctx, shop_id, url, stored, false};
  int rc = an_db_txn(db, hook_txn, &h);
  if (!h.found)
    return AN_EC_GENERIC_NOT_FOUND;
  return rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}

bool an_plan_valid(const struct an_plan_form *p, const char **field)
{
  const char *cycle = p->billing_cycle ? p->billing_cycle : "";
#define BAD(f)                                                                                     \
  do {                                                                                             \
    *field = f;                                                                                    \
    return false;                                                                                  \
  } while (0)
  if (!code_valid(p->code))
    BAD("code");
  if (!p->name[0])
    BAD("name");
  if (p->monthly_fee < 0 || p->monthly_fee > 100000000)
    BAD("monthly_fee");
  if (p->initial_fee < 0 || p->initial_fee > 100000000)
    BAD("initial_fee");
  if (strcmp(cycle, "monthly") && strcmp(cycle, "yearly"))
    BAD("billing_cycle");
  if (p->tax_rate != 10 && p->tax_rate != 8)
    BAD("tax_rate");
  if (p->max_users < 1)
    BAD("max_users");
  if (p->storage_gb < 1)
    BAD("storage_gb");
#undef BAD
  return true;
}

void an_plan_add_prices(json_t *out, const struct an_plan *p)
{
  int64_t rate = p->tax_rate, m = p->monthly_fee, i = p->initial_fee;
  json_object_set_new(out, "monthly_fee_incl_tax", json_integer(m + m * rate / 100));
  json_object_set_new(out, "initial_fee_incl_tax", json_integer(i + i * rate / 100));
}

static int service_insert(struct an_db *db, const struct create *c, int64_t *id)
{
  const struct an_service_form *in = c->form;
  int rc = an_store_service_insert(db, in->shop_id, in->code, in->name, in->description,
                                   in->conditions, in->notice_days, c->ctx->now, id);
  if (rc > 0 && in->url)
    rc = an_store_service_set_url(db, *id, in->url, c->ctx->now);
  return rc;
}

long an_service_notice_floor(const struct an_ctx *ctx)
{
  long floor = ctx->cfg->discontinuation_notice_min_days;
  return floor < 90 ? 90 : floor; /* the seeds' lowest (001: 90 days), whatever the config */
}

bool an_service_url_valid(const char *url)
{
  /* A link for the contractor's users, not an address the server fetches: any host will do
   * (an intranet service is fine), but only an absolute http or https URL libcurl parses. */
  return !url || an_target_url_check(url, true) == AN_TARGET_OK;
}

enum an_ec an_service_create(const struct an_ctx *ctx, struct an_db *db,
                             const struct an_service_form *in, json_t **out)
{
  json_t *shop = NULL;
  int rc = an_store_shop_get(db, in->shop_id, &shop);
  json_decref(shop);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  if (rc == 0 || !code_valid(in->code) || !an_service_url_valid(in->url))
    return AN_EC_GENERIC_INVALID_FIELD;
  if (in->notice_days < an_service_notice_floor(ctx))
    return AN_EC_NOTICE_PERIOD_TOO_SHORT;
  struct create c = {
      ctx, in, &an_service_form_spec, 0, service_insert, "service.create", "service", 0, false};
  return create(db, &c, an_store_service_get, out);
}

static int plan_json(struct an_db *db, int64_t id, json_t **out)
{
  struct an_plan p;
  int rc = an_store_plan_get(db, id, &p);
  *out = rc == 1 ? an_spec_to_json(&an_plan_spec, &p) : NULL;
  if (*out)
    an_plan_add_prices(*out, &p); /* the answer shows the prices with tax, as the catalogue does */
  an_spec_clear(&an_plan_spec, &p);
  return rc;
}

static int plan_insert(struct an_db *db, const struct create *c, int64_t *id)
{
  return an_store_plan_insert(db, c->parent, c->form, c->ctx->now, id);
}

enum an_ec an_plan_add(const struct an_ctx *ctx, struct an_db *db, int64_t service_id,
                       struct an_plan_form *plan, json_t **out)
{
  struct an_service svc = {0};
  int rc = an_store_service_read(db, service_id, &svc);
  an_service_clear(&svc);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  if (rc == 0)
    return AN_EC_GENERIC_NOT_FOUND;
  if (!plan->billing_cycle && !(plan->billing_cycle = strdup("monthly")))
    return AN_EC_GENERIC_INTERNAL;
  plan->nulls = 0; /* the defaults (monthly, no initial fee) are values, in the audit too */
  const char *bad;
  if (!an_plan_valid(plan, &bad))
    return AN_EC_GENERIC_INVALID_FIELD;
  struct create c = {ctx, plan, &an_plan_form_spec, service_id, plan_insert, "plan.create", "plan",
                     0,   false};
  return create(db, &c, plan_json, out);
}
