#include "identity/auth.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "core/config.h"
#include "core/log.h"
#include "crypto/password.h"
#include "identity/login_gate.h"
#include "identity/policy.h"
#include "identity/roles.h"

/* Verifying against this when the login does not exist keeps the timing of a wrong login equal
 * to that of a wrong password. */
static char dummy_hash[AN_PASSWORD_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static struct an_pwparams dummy_params;

static void make_dummy(void)
{
  char pw[25];
  an_password_generate(pw, 20);
  an_password_hash(&dummy_params, pw, dummy_hash);
}

static bool verify_gated(const struct an_config *cfg, const char *hash, const char *pw)
{
  if (!hash) {
    an_password_params(cfg, &dummy_params);
    pthread_once(&dummy_once, make_dummy);
    hash = dummy_hash;
  }
  an_login_gate_enter();
  bool ok = an_password_verify(hash, pw);
  an_login_gate_leave();
  return ok && hash != dummy_hash;
}

struct fail_ctx {
  const struct an_ctx *ctx;
  const struct an_staff *staff; /* NULL when the login does not exist */
  const char *login;
  const char *reason;
};

static int fail_txn(struct an_db *db, void *cls)
{
  struct fail_ctx *f = cls;
  int rc = 1;
  if (f->staff)
    rc = an_store_staff_login_failed(db, f->staff->id, f->ctx->now);
  if (rc < 0)
    return rc;
  char target[40] = "";
  if (f->staff)
    snprintf(target, sizeof target, "staff:%lld", (long long)f->staff->id);
  json_t *d = json_pack("{s:s, s:s}", "login", f->login, "reason", f->reason);
  struct an_audit_rec rec = {.action = "auth.login", .target = target, .outcome = "failure",
                             .details = d, .actor_label = f->login};
  rc = an_audit_append(f->ctx, db, &rec);
  json_decref(d);
  return rc;
}

struct ok_ctx {
  const struct an_ctx *ctx;
  struct an_login_result *out;
  const char *new_hash; /* re-hash with current parameters, or NULL */
};

static int ok_txn(struct an_db *db, void *cls)
{
  struct ok_ctx *o = cls;
  const struct an_staff *s = &o->out->staff;
  int rc = an_store_staff_login_succeeded(db, s->id, o->ctx->now);
  if (rc >= 0 && o->new_hash)
    rc = an_store_staff_rehash(db, s->id, o->new_hash, o->ctx->now);
  if (rc >= 0)
    rc = an_store_session_insert(db, &o->out->session);
  if (rc < 0)
    return rc;
  char target[40];
  snprintf(target, sizeof target, "staff:%lld", (long long)s->id);
  json_t *d = json_pack("{s:s, s:I}", "login", s->login, "session_id",
                        (json_int_t)o->out->session.id);
  struct an_audit_rec rec = {.action = "auth.login", .target = target, .outcome = "success",
                             .details = d, .actor_label = s->login};
  rc = an_audit_append(o->ctx, db, &rec);
  json_decref(d);
  return rc;
}

static void new_session(const struct an_ctx *ctx, const struct an_staff *s, const char *ua,
                        struct an_login_result *out)
{
  struct an_session *ss = &out->session;
  memset(ss, 0, sizeof *ss);
  an_token_new(out->token);
  an_token_hash(out->token, ss->token_hash);
  snprintf(ss->subject_kind, sizeof ss->subject_kind, "staff");
  ss->subject_id = s->id;
  an_token_new(ss->csrf_token);
  snprintf(ss->client_ip, sizeof ss->client_ip, "%s", ctx->client_ip);
  snprintf(ss->user_agent, sizeof ss->user_agent, "%s", ua ? ua : "");
  ss->created_at = ss->last_seen_at = ctx->now;
  ss->expires_at = ctx->now + ctx->cfg->absolute_lifetime * 1000000LL;
}

enum an_ec an_auth_login_staff(const struct an_ctx *ctx, struct an_db *db, const char *login,
                               const char *password, const char *user_agent,
                               struct an_login_result *out)
{
  memset(out, 0, sizeof *out);
  int rc = an_store_staff_by_login(db, login, &out->staff);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  const struct an_staff *s = rc == 1 ? &out->staff : NULL;
  bool ok = verify_gated(ctx->cfg, s ? s->password_hash : NULL, password);
  const char *reason = !s ? "unknown_login" : !ok ? "wrong_password" : NULL;
  if (!reason && strcmp(s->status, "active") != 0)
    reason = "account_suspended";
  if (reason) {
    struct fail_ctx f = {ctx, s, login, reason};
    if (an_db_txn(db, fail_txn, &f) < 0)
      return AN_EC_GENERIC_INTERNAL;
    return AN_EC_AUTH_BAD_CREDENTIALS;
  }
  struct an_pwparams pp;
  char rehash[AN_PASSWORD_HASH_MAX];
  an_password_params(ctx->cfg, &pp);
  bool need = an_password_needs_rehash(&pp, s->password_hash);
  if (need) {
    an_login_gate_enter();
    need = an_password_hash(&pp, password, rehash);
    an_login_gate_leave();
  }
  new_session(ctx, s, user_agent, out);
  struct ok_ctx o = {ctx, out, need ? rehash : NULL};
  if (an_db_txn(db, ok_txn, &o) < 0)
    return AN_EC_GENERIC_INTERNAL;
  return AN_EC_OK;
}

static bool session_live(const struct an_ctx *ctx, const struct an_session *s)
{
  int64_t idle = ctx->cfg->idle_timeout * 1000000LL;
  return ctx->now < s->expires_at && ctx->now - s->last_seen_at < idle;
}

/* last_seen_at is written at most once a minute per session: idle timeouts are counted in
 * minutes, and a write on every read would serialise all requests on the database. */
#define TOUCH_EVERY_US (60 * 1000000LL)

enum an_ec an_auth_resolve(struct an_ctx *ctx, struct an_db *db, const char *token,
                           struct an_session *out)
{
  uint8_t hash[AN_HASH_LEN];
  an_token_hash(token, hash);
  int rc = an_store_session_by_hash(db, hash, out);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  if (rc == 0 || !session_live(ctx, out) || strcmp(out->subject_kind, "staff") != 0)
    return AN_EC_AUTH_REQUIRED;
  struct an_staff s;
  rc = an_store_staff_by_id(db, out->subject_id, &s);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  if (rc == 0 || strcmp(s.status, "active") != 0)
    return AN_EC_AUTH_REQUIRED;
  if (ctx->now - out->last_seen_at > TOUCH_EVERY_US && an_store_session_touch(db, out->id, ctx->now) < 0)
    return AN_EC_GENERIC_INTERNAL;
  ctx->subject = AN_SUBJECT_STAFF;
  ctx->subject_id = s.id;
  ctx->tenant_id = 0;
  ctx->session_id = out->id;
  ctx->must_change_password = s.must_change_password;
  if (!an_roles_parse(s.roles, &ctx->roles))
    ctx->roles = 0;
  snprintf(ctx->actor, sizeof ctx->actor, "%s", s.login);
  return AN_EC_OK;
}

static int logout_txn(struct an_db *db, void *cls)
{
  const struct an_ctx *ctx = cls;
  int rc = an_store_session_revoke(db, ctx->session_id, ctx->now);
  if (rc < 0)
    return rc;
  char target[40];
  snprintf(target, sizeof target, "session:%lld", (long long)ctx->session_id);
  struct an_audit_rec rec = {.action = "auth.logout", .target = target, .outcome = "success"};
  return an_audit_append(ctx, db, &rec);
}

enum an_ec an_auth_logout(const struct an_ctx *ctx, struct an_db *db)
{
  return an_db_txn(db, logout_txn, (void *)(uintptr_t)ctx) < 0 ? AN_EC_GENERIC_INTERNAL
                                                                : AN_EC_OK;
}

void an_auth_drop_token(const struct an_ctx *ctx, struct an_db *db, const char *token)
{
  struct an_session s;
  uint8_t hash[AN_HASH_LEN];
  an_token_hash(token, hash);
  if (an_store_session_by_hash(db, hash, &s) == 1)
    an_store_session_revoke(db, s.id, ctx->now);
}

struct pw_ctx {
  const struct an_ctx *ctx;
  const char *hash;
};

static int pw_txn(struct an_db *db, void *cls)
{
  struct pw_ctx *p = cls;
  const struct an_ctx *ctx = p->ctx;
  int rc = an_store_staff_set_password(db, ctx->subject_id, p->hash, false, ctx->now);
  if (rc < 0)
    return rc;
  /* Other sessions of this person end: whoever knew the old password is out. */
  static const char kind[] = "staff";
  rc = an_store_session_revoke_subject(db, kind, ctx->subject_id, ctx->session_id, ctx->now);
  if (rc < 0)
    return rc;
  char target[40];
  snprintf(target, sizeof target, "staff:%lld", (long long)ctx->subject_id);
  struct an_audit_rec rec = {.action = "auth.password_change", .target = target,
                             .outcome = "success"};
  return an_audit_append(ctx, db, &rec);
}

enum an_ec an_auth_change_password(const struct an_ctx *ctx, struct an_db *db,
                                   const char *current, const char *next,
                                   json_t **policy_errors)
{
  *policy_errors = NULL;
  struct an_staff s;
  int rc = an_store_staff_by_id(db, ctx->subject_id, &s);
  if (rc <= 0)
    return AN_EC_GENERIC_INTERNAL;
  if (!verify_gated(ctx->cfg, s.password_hash, current)) {
    char target[40];
    snprintf(target, sizeof target, "staff:%lld", (long long)s.id);
    struct an_audit_rec rec = {.action = "auth.password_change", .target = target,
                               .outcome = "failure"};
    an_audit_record(ctx, db, &rec);
    return AN_EC_AUTH_WRONG_CURRENT_PASSWORD;
  }
  json_t *errs = an_policy_check(&an_policy_staff, s.login, next);
  if (!errs && strcmp(current, next) == 0) {
    errs = json_array();
    json_array_append_new(errs, json_pack("{s:s, s:s, s:s}", "rule", "reuse", "detail_ja",
                                          "現在と同じパスワードは使えません。", "detail_en",
                                          "The new password must differ from the current one."));
  }
  if (errs) {
    *policy_errors = errs;
    return AN_EC_AUTH_PASSWORD_POLICY;
  }
  struct an_pwparams pp;
  char hash[AN_PASSWORD_HASH_MAX];
  an_password_params(ctx->cfg, &pp);
  an_login_gate_enter();
  bool hashed = an_password_hash(&pp, next, hash);
  an_login_gate_leave();
  if (!hashed)
    return AN_EC_GENERIC_INTERNAL;
  struct pw_ctx p = {ctx, hash};
  return an_db_txn(db, pw_txn, &p) < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}
