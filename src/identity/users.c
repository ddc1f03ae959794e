#include "identity/users.h"

#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "core/email.h"
#include "core/time.h"
#include "crypto/password.h"
#include "identity/pwlink.h"
#include "identity/roles.h"
#include "identity/staff.h"
#include "identity/tokens.h"
#include "identity/usage.h"
#include "notify/mail.h"
#include "store/lang.h"
#include "store/sessions.h"

int an_user_insert_audited(const struct an_ctx *ctx, struct an_db *db, struct an_user *u)
{
  int rc = an_store_user_insert(db, u);
  if (rc <= 0)
    return rc;
  rc = an_audit_changed(ctx, db, "user.create", "user", u->id, u->tenant_id,
                        json_pack("{s:s, s:s}", "login", u->login, "roles", u->roles));
  return rc < 0 ? rc : 1;
}

int an_user_invite(const struct an_ctx *ctx, struct an_db *db, const struct an_tenant *t,
                   const struct an_user *u, bool first_admin)
{
  char url[300];
  if (ctx->cfg->public_url && ctx->cfg->public_url[0])
    snprintf(url, sizeof url, "%s", ctx->cfg->public_url);
  else
    snprintf(url, sizeof url, "http://%s/", ctx->cfg->listen);
  json_t *vars =
      json_pack("{s:s, s:s, s:s, s:s, s:s}", "company", t->name, "login_url", url, "company_code",
                t->company_code, "login", u->login, "name", u->display_name);
  char lang[AN_LANG_STRLEN]; /* a new user reads the tenant's language until they choose */
  int rc = an_store_tenant_lang(db, t->id, lang);
  if (rc >= 0 && u->id)
    rc = an_store_user_set_lang(db, t->id, u->id, lang);
  /* The mail carries a single-use link to set the password, never a password (issue 10). */
  struct an_pwlink_issue in = {"user",   u->id, t->id,
                               u->email, lang,  first_admin ? "welcome_admin" : "invitation",
                               vars,     false};
  if (rc >= 0)
    rc = an_pwlink_issue_txn(ctx, db, &in, NULL);
  json_decref(vars);
  /* An address the mailer refuses (logged there) does not undo the account: the admin can
   * re-issue a link once the address is right. */
  return rc < 0 ? rc : 1;
}

struct create {
  const struct an_ctx *ctx;
  struct an_user *u;
  bool taken;
  bool over_limit; /* the plan's user limit is reached (WP-15) */
};

static int create_txn(struct an_db *db, void *cls)
{
  struct create *c = cls;
  int64_t limit;
  int rc = an_usage_user_admit(c->ctx, db, c->u->tenant_id, &limit);
  c->over_limit = rc == AN_DB_ROLLBACK;
  if (rc < 0)
    return rc;
  rc = an_user_insert_audited(c->ctx, db, c->u);
  c->taken = rc == 0;
  if (rc <= 0)
    return rc == 0 ? AN_DB_ROLLBACK : rc;
  struct an_tenant t;
  rc = an_store_tenant_by_id(db, c->u->tenant_id, &t);
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_HARD;
  return an_user_invite(c->ctx, db, &t, c->u, false);
}

/* Fills a new user row with a generated one-time password (hashed into u). */
static bool prepare(const struct an_ctx *ctx, struct an_user *u, char *password)
{
  struct an_pwparams pp;
  an_password_generate(password, 20);
  an_password_params(ctx->cfg, &pp);
  u->must_change_password = true;
  snprintf(u->status, sizeof u->status, "active");
  u->created_at = u->updated_at = u->password_changed_at = ctx->now;
  return an_password_hash(&pp, password, u->password_hash);
}

enum an_ec an_user_create(const struct an_ctx *ctx, struct an_db *db, const struct an_user_new *in,
                          struct an_user *out, char *password)
{
  unsigned roles = in->roles ? in->roles : AN_ROLE_MEMBER;
  if (ctx->tenant_id <= 0 || !an_staff_login_valid(in->login) || (roles & ~AN_ROLES_TENANT) ||
      (in->display_name && strlen(in->display_name) >= sizeof out->display_name) || !in->email ||
      !an_email_valid(in->email))
    return AN_EC_GENERIC_INVALID_FIELD;
  memset(out, 0, sizeof *out);
  out->tenant_id = ctx->tenant_id; /* always the caller's tenant, never one from the input */
  snprintf(out->login, sizeof out->login, "%s", in->login);
  snprintf(out->display_name, sizeof out->display_name, "%s",
           in->display_name && in->display_name[0] ? in->display_name : in->login);
  snprintf(out->email, sizeof out->email, "%s", in->email);
  an_roles_format(roles, out->roles, sizeof out->roles);
  char pw[25];
  if (!prepare(ctx, out, pw))
    return AN_EC_GENERIC_INTERNAL;
  struct create c = {ctx, out, false, false};
  int rc = an_db_txn(db, create_txn, &c);
  if (c.over_limit)
    return AN_EC_USAGE_USER_LIMIT_REACHED;
  if (c.taken)
    return AN_EC_USER_LOGIN_TAKEN;
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  snprintf(password, 25, "%s", pw);
  return AN_EC_OK;
}

struct change {
  const struct an_ctx *ctx;
  int64_t id;
  const char *status; /* for a status change */
  const char *hash;   /* for a password reset */
  bool found;
  bool over_limit; /* reinstating past the plan's user limit (WP-15) */
};

static int audit_user(const struct an_ctx *ctx, struct an_db *db, int64_t id, const char *action)
{
  return an_audit_changed(ctx, db, action, "user", id, 0, NULL);
}

/* Reinstating a suspended user makes one more active user: the plan's limit applies. */
static int admit_reinstated(struct change *c, struct an_db *db)
{
  struct an_user u;
  int64_t limit;
  int rc = an_store_user_by_id(db, c->ctx->tenant_id, c->id, &u);
  if (rc <= 0 || strcmp(u.status, "active") == 0)
    return rc < 0 ? rc : 0; /* not found is answered by the update; active stays active */
  rc = an_usage_user_admit(c->ctx, db, c->ctx->tenant_id, &limit);
  c->over_limit = rc == AN_DB_ROLLBACK;
  return rc;
}

static int status_txn(struct an_db *db, void *cls)
{
  struct change *c = cls;
  int rc = strcmp(c->status, "active") == 0 ? admit_reinstated(c, db) : 0;
  if (rc < 0)
    return rc;
  rc = an_store_user_set_status(db, c->ctx->tenant_id, c->id, c->status, c->ctx->now);
  c->found = rc == 1;
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  bool suspend = strcmp(c->status, "suspended") == 0;
  /* Suspension ends the user's sessions and the API tokens it created (H1); reinstating brings
   * neither back. */
  if (suspend &&
      ((rc = an_store_session_revoke_subject(db, "user", c->id, 0, c->ctx->now)) < 0 ||
       (rc = an_api_token_revoke_creator(c->ctx, db, "user", c->id, "creator_suspended")) < 0))
    return rc;
  return audit_user(c->ctx, db, c->id, suspend ? "user.suspend" : "user.reinstate");
}

enum an_ec an_user_set_active(const struct an_ctx *ctx, struct an_db *db, int64_t id, bool active)
{
  if (!active && ctx->subject == AN_SUBJECT_USER && id == ctx->subject_id)
    return AN_EC_GENERIC_CONFLICT;
  struct change c = {ctx, id, active ? "active" : "suspended", NULL, false, false};
  int rc = an_db_txn(db, status_txn, &c);
  if (c.over_limit)
    return AN_EC_USAGE_USER_LIMIT_REACHED;
  return an_audit_change_ec(rc, c.found);
}

static int reset_txn(struct an_db *db, void *cls)
{
  struct change *c = cls;
  int rc = an_store_user_set_password(db, c->ctx->tenant_id, c->id, c->hash, true, c->ctx->now);
  c->found = rc == 1;
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  if ((rc = an_store_session_revoke_subject(db, "user", c->id, 0, c->ctx->now)) < 0)
    return rc;
  return audit_user(c->ctx, db, c->id, "user.password_reset");
}

enum an_ec an_user_force_reset(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                               char *password)
{
  char pw[25], hash[AN_PASSWORD_HASH_MAX];
  struct an_pwparams pp;
  an_password_generate(pw, 20);
  an_password_params(ctx->cfg, &pp);
  if (!an_password_hash(&pp, pw, hash))
    return AN_EC_GENERIC_INTERNAL;
  struct change c = {ctx, id, NULL, hash, false, false};
  int rc = an_db_txn(db, reset_txn, &c);
  if (rc < 0 && rc != AN_DB_ROLLBACK)
    return AN_EC_GENERIC_INTERNAL;
  if (!c.found)
    return AN_EC_GENERIC_NOT_FOUND;
  snprintf(password, 25, "%s", pw);
  return AN_EC_OK;
}

static int delete_txn(struct an_db *db, void *cls)
{
  struct change *c = cls;
  struct an_user u;
  int rc = an_store_user_by_id(db, c->ctx->tenant_id, c->id, &u);
  c->found = rc == 1;
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  if ((rc = an_store_session_revoke_subject(db, "user", c->id, 0, c->ctx->now)) < 0 ||
      (rc = an_api_token_revoke_creator(c->ctx, db, "user", c->id, "creator_deleted")) < 0 ||
      (rc = an_store_user_delete(db, c->ctx->tenant_id, c->id)) < 0)
    return rc;
  return an_audit_changed(c->ctx, db, "user.delete", "user", c->id, 0,
                          json_pack("{s:s}", "login", u.login));
}

enum an_ec an_user_delete(const struct an_ctx *ctx, struct an_db *db, int64_t id)
{
  if (ctx->subject == AN_SUBJECT_USER && id == ctx->subject_id)
    return AN_EC_GENERIC_CONFLICT;
  struct change c = {ctx, id, NULL, NULL, false, false};
  int rc = an_db_txn(db, delete_txn, &c);
  return an_audit_change_ec(rc, c.found);
}

json_t *an_user_json(const struct an_user *u)
{
  char created[40];
  an_time_format_utc(u->created_at, created, sizeof created);
  json_t *roles = an_roles_json(u->roles);
  json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:b, s:s}", "id", (json_int_t)u->id,
                        "login", u->login, "display_name", u->display_name, "email", u->email,
                        "roles", roles, "status", u->status, "password_change_required",
                        u->must_change_password, "created_at", created);
  json_object_set_new(o, "last_login_at", an_time_json_or_null(u->last_login_at));
  return o;
}

struct edit {
  const struct an_ctx *ctx;
  const struct an_user *u;
  json_t *changes;
};

static int edit_txn(struct an_db *db, void *cls)
{
  struct edit *e = cls;
  const struct an_user *u = e->u;
  int rc =
      an_store_user_set_profile(db, u->tenant_id, u->id, u->display_name, u->email, e->ctx->now);
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  return an_audit_changed(e->ctx, db, "user.update", "user", u->id, u->tenant_id,
                          json_pack("{s:O}", "changes", e->changes));
}

static void diff(json_t *changes, const char *field, const char *from, const char *to)
{
  if (strcmp(from, to))
    json_object_set_new(changes, field, json_pack("{s:s, s:s}", "from", from, "to", to));
}

enum an_ec an_user_update(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                          const char *display_name, const char *email, struct an_user *out)
{
  int rc = ctx->tenant_id > 0 ? an_store_user_by_id(db, ctx->tenant_id, id, out) : 0;
  if (rc <= 0)
    return an_ec_of_read(rc);
  if ((display_name && strlen(display_name) >= sizeof out->display_name) ||
      (email && !an_email_valid(email)))
    return AN_EC_GENERIC_INVALID_FIELD;
  struct an_user next = *out;
  if (display_name)
    snprintf(next.display_name, sizeof next.display_name, "%s",
             display_name[0] ? display_name : out->login);
  if (email)
    snprintf(next.email, sizeof next.email, "%s", email);
  struct edit e = {ctx, &next, json_object()};
  diff(e.changes, "display_name", out->display_name, next.display_name);
  diff(e.changes, "email", out->email, next.email);
  rc = json_object_size(e.changes) ? an_db_txn(db, edit_txn, &e) : 1;
  json_decref(e.changes);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  *out = next;
  return AN_EC_OK;
}

void an_user_append(void *cls, const struct an_user *u)
{
  json_array_append_new(cls, an_user_json(u));
}
