#include "market/catalogue.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/email.h"
#include "crypto/envelope.h"
#include "crypto/keys.h"
#include "crypto/token.h"
#include "identity/tenants.h"
#include "market/market.h"
#include "store/catalogue.h"
#include "store/rows.h"

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

struct shop_txn {
  const struct an_ctx *ctx;
  const json_t *in;
  int64_t id;
  bool taken;
};

static int shop_txn(struct an_db *db, void *cls)
{
  struct shop_txn *s = cls;
  int rc = an_store_shop_insert(db, an_rec_str(s->in, "code"), an_rec_str(s->in, "name"),
                                an_rec_str(s->in, "contact_email"),
                                an_rec_str(s->in, "webhook_url"), "", s->ctx->now, &s->id);
  s->taken = rc == 0;
  if (rc <= 0)
    return rc == 0 ? AN_DB_ROLLBACK : rc;
  return an_market_audit(s->ctx, db, "shop.create", "shop", s->id, 0, s->in);
}

enum an_ec an_shop_create(const struct an_ctx *ctx, struct an_db *db, const json_t *in,
                          json_t **out)
{
  if (!code_valid(an_rec_str(in, "code")) || !an_rec_str(in, "name")[0] ||
      !an_email_valid(an_rec_str(in, "contact_email")) ||
      an_shop_webhook_url_check(ctx, an_rec_str(in, "webhook_url"), true) != AN_TARGET_OK)
    return AN_EC_GENERIC_INVALID_FIELD;
  struct shop_txn s = {ctx, in, 0, false};
  int rc = an_db_txn(db, shop_txn, &s);
  if (s.taken)
    return AN_EC_GENERIC_CONFLICT;
  if (rc < 0 || an_store_shop_get(db, s.id, out) != 1)
    return AN_EC_GENERIC_INTERNAL;
  return AN_EC_OK;
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

bool an_plan_valid(const json_t *p, const char **field)
{
  const char *cycle = an_rec_str(p, "billing_cycle");
  int64_t rate = an_rec_int(p, "tax_rate");
#define BAD(f)                                                                                     \
  do {                                                                                             \
    *field = f;                                                                                    \
    return false;                                                                                  \
  } while (0)
  if (!code_valid(an_rec_str(p, "code")))
    BAD("code");
  if (!an_rec_str(p, "name")[0])
    BAD("name");
  if (an_rec_int(p, "monthly_fee") < 0 || an_rec_int(p, "monthly_fee") > 100000000)
    BAD("monthly_fee");
  if (an_rec_int(p, "initial_fee") < 0 || an_rec_int(p, "initial_fee") > 100000000)
    BAD("initial_fee");
  if (strcmp(cycle, "monthly") && strcmp(cycle, "yearly"))
    BAD("billing_cycle");
  if (rate != 10 && rate != 8)
    BAD("tax_rate");
  if (an_rec_int(p, "max_users") < 1)
    BAD("max_users");
  if (an_rec_int(p, "storage_gb") < 1)
    BAD("storage_gb");
#undef BAD
  return true;
}

void an_plan_add_prices(json_t *p)
{
  int64_t rate = an_rec_int(p, "tax_rate");
  int64_t m = an_rec_int(p, "monthly_fee"), i = an_rec_int(p, "initial_fee");
  json_object_set_new(p, "monthly_fee_incl_tax", json_integer(m + m * rate / 100));
  json_object_set_new(p, "initial_fee_incl_tax", json_integer(i + i * rate / 100));
}

struct service_txn {
  const struct an_ctx *ctx;
  const json_t *in;
  int64_t id;
  bool taken;
};

static int service_txn(struct an_db *db, void *cls)
{
  struct service_txn *s = cls;
  const json_t *in = s->in;
  int rc = an_store_service_insert(db, an_rec_int(in, "shop_id"), an_rec_str(in, "code"),
                                   an_rec_str(in, "name"), an_rec_str(in, "description"),
                                   an_rec_str(in, "conditions"), an_rec_int(in, "notice_days"),
                                   s->ctx->now, &s->id);
  s->taken = rc == 0;
  if (rc <= 0)
    return rc == 0 ? AN_DB_ROLLBACK : rc;
  size_t i;
  json_t *plan;
  json_array_foreach(json_object_get(in, "plans"), i, plan)
  {
    int64_t pid;
    rc = an_store_plan_insert(db, s->id, plan, s->ctx->now, &pid);
    if (rc <= 0) {
      s->taken = rc == 0;
      return rc == 0 ? AN_DB_ROLLBACK : rc;
    }
  }
  return an_market_audit(s->ctx, db, "service.create", "service", s->id, 0, in);
}

enum an_ec an_service_create(const struct an_ctx *ctx, struct an_db *db, const json_t *in,
                             json_t **out)
{
  json_t *shop = NULL;
  int rc = an_store_shop_get(db, an_rec_int(in, "shop_id"), &shop);
  json_decref(shop);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  if (rc == 0)
    return AN_EC_GENERIC_INVALID_FIELD;
  const char *bad;
  size_t i;
  json_t *plan;
  json_array_foreach(json_object_get(in, "plans"), i,
                     plan) if (!an_plan_valid(plan, &bad)) return AN_EC_GENERIC_INVALID_FIELD;
  if (!code_valid(an_rec_str(in, "code")) || an_rec_int(in, "notice_days") < 30)
    return AN_EC_GENERIC_INVALID_FIELD;
  struct service_txn s = {ctx, in, 0, false};
  rc = an_db_txn(db, service_txn, &s);
  if (s.taken)
    return AN_EC_GENERIC_CONFLICT;
  if (rc < 0 || an_store_service_get(db, s.id, out) != 1)
    return AN_EC_GENERIC_INTERNAL;
  return AN_EC_OK;
}

struct plan_txn {
  const struct an_ctx *ctx;
  int64_t service_id, id;
  const json_t *plan;
  bool taken;
};

static int plan_txn(struct an_db *db, void *cls)
{
  struct plan_txn *p = cls;
  int rc = an_store_plan_insert(db, p->service_id, p->plan, p->ctx->now, &p->id);
  p->taken = rc == 0;
  if (rc <= 0)
    return rc == 0 ? AN_DB_ROLLBACK : rc;
  return an_market_audit(p->ctx, db, "plan.create", "plan", p->id, 0, p->plan);
}

enum an_ec an_plan_add(const struct an_ctx *ctx, struct an_db *db, int64_t service_id,
                       const json_t *plan, json_t **out)
{
  json_t *svc = NULL;
  int rc = an_store_service_get(db, service_id, &svc);
  json_decref(svc);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  if (rc == 0)
    return AN_EC_GENERIC_NOT_FOUND;
  const char *bad;
  if (!an_plan_valid(plan, &bad))
    return AN_EC_GENERIC_INVALID_FIELD;
  struct plan_txn p = {ctx, service_id, 0, plan, false};
  rc = an_db_txn(db, plan_txn, &p);
  if (p.taken)
    return AN_EC_GENERIC_CONFLICT;
  if (rc < 0 || an_store_plan_get(db, p.id, out) != 1)
    return AN_EC_GENERIC_INTERNAL;
  return AN_EC_OK;
}
