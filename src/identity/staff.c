#include "identity/staff.h"

#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "core/ascii.h"
#include "core/email.h"
#include "core/time.h"
#include "crypto/password.h"
#include "identity/policy.h"
#include "identity/pwlink.h"
#include "identity/roles.h"
#include "identity/tokens.h"
#include "store/lang.h"
#include "store/pwlinks.h"
#include "store/sessions.h"

bool an_staff_login_valid(const char *login)
{
  return an_ascii_word(login, 3, 64, "._-");
}

struct create {
  const struct an_ctx *ctx;
  struct an_staff *s;
  bool taken;
  const char *email;
  struct an_mail_outcome *mail;
};

/* A new account with an address gets a link to set its own password (issue 10). */
static int send_link(const struct create *c, struct an_db *db)
{
  if (!c->email || !c->email[0])
    return 1;
  int rc = an_store_staff_set_email(db, c->s->id, c->email);
  json_t *vars = json_pack("{s:s, s:s}", "name", c->s->display_name, "login", c->s->login);
  struct an_pwlink_issue in = {"staff", c->s->id, 0, c->email, "ja", "password_link", vars, false};
  if (rc >= 0)
    rc = an_pwlink_issue_txn(c->ctx, db, &in, c->mail);
  json_decref(vars);
  return rc;
}

static int create_txn(struct an_db *db, void *cls)
{
  struct create *c = cls;
  c->taken = false;
  int rc = an_store_staff_insert(db, c->s);
  if (rc < 0)
    return rc;
  if (rc == 0) {
    c->taken = true;
    return AN_DB_ROLLBACK;
  }
  rc = an_audit_changed(c->ctx, db, "staff.create", "staff", c->s->id, 0,
                        json_pack("{s:s, s:s, s:b}", "login", c->s->login, "roles", c->s->roles,
                                  "one_time_password", c->s->must_change_password));
  return rc < 0 ? rc : send_link(c, db);
}

enum an_ec an_staff_create(const struct an_ctx *ctx, struct an_db *db,
                           const struct an_staff_new *in, struct an_staff *out, char *out_password,
                           json_t **policy_errors)
{
  *policy_errors = NULL;
  /* A shop's staff hold the shop role alone, bound to one shop; the operator's never a shop. */
  if (!an_staff_login_valid(in->login) || in->roles == 0 || (in->roles & ~AN_ROLES_STAFF) ||
      ((in->roles & AN_ROLE_SHOP) ? (in->roles != AN_ROLE_SHOP || in->shop_id <= 0)
                                  : in->shop_id != 0) ||
      (in->display_name && strlen(in->display_name) >= sizeof out->display_name) ||
      (in->email && in->email[0] && !an_email_valid(in->email)))
    return AN_EC_GENERIC_INVALID_FIELD;
  char generated[25];
  const char *pw = in->password;
  if (!pw) {
    an_password_generate(generated, 20);
    pw = generated;
  } else if ((*policy_errors = an_policy_check(&an_policy_staff, in->login, pw))) {
    return AN_EC_AUTH_PASSWORD_POLICY;
  }
  memset(out, 0, sizeof *out);
  snprintf(out->login, sizeof out->login, "%s", in->login);
  snprintf(out->display_name, sizeof out->display_name, "%s",
           in->display_name && in->display_name[0] ? in->display_name : in->login);
  an_roles_format(in->roles, out->roles, sizeof out->roles);
  snprintf(out->status, sizeof out->status, "active");
  out->shop_id = in->shop_id;
  out->must_change_password = in->password == NULL;
  out->created_at = out->updated_at = out->password_changed_at = ctx->now;
  struct an_pwparams pp;
  an_password_params(ctx->cfg, &pp);
  if (!an_password_hash(&pp, pw, out->password_hash))
    return AN_EC_GENERIC_INTERNAL;
  struct an_mail_outcome none;
  struct create c = {ctx, out, false, in->email, in->mail ? in->mail : &none};
  int rc = an_db_txn(db, create_txn, &c);
  if (c.taken)
    return AN_EC_STAFF_LOGIN_TAKEN;
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  if (out_password && !in->password)
    snprintf(out_password, 25, "%s", generated);
  return AN_EC_OK;
}

struct status_change {
  const struct an_ctx *ctx;
  const char *login;
  bool active;
  bool found;
  bool last_admin;
};

/* Whether removing s (suspending or deleting it) would leave no active operator admin (MARK-7-1-1:
 * leavers are removed, but someone must remain who can manage accounts). Returns 1, 0, or an
 * error. */
static int is_last_admin(struct an_db *db, const struct an_staff *s)
{
  unsigned bits = 0;
  if (!an_roles_parse(s->roles, &bits) || !(bits & AN_ROLE_ADMIN) || strcmp(s->status, "active"))
    return 0;
  int64_t others = 0;
  int rc = an_store_staff_count_other_admins(db, s->id, &others);
  return rc < 0 ? rc : others == 0;
}

static int status_txn(struct an_db *db, void *cls)
{
  struct status_change *c = cls;
  struct an_staff s;
  int rc = an_store_staff_by_login(db, c->login, &s);
  c->last_admin = false;
  if (rc > 0 && !c->active) {
    int last = is_last_admin(db, &s);
    if (last != 0) {
      c->last_admin = c->found = last > 0;
      return last < 0 ? last : AN_DB_ROLLBACK;
    }
  }
  if (rc > 0)
    rc = an_store_staff_set_status(db, s.id, c->active ? "active" : "suspended", c->ctx->now);
  c->found = rc == 1;
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  if (!c->active &&
      ((rc = an_store_session_revoke_subject(db, "staff", s.id, 0, c->ctx->now)) < 0 ||
       (rc = an_api_token_revoke_creator(c->ctx, db, "staff", s.id, "creator_suspended")) < 0))
    return rc;
  return an_audit_changed(c->ctx, db, c->active ? "staff.reinstate" : "staff.suspend", "staff",
                          s.id, 0, json_pack("{s:s}", "login", s.login));
}

/* The answer of a suspension or a removal: refused when it would leave no active administrator. */
static enum an_ec answer(int rc, bool found, bool last_admin)
{
  if (last_admin && (rc >= 0 || rc == AN_DB_ROLLBACK))
    return AN_EC_STAFF_LAST_ADMIN;
  return an_audit_change_ec(rc, found);
}

enum an_ec an_staff_set_active(const struct an_ctx *ctx, struct an_db *db, const char *login,
                               bool active)
{
  struct status_change c = {ctx, login, active, false, false};
  int rc = an_db_txn(db, status_txn, &c);
  return answer(rc, c.found, c.last_admin);
}

json_t *an_staff_json(const struct an_staff *s)
{
  char created[40];
  an_time_format_utc(s->created_at, created, sizeof created);
  json_t *roles = an_roles_json(s->roles);
  json_t *o =
      json_pack("{s:I, s:s, s:s, s:o, s:s, s:b, s:s}", "id", (json_int_t)s->id, "login", s->login,
                "display_name", s->display_name, "roles", roles, "status", s->status,
                "password_change_required", s->must_change_password, "created_at", created);
  if (s->shop_id)
    json_object_set_new(o, "shop_id", json_integer(s->shop_id));
  json_object_set_new(o, "last_login_at", an_time_json_or_null(s->last_login_at));
  return o;
}

struct removal {
  const struct an_ctx *ctx;
  int64_t id;
  bool found;
  bool last_admin;
};

static int delete_txn(struct an_db *db, void *cls)
{
  struct removal *c = cls;
  struct an_staff s;
  int rc = an_store_staff_by_id(db, c->id, &s);
  c->found = rc == 1;
  c->last_admin = false;
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  if ((rc = is_last_admin(db, &s)) != 0) {
    c->last_admin = rc > 0;
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  }
  if ((rc = an_store_session_revoke_subject(db, "staff", s.id, 0, c->ctx->now)) < 0 ||
      (rc = an_api_token_revoke_creator(c->ctx, db, "staff", s.id, "creator_deleted")) < 0 ||
      (rc = an_store_staff_delete(db, s.id)) < 0)
    return rc;
  return an_audit_changed(c->ctx, db, "staff.delete", "staff", s.id, 0,
                          json_pack("{s:s, s:s}", "login", s.login, "roles", s.roles));
}

enum an_ec an_staff_delete(const struct an_ctx *ctx, struct an_db *db, int64_t id)
{
  struct removal c = {ctx, id, false, false};
  int rc = an_db_txn(db, delete_txn, &c);
  return answer(rc, c.found, c.last_admin);
}

void an_staff_append(void *cls, const struct an_staff *s)
{
  json_array_append_new(cls, an_staff_json(s));
}
