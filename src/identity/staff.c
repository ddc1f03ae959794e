#include "identity/staff.h"

#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "core/time.h"
#include "crypto/password.h"
#include "identity/policy.h"
#include "identity/roles.h"
#include "identity/tokens.h"
#include "store/sessions.h"

bool an_staff_login_valid(const char *login)
{
  size_t n = login ? strlen(login) : 0;
  if (n < 3 || n > 64)
    return false;
  for (size_t i = 0; i < n; i++) {
    char c = login[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
          c == '_' || c == '-'))
      return false;
  }
  return true;
}

struct create {
  const struct an_ctx *ctx;
  struct an_staff *s;
  bool taken;
};

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
  char target[40];
  snprintf(target, sizeof target, "staff:%lld", (long long)c->s->id);
  json_t *d = json_pack("{s:s, s:s, s:b}", "login", c->s->login, "roles", c->s->roles,
                        "one_time_password", c->s->must_change_password);
  struct an_audit_rec rec = {
      .action = "staff.create", .target = target, .outcome = "success", .details = d};
  rc = an_audit_append(c->ctx, db, &rec);
  json_decref(d);
  return rc;
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
      (in->display_name && strlen(in->display_name) >= sizeof out->display_name))
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
  struct create c = {ctx, out, false};
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
};

static int status_txn(struct an_db *db, void *cls)
{
  struct status_change *c = cls;
  struct an_staff s;
  int rc = an_store_staff_by_login(db, c->login, &s);
  if (rc > 0)
    rc = an_store_staff_set_status(db, s.id, c->active ? "active" : "suspended", c->ctx->now);
  c->found = rc == 1;
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  if (!c->active &&
      ((rc = an_store_session_revoke_subject(db, "staff", s.id, 0, c->ctx->now)) < 0 ||
       (rc = an_api_token_revoke_creator(c->ctx, db, "staff", s.id, "creator_suspended")) < 0))
    return rc;
  char target[40];
  snprintf(target, sizeof target, "staff:%lld", (long long)s.id);
  json_t *d = json_pack("{s:s}", "login", s.login);
  struct an_audit_rec rec = {.action = c->active ? "staff.reinstate" : "staff.suspend",
                             .target = target,
                             .outcome = "success",
                             .details = d};
  rc = an_audit_append(c->ctx, db, &rec);
  json_decref(d);
  return rc;
}

enum an_ec an_staff_set_active(const struct an_ctx *ctx, struct an_db *db, const char *login,
                               bool active)
{
  struct status_change c = {ctx, login, active, false};
  int rc = an_db_txn(db, status_txn, &c);
  if (rc < 0 && rc != AN_DB_ROLLBACK)
    return AN_EC_GENERIC_INTERNAL;
  return c.found ? AN_EC_OK : AN_EC_GENERIC_NOT_FOUND;
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
  if (s->last_login_at) {
    char last[40];
    an_time_format_utc(s->last_login_at, last, sizeof last);
    json_object_set_new(o, "last_login_at", json_string(last));
  } else {
    json_object_set_new(o, "last_login_at", json_null());
  }
  return o;
}
