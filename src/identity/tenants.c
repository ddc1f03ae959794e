#include "identity/tenants.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "core/ascii.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/email.h"
#include "core/time.h"
#include "crypto/envelope.h"
#include "crypto/password.h"
#include "crypto/token.h"
#include "identity/roles.h"
#include "identity/staff.h"
#include "identity/users.h"
#include "notify/mail.h"
#include "store/lang.h"
#include "store/sessions.h"

bool an_company_code_valid(const char *code)
{
  size_t n = code ? strlen(code) : 0;
  if (n < 3 || n > 32)
    return false;
  for (size_t i = 0; i < n; i++)
    if (!isalnum((unsigned char)code[i]) && code[i] != '-')
      return false;
  return true;
}

struct create {
  const struct an_ctx *ctx;
  struct an_tenant *t;
  struct an_user *admin;
  enum an_ec ec;
  const char *lang; /* the tenant's language; NULL: the default (ja) */
};

static int create_txn(struct an_db *db, void *cls)
{
  struct create *c = cls;
  c->ec = AN_EC_OK;
  int rc = an_store_tenant_insert(db, c->t);
  if (rc <= 0) {
    c->ec = rc == 0 ? AN_EC_TENANT_CODE_TAKEN : AN_EC_GENERIC_INTERNAL;
    return rc == 0 ? AN_DB_ROLLBACK : rc;
  }
  if (c->lang && (rc = an_store_tenant_set_lang(db, c->t->id, c->lang)) < 0)
    return rc;
  rc = an_audit_changed(
      c->ctx, db, "tenant.create", "tenant", c->t->id, c->t->id,
      json_pack("{s:s, s:s}", "company_code", c->t->company_code, "name", c->t->name));
  if (rc < 0)
    return rc;
  c->admin->tenant_id = c->t->id;
  rc = an_user_insert_audited(c->ctx, db, c->admin);
  if (rc == 0) {
    c->ec = AN_EC_GENERIC_INTERNAL; /* a brand-new tenant has no users: cannot be taken */
    return AN_DB_ROLLBACK;
  }
  return rc < 0 ? rc : an_user_invite(c->ctx, db, c->t, c->admin, true);
}

static void fill_admin(const struct an_ctx *ctx, const struct an_tenant_new *in, struct an_user *u)
{
  memset(u, 0, sizeof *u);
  snprintf(u->login, sizeof u->login, "%s", in->admin_login);
  snprintf(u->display_name, sizeof u->display_name, "%s", in->responsible_name);
  snprintf(u->email, sizeof u->email, "%s", in->responsible_email);
  an_roles_format(AN_ROLE_TENANT_ADMIN, u->roles, sizeof u->roles);
  snprintf(u->status, sizeof u->status, "active");
  u->must_change_password = true;
  u->created_at = u->updated_at = u->password_changed_at = ctx->now;
}

enum an_ec an_tenant_prepare(const struct an_ctx *ctx, const struct an_tenant_new *in,
                             struct an_tenant *out, struct an_user *admin, char *admin_password)
{
  if (!an_company_code_valid(in->company_code) || !in->name || !in->name[0] ||
      strlen(in->name) >= sizeof out->name ||
      strlen(in->responsible_name ? in->responsible_name : "") >= sizeof out->responsible_name ||
      !in->responsible_name || !in->responsible_name[0] || !an_email_valid(in->responsible_email) ||
      !an_staff_login_valid(in->admin_login))
    return AN_EC_GENERIC_INVALID_FIELD;
  memset(out, 0, sizeof *out);
  snprintf(out->company_code, sizeof out->company_code, "%s", in->company_code);
  an_ascii_upper(out->company_code);
  snprintf(out->name, sizeof out->name, "%s", in->name);
  snprintf(out->status, sizeof out->status, "active");
  snprintf(out->responsible_name, sizeof out->responsible_name, "%s", in->responsible_name);
  snprintf(out->responsible_email, sizeof out->responsible_email, "%s", in->responsible_email);
  out->created_at = out->updated_at = ctx->now;
  uint8_t dek[AN_DEK_LEN];
  if (!an_dek_new(ctx->keys, dek, out->dek_wrapped, &out->dek_wrapped_len))
    return AN_EC_GENERIC_INTERNAL;
  an_wipe(dek, sizeof dek); /* the key lives only wrapped; it is unwrapped when used */
  fill_admin(ctx, in, admin);
  struct an_pwparams pp;
  an_password_generate(admin_password, 20);
  an_password_params(ctx->cfg, &pp);
  if (!an_password_hash(&pp, admin_password, admin->password_hash))
    return AN_EC_GENERIC_INTERNAL;
  return AN_EC_OK;
}

int an_tenant_insert_txn(const struct an_ctx *ctx, struct an_db *db, struct an_tenant *t,
                         struct an_user *admin, const char *lang, enum an_ec *ec)
{
  struct create c = {ctx, t, admin, AN_EC_OK, lang};
  int rc = create_txn(db, &c);
  *ec = c.ec;
  return rc;
}

enum an_ec an_tenant_create(const struct an_ctx *ctx, struct an_db *db,
                            const struct an_tenant_new *in, struct an_tenant *out,
                            struct an_user *admin, char *admin_password)
{
  char pw[25];
  enum an_ec ec = an_tenant_prepare(ctx, in, out, admin, pw);
  if (ec != AN_EC_OK)
    return ec;
  struct create c = {ctx, out, admin, AN_EC_OK, NULL};
  int rc = an_db_txn(db, create_txn, &c);
  if (c.ec != AN_EC_OK)
    return c.ec;
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  snprintf(admin_password, 25, "%s", pw);
  return AN_EC_OK;
}

json_t *an_tenant_json(const struct an_tenant *t)
{
  char created[40];
  an_time_format_utc(t->created_at, created, sizeof created);
  return json_pack("{s:I, s:s, s:s, s:s, s:s, s:{s:s, s:s}, s:s}", "id", (json_int_t)t->id,
                   "company_code", t->company_code, "name", t->name, "status", t->status,
                   "status_reason", t->status_reason, "responsible", "name", t->responsible_name,
                   "email", t->responsible_email, "created_at", created);
}

/* The responsible person hears of a suspension and its reason, and of the reinstatement (TOS-6,
 * TOS-21), by e-mail in the same transaction. */
static int notify_status(const struct an_ctx *ctx, struct an_db *db, int64_t id, bool active,
                         const char *reason)
{
  struct an_tenant t;
  int rc = an_store_tenant_by_id(db, id, &t);
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_HARD;
  char lang[AN_LANG_STRLEN];
  if ((rc = an_store_tenant_lang(db, id, lang)) < 0)
    return rc;
  json_t *v = json_pack("{s:s, s:s}", "company", t.name, "reason", reason ? reason : "");
  rc = v ? an_mail_notice_msg(ctx, db, id, t.responsible_email, t.responsible_name, lang,
                              active ? "tenant_reinstated" : "tenant_suspended", v)
         : AN_DB_HARD;
  json_decref(v);
  return rc;
}

struct status {
  const struct an_ctx *ctx;
  int64_t id;
  bool active;
  const char *reason;
  bool found;
};

static int status_txn(struct an_db *db, void *cls)
{
  struct status *s = cls;
  int rc = an_store_tenant_set_status(db, s->id, s->active ? "active" : "suspended",
                                      s->active ? "" : s->reason, s->ctx->now);
  s->found = rc == 1;
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  if (!s->active && (rc = an_store_session_revoke_tenant(db, s->id, s->ctx->now)) < 0)
    return rc;
  rc = an_audit_changed(s->ctx, db, s->active ? "tenant.reinstate" : "tenant.suspend", "tenant",
                        s->id, s->id, json_pack("{s:s}", "reason", s->reason ? s->reason : ""));
  if (rc < 0)
    return rc;
  return notify_status(s->ctx, db, s->id, s->active, s->reason);
}

enum an_ec an_tenant_set_active(const struct an_ctx *ctx, struct an_db *db, int64_t id, bool active,
                                const char *reason)
{
  if (reason && strlen(reason) >= sizeof((struct an_tenant *)0)->status_reason)
    return AN_EC_GENERIC_INVALID_FIELD;
  struct status s = {ctx, id, active, reason, false};
  int rc = an_db_txn(db, status_txn, &s);
  return an_audit_change_ec(rc, s.found);
}

struct sp_ctx {
  const struct an_ctx *ctx;
  int64_t idle;
  bool mfa;
  int64_t session_max; /* < 0: unchanged */
};

static int sp_txn(struct an_db *db, void *cls)
{
  struct sp_ctx *s = cls;
  int rc = an_store_tenant_set_session_policy(db, s->ctx->tenant_id, s->idle, s->mfa, s->ctx->now);
  if (rc > 0 && s->session_max >= 0)
    rc = an_store_tenant_set_session_max(db, s->ctx->tenant_id, s->session_max, s->ctx->now);
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  json_t *d =
      json_pack("{s:I, s:b}", "idle_timeout_minutes", (json_int_t)s->idle, "mfa_required", s->mfa);
  if (s->session_max >= 0)
    json_object_set_new(d, "session_max_minutes", json_integer(s->session_max));
  return an_audit_changed(s->ctx, db, "session_policy.update", "tenant", s->ctx->tenant_id, 0, d);
}

enum an_ec an_tenant_set_session_policy(const struct an_ctx *ctx, struct an_db *db,
                                        int64_t idle_minutes, bool mfa_required,
                                        int64_t session_max_minutes)
{
  if (ctx->tenant_id <= 0 || idle_minutes < ctx->cfg->tenant_idle_min ||
      idle_minutes > ctx->cfg->tenant_idle_max)
    return AN_EC_GENERIC_INVALID_FIELD;
  if (session_max_minutes > 0 && (session_max_minutes < AN_TENANT_SESSION_MAX_MIN ||
                                  session_max_minutes > AN_TENANT_SESSION_MAX_MAX))
    return AN_EC_GENERIC_INVALID_FIELD;
  struct sp_ctx s = {ctx, idle_minutes, mfa_required, session_max_minutes};
  /* A blind update of one row and an audit event: concurrent writers of the policy queue on the
   * row lock (READ COMMITTED) instead of failing each other (SERIALIZABLE). */
  return an_db_txn_mode(db, AN_DB_READ_COMMITTED, sp_txn, &s) < 0 ? AN_EC_GENERIC_INTERNAL
                                                                  : AN_EC_OK;
}

void an_tenant_append(void *cls, const struct an_tenant *t)
{
  json_array_append_new(cls, an_tenant_json(t));
}
