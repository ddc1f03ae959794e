/* Subscriptions to the public status page by e-mail (issue 12 item 4): double opt-in (a link
 * valid 24 hours confirms the address; until then nothing is sent), one-click unsubscribe from a
 * link in every mail, and a mail to every active subscriber as an incident is recorded, updated
 * and resolved. Answers never tell whether an address was already subscribed. */
#include <string.h>

#include "core/buf.h"
#include "core/config.h"
#include "core/email.h"
#include "core/format.h"
#include "crypto/token.h"
#include "market/market.h"
#include "notify/mail.h"
#include "ops/ops.h"
#include "store/ops.h"
#include "store/rows.h"

#define CONFIRM_VALID_US (INT64_C(24) * 3600 * 1000000)

static void token_hash_hex(const char *token, char hex[2 * AN_HASH_LEN + 1])
{
  uint8_t h[AN_HASH_LEN];
  an_token_hash(token, h);
  an_hex_encode(h, AN_HASH_LEN, hex);
}

struct subscribe {
  const struct an_ctx *ctx;
  const char *email, *lang;
  char confirm[AN_TOKEN_STR], unsubscribe[AN_TOKEN_STR];
};

static int subscribe_txn(struct an_db *db, void *cls)
{
  struct subscribe *s = cls;
  char hex[2 * AN_HASH_LEN + 1];
  token_hash_hex(s->confirm, hex);
  int rc = an_store_ops_subscriber_insert(db, s->email, s->lang, hex, s->unsubscribe, s->ctx->now);
  struct an_buf base = {0}, confirm = {0}, unsub = {0};
  an_config_base_url(s->ctx->cfg, &base);
  an_buf_printf(&confirm, "%s/status?confirm=%s", base.data, s->confirm);
  an_buf_printf(&unsub, "%s/status?unsubscribe=%s", base.data, s->unsubscribe);
  json_t *vars =
      json_pack("{s:s, s:s}", "confirm_url", confirm.data, "unsubscribe_url", unsub.data);
  if (rc >= 0)
    rc = an_mail_queue(s->ctx, db, s->email, "status_confirm", s->lang, vars);
  if (rc == AN_MAIL_REFUSED)
    rc = AN_DB_ROLLBACK;
  json_decref(vars);
  an_buf_free(&base);
  an_buf_free(&confirm);
  an_buf_free(&unsub);
  return rc;
}

enum an_ec an_ops_subscribe(const struct an_ctx *ctx, struct an_db *db, const char *email,
                            const char *lang)
{
  if (!email || !an_email_valid(email))
    return AN_EC_GENERIC_INVALID_FIELD;
  struct subscribe s = {ctx, email, an_lang_norm(lang), {0}, {0}};
  an_token_new(s.confirm);
  an_token_new(s.unsubscribe);
  int rc = an_db_txn(db, subscribe_txn, &s);
  an_wipe(s.confirm, sizeof s.confirm);
  if (rc == AN_DB_ROLLBACK)
    return AN_EC_GENERIC_INVALID_FIELD;
  return rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}

struct confirm {
  const struct an_ctx *ctx;
  const char *token;
  bool remove;
  int64_t id;
};

static int confirm_txn(struct an_db *db, void *cls)
{
  struct confirm *c = cls;
  int rc;
  if (c->remove)
    rc = an_store_ops_subscriber_remove(db, c->token, c->ctx->now, &c->id);
  else {
    char hex[2 * AN_HASH_LEN + 1];
    token_hash_hex(c->token, hex);
    rc = an_store_ops_subscriber_confirm(db, hex, c->ctx->now - CONFIRM_VALID_US, c->ctx->now,
                                         &c->id);
  }
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  return an_market_audit(c->ctx, db, c->remove ? "status.unsubscribe" : "status.subscribe",
                         "subscriber", c->id, 0, NULL);
}

static enum an_ec confirm_or_remove(const struct an_ctx *ctx, struct an_db *db, const char *token,
                                    bool remove)
{
  if (!token || strlen(token) != AN_TOKEN_STR - 1)
    return AN_EC_APPLICATION_CONFIRM_INVALID;
  struct confirm c = {ctx, token, remove, 0};
  int rc = an_db_txn(db, confirm_txn, &c);
  if (rc == AN_DB_ROLLBACK)
    return AN_EC_APPLICATION_CONFIRM_INVALID;
  return rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}

enum an_ec an_ops_subscription_confirm(const struct an_ctx *ctx, struct an_db *db,
                                       const char *token)
{
  return confirm_or_remove(ctx, db, token, false);
}

enum an_ec an_ops_unsubscribe(const struct an_ctx *ctx, struct an_db *db, const char *token)
{
  return confirm_or_remove(ctx, db, token, true);
}

int an_ops_tell_subscribers(const struct an_ctx *ctx, struct an_db *db, const json_t *vars)
{
  json_t *subs = json_array(), *s;
  int rc = an_store_ops_subscribers_active_all(db, subs);
  struct an_buf base = {0}, unsub = {0};
  an_config_base_url(ctx->cfg, &base);
  size_t i;
  json_array_foreach(subs, i, s)
  {
    if (rc < 0)
      break;
    json_t *v = json_deep_copy(vars);
    an_buf_reset(&unsub);
    an_buf_printf(&unsub, "%s/status?unsubscribe=%s", base.data,
                  an_rec_str(s, "unsubscribe_token"));
    json_object_set_new(v, "unsubscribe_url", json_string(unsub.data));
    rc =
        an_mail_queue(ctx, db, an_rec_str(s, "email"), "status_incident", an_rec_str(s, "lang"), v);
    if (rc == AN_MAIL_REFUSED) /* an address that became unusable: the others still get theirs */
      rc = 0;
    json_decref(v);
  }
  json_decref(subs);
  an_buf_free(&base);
  an_buf_free(&unsub);
  return rc;
}
