#include "identity/pwlink.h"

#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "core/buf.h"
#include "core/log.h"
#include "crypto/token.h"
#include "notify/mail.h"
#include "store/lang.h"
#include "store/pwlinks.h"
#include "store/staff.h"
#include "store/users.h"

#define HOUR_US (3600LL * 1000000)

static void hash_hex(const char *token, char out[2 * AN_HASH_LEN + 1])
{
  uint8_t h[AN_HASH_LEN];
  an_token_hash(token, h);
  an_hex_encode(h, sizeof h, out);
}

/* The page that takes the token: in the fragment, so it never reaches a server log. */
static void set_url(const struct an_ctx *ctx, const char *token, struct an_buf *b)
{
  const char *base = ctx->cfg->public_url && ctx->cfg->public_url[0] ? ctx->cfg->public_url : NULL;
  if (base)
    an_buf_printf(b, "%.*s", (int)(strlen(base) - (base[strlen(base) - 1] == '/')), base);
  else
    an_buf_printf(b, "http://%s", ctx->cfg->listen);
  an_buf_printf(b, "/set-password#token=%s", token);
}

int an_pwlink_audit(const struct an_ctx *ctx, struct an_db *db, const char *action,
                    const char *kind, int64_t id, int64_t tenant_id, const char *outcome,
                    json_t *details)
{
  /* details stay the caller's: the log takes a reference of its own */
  return an_audit_outcome(ctx, db, action, kind, id, tenant_id, outcome, json_incref(details));
}

int an_pwlink_issue_txn(const struct an_ctx *ctx, struct an_db *db,
                        const struct an_pwlink_issue *in, struct an_mail_outcome *out)
{
  struct an_mail_outcome none = {0, ctx->cfg->mail_relay && ctx->cfg->mail_relay[0]};
  if (out)
    *out = none;
  if (!in->email || !in->email[0])
    return 1;
  char token[AN_TOKEN_STR], hash[2 * AN_HASH_LEN + 1];
  an_token_new(token);
  hash_hex(token, hash);
  struct an_pwlink l = {.subject_id = in->subject_id,
                        .tenant_id = in->tenant_id,
                        .created_at = ctx->now,
                        .expires_at = ctx->now + ctx->cfg->password_link_hours * HOUR_US};
  snprintf(l.subject_kind, sizeof l.subject_kind, "%s", in->kind);
  int rc = an_store_pwlink_revoke_subject(db, in->kind, in->subject_id, ctx->now);
  if (rc >= 0)
    rc = an_store_pwlink_insert(db, hash, &l);
  if (rc < 0)
    return rc;
  json_t *vars = in->vars ? json_deep_copy(in->vars) : json_object();
  struct an_buf url = {0};
  set_url(ctx, token, &url);
  an_wipe(token, sizeof token);
  json_object_set_new(vars, "set_url", json_string(url.data));
  json_object_set_new(vars, "expires_at", json_integer(l.expires_at));
  an_buf_free(&url);
  struct an_ctx mctx = *ctx;
  mctx.tenant_id = in->tenant_id; /* the mail belongs to the user's tenant (0: the operator's) */
  int64_t mail_id = 0;
  rc = an_mail_queue_id(&mctx, db, in->email, in->template_name, in->lang, vars, &mail_id);
  json_decref(vars);
  if (rc == AN_MAIL_REFUSED)
    return an_store_pwlink_revoke_subject(db, in->kind, in->subject_id, ctx->now) < 0 ? AN_DB_HARD
                                                                                      : 1;
  if (rc < 0)
    return rc;
  if (out)
    out->mail_id = mail_id;
  json_t *d = json_pack("{s:I, s:I, s:I}", "link_id", (json_int_t)l.id, "mail_id",
                        (json_int_t)mail_id, "expires_at_us", (json_int_t)l.expires_at);
  rc = an_pwlink_audit(ctx, db, in->reissue ? "password_link.reissue" : "password_link.issue",
                       in->kind, in->subject_id, in->tenant_id, "success", d);
  json_decref(d);
  return rc < 0 ? rc : 1;
}

json_t *an_mail_outcome_json(const struct an_mail_outcome *m)
{
  const char *status = !m->mail_id ? "none" : m->relay ? "queued" : "held";
  return json_pack("{s:o, s:s}", "id", m->mail_id ? json_integer(m->mail_id) : json_null(),
                   "status", status);
}

struct reissue {
  const struct an_ctx *ctx;
  struct an_pwlink_issue in;
  struct an_mail_outcome *out;
};

static int reissue_txn(struct an_db *db, void *cls)
{
  struct reissue *r = cls;
  return an_pwlink_issue_txn(r->ctx, db, &r->in, r->out);
}

static enum an_ec run_reissue(const struct an_ctx *ctx, struct an_db *db,
                              const struct an_pwlink_issue *in, struct an_mail_outcome *out)
{
  if (!in->email[0])
    return AN_EC_PASSWORD_LINK_NO_ADDRESS;
  struct reissue r = {ctx, *in, out};
  if (an_db_txn(db, reissue_txn, &r) < 0)
    return AN_EC_GENERIC_INTERNAL;
  return out->mail_id ? AN_EC_OK : AN_EC_PASSWORD_LINK_NO_ADDRESS;
}

enum an_ec an_pwlink_reissue_user(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                  struct an_mail_outcome *out)
{
  struct an_user u;
  int rc = ctx->tenant_id > 0 ? an_store_user_by_id(db, ctx->tenant_id, id, &u) : 0;
  if (rc <= 0)
    return an_ec_of_read(rc);
  char lang[AN_LANG_STRLEN];
  if (an_store_user_lang(db, ctx->tenant_id, id, lang) < 0)
    return AN_EC_GENERIC_INTERNAL;
  json_t *vars = json_pack("{s:s, s:s}", "name", u.display_name, "login", u.login);
  struct an_pwlink_issue in = {"user", id,  ctx->tenant_id, u.email, lang, "password_link",
                               vars,   true};
  enum an_ec ec = run_reissue(ctx, db, &in, out);
  json_decref(vars);
  return ec;
}

enum an_ec an_pwlink_reissue_tenant_admin(const struct an_ctx *ctx, struct an_db *db,
                                          int64_t tenant_id, const char *login,
                                          struct an_mail_outcome *out)
{
  struct an_user u;
  int rc = tenant_id > 0 && login ? an_store_user_by_login(db, tenant_id, login, &u) : 0;
  if (rc <= 0 || !strstr(u.roles, "tenant_admin"))
    return rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_GENERIC_NOT_FOUND;
  char lang[AN_LANG_STRLEN];
  if (an_store_user_lang(db, tenant_id, u.id, lang) < 0)
    return AN_EC_GENERIC_INTERNAL;
  json_t *vars = json_pack("{s:s, s:s}", "name", u.display_name, "login", u.login);
  struct an_pwlink_issue in = {"user", u.id, tenant_id, u.email, lang, "password_link", vars, true};
  enum an_ec ec = run_reissue(ctx, db, &in, out);
  json_decref(vars);
  return ec;
}

enum an_ec an_pwlink_reissue_staff(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                   struct an_mail_outcome *out)
{
  struct an_staff s;
  char email[256], lang[AN_LANG_STRLEN];
  int rc = an_store_staff_by_id(db, id, &s);
  if (rc <= 0)
    return an_ec_of_read(rc);
  if (an_store_staff_email(db, id, email, sizeof email) < 0 ||
      an_store_staff_lang(db, id, lang) < 0)
    return AN_EC_GENERIC_INTERNAL;
  json_t *vars = json_pack("{s:s, s:s}", "name", s.display_name, "login", s.login);
  struct an_pwlink_issue in = {"staff", id, 0, email, lang, "password_link", vars, true};
  enum an_ec ec = run_reissue(ctx, db, &in, out);
  json_decref(vars);
  return ec;
}
