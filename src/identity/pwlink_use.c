#include "identity/pwlink_use.h"

#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "audit/audited.h"
#include "crypto/password.h"
#include "crypto/token.h"
#include "identity/login_gate.h"
#include "identity/policy.h"
#include "identity/principal.h"
#include "identity/pwlink.h"
#include "identity/tenant_policy.h"
#include "store/pwlinks.h"
#include "store/sessions.h"
#include "store/staff.h"
#include "store/users.h"

static void hash_hex(const char *token, char out[2 * AN_HASH_LEN + 1])
{
  uint8_t h[AN_HASH_LEN];
  an_token_hash(token, h);
  an_hex_encode(h, sizeof h, out);
}

/* The link of a token and its account. Returns AN_EC_OK, _INVALID or _EXPIRED (audited). */
static enum an_ec find_link(const struct an_ctx *ctx, struct an_db *db, const char *token,
                            struct an_pwlink *l, struct an_principal *who)
{
  if (!token || strlen(token) != AN_TOKEN_STR - 1)
    return AN_EC_PASSWORD_LINK_INVALID;
  char hash[2 * AN_HASH_LEN + 1];
  hash_hex(token, hash);
  int rc = an_store_pwlink_by_hash(db, hash, l);
  if (rc <= 0)
    return rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_PASSWORD_LINK_INVALID;
  if (l->used_at || l->revoked_at)
    return AN_EC_PASSWORD_LINK_INVALID;
  struct an_session s = {.subject_id = l->subject_id, .tenant_id = l->tenant_id};
  snprintf(s.subject_kind, sizeof s.subject_kind, "%s", l->subject_kind);
  rc = an_principal_load(db, &s, who);
  if (rc <= 0)
    return rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_PASSWORD_LINK_INVALID;
  return l->expires_at <= ctx->now ? AN_EC_PASSWORD_LINK_EXPIRED : AN_EC_OK;
}

static void audit_expired(const struct an_ctx *ctx, struct an_db *db, const struct an_pwlink *l)
{
  const struct an_audited_note n = {"password_link.expired", "failure", l->subject_kind, NULL,
                                    l->tenant_id};
  an_audited_record(ctx, db, &n, l->subject_id, json_pack("{s:I}", "link_id", (json_int_t)l->id));
}

json_t *an_password_rules_json(struct an_db *db, struct an_principal *who)
{
  if (who->kind == AN_SUBJECT_STAFF)
    return json_pack("{s:s, s:i, s:i, s:[], s:i, s:b, s:b}", "scope", "staff", "min_length",
                     an_policy_staff.min_length, "min_classes", an_policy_staff.min_classes,
                     "require", "history", 0, "reject_login", an_policy_staff.reject_login,
                     "reject_common", false);
  if (an_tenant_policy_load(db, who->tenant.id, &who->policy) < 0)
    an_tenant_policy_defaults(&who->policy);
  const struct an_tenant_policy *p = &who->policy;
  json_t *req = json_array();
  if (p->require_upper)
    json_array_append_new(req, json_string("upper"));
  if (p->require_lower)
    json_array_append_new(req, json_string("lower"));
  if (p->require_digit)
    json_array_append_new(req, json_string("digit"));
  if (p->require_symbol)
    json_array_append_new(req, json_string("symbol"));
  return json_pack("{s:s, s:I, s:i, s:o, s:I, s:b, s:b}", "scope", "tenant", "min_length",
                   (json_int_t)p->min_length, "min_classes", 0, "require", req, "history",
                   (json_int_t)p->history, "reject_login", true, "reject_common", true);
}

enum an_ec an_pwlink_rules(const struct an_ctx *ctx, struct an_db *db, const char *token,
                           json_t **rules)
{
  struct an_pwlink l;
  struct an_principal who;
  enum an_ec ec = find_link(ctx, db, token, &l, &who);
  if (ec == AN_EC_OK)
    *rules = an_password_rules_json(db, &who);
  return ec;
}

struct use {
  const struct an_ctx *ctx;
  const struct an_pwlink *l;
  const char *hash;
  bool lost;
};

static int use_txn(struct an_db *db, void *cls)
{
  struct use *u = cls;
  const struct an_pwlink *l = u->l;
  bool staff = strcmp(l->subject_kind, "staff") == 0;
  int rc = an_store_pwlink_use(db, l->id, u->ctx->now);
  u->lost = rc == 0;
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  rc = staff ? an_store_staff_set_password(db, l->subject_id, u->hash, false, u->ctx->now)
             : an_store_user_set_password(db, l->tenant_id, l->subject_id, u->hash, false,
                                          u->ctx->now);
  if (rc >= 0)
    rc = an_store_session_revoke_subject(db, l->subject_kind, l->subject_id, 0, u->ctx->now);
  if (rc < 0)
    return rc;
  json_t *d = json_pack("{s:I}", "link_id", (json_int_t)l->id);
  rc = an_pwlink_audit(u->ctx, db, "password_link.use", l->subject_kind, l->subject_id,
                       l->tenant_id, "success", d);
  json_decref(d);
  return rc;
}

static json_t *policy_errors(struct an_db *db, struct an_principal *who, const char *pw)
{
  if (who->kind == AN_SUBJECT_STAFF)
    return an_policy_check(&an_policy_staff, who->staff.login, pw);
  if (an_tenant_policy_load(db, who->tenant.id, &who->policy) < 0)
    an_tenant_policy_defaults(&who->policy);
  return an_tenant_policy_check(&who->policy, who->user.login, who->tenant.company_code, pw);
}

enum an_ec an_pwlink_use(const struct an_ctx *ctx, struct an_db *db, const char *token,
                         const char *password, json_t **policy_errors_out, json_t **who_out)
{
  *policy_errors_out = NULL;
  *who_out = NULL;
  struct an_pwlink l;
  struct an_principal who;
  enum an_ec ec = find_link(ctx, db, token, &l, &who);
  if (ec == AN_EC_PASSWORD_LINK_EXPIRED)
    audit_expired(ctx, db, &l);
  if (ec != AN_EC_OK)
    return ec;
  json_t *errs = policy_errors(db, &who, password);
  if (errs) {
    *policy_errors_out = errs;
    return AN_EC_AUTH_PASSWORD_POLICY;
  }
  char hash[AN_PASSWORD_HASH_MAX];
  if (!an_login_gate_hash(ctx->cfg, password, hash))
    return AN_EC_GENERIC_INTERNAL;
  struct an_ctx actx = *ctx;
  actx.tenant_id = l.tenant_id;
  struct use u = {&actx, &l, hash, false};
  int rc = an_db_txn(db, use_txn, &u);
  if (u.lost)
    return AN_EC_PASSWORD_LINK_INVALID;
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  bool staff = who.kind == AN_SUBJECT_STAFF;
  *who_out =
      json_pack("{s:s, s:s}", "kind", staff ? "staff" : "user", "login", an_principal_login(&who));
  if (!staff)
    json_object_set_new(*who_out, "company_code", json_string(who.tenant.company_code));
  return AN_EC_OK;
}
