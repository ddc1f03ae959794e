#include "identity/auth.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/alloc.h"
#include "core/ascii.h"
#include "core/config.h"
#include "core/log.h"
#include "core/messages.h"
#include "core/utf8.h"
#include "crypto/password.h"
#include "identity/allowlist.h"
#include "identity/basic_gate.h"
#include "identity/client_certs.h"
#include "identity/lockout.h"
#include "identity/login_gate.h"
#include "identity/mfa.h"
#include "identity/policy.h"
#include "identity/roles.h"
#include "identity/session_rules.h"
#include "identity/staff_networks.h"
#include "identity/tenant_policy.h"

/* Verifying against this when the login does not exist (or is locked) keeps the timing of every
 * refusal equal to that of a wrong password. */
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

static const char *kind_name(const struct an_principal *p)
{
  return p->kind == AN_SUBJECT_STAFF ? "staff" : "user";
}

/* The audit target "staff:3" / "user:5" of p, allocated (the caller frees it). */
static char *target_of(const struct an_principal *p)
{
  return an_audit_target(kind_name(p), an_principal_id(p));
}

struct fail_ctx {
  const struct an_ctx *ctx;
  const struct an_principal *who; /* NULL when the login does not exist */
  const char *company_code;
  const char *login;
  const char *reason;
  const struct an_lockout *lock; /* the attempt's reservation, NULL when none was made */
};

static int fail_txn(struct an_db *db, void *cls)
{
  struct fail_ctx *f = cls;
  int rc = f->lock ? an_lockout_failed(f->ctx, db, f->who, f->lock, "password") : 1;
  if (rc < 0)
    return rc;
  char *target = f->who ? target_of(f->who) : NULL; /* none: "" */
  json_t *d = json_pack("{s:s, s:s, s:s}", "login", f->login, "company_code",
                        f->company_code ? f->company_code : "", "reason", f->reason);
  struct an_audit_rec rec = {.action = "auth.login",
                             .target = target,
                             .outcome = "failure",
                             .details = d,
                             .actor_label = f->login,
                             .tenant_id =
                                 f->who && f->who->kind == AN_SUBJECT_USER ? f->who->tenant.id : 0};
  rc = an_audit_append(f->ctx, db, &rec);
  json_decref(d);
  free(target);
  return rc;
}

struct ok_ctx {
  const struct an_ctx *ctx;
  struct an_login_result *out;
  const char *new_hash; /* re-hash with current parameters, or NULL */
  bool expired;
  bool send_code; /* the second factor is a code sent by e-mail */
  const struct an_lockout *lock;
};

/* Clears the failure count and records the login: only once every factor is right. */
static int login_done(struct an_db *db, const struct an_ctx *ctx, const struct an_principal *p)
{
  return p->kind == AN_SUBJECT_STAFF
             ? an_store_staff_login_succeeded(db, p->staff.id, ctx->now)
             : an_store_user_login_succeeded(db, p->user.tenant_id, p->user.id, ctx->now);
}

/* A right password whose second factor is still to come keeps its attempt counted (the code
 * clears it), so logging in again cannot reset the count of wrong codes. */
static int record_success(struct an_db *db, const struct an_ctx *ctx, const struct an_principal *p,
                          const char *new_hash, bool expired, bool mfa_pending)
{
  int rc = mfa_pending ? 1 : login_done(db, ctx, p);
  if (rc < 0)
    return rc;
  if (p->kind == AN_SUBJECT_STAFF) {
    if (rc >= 0 && new_hash)
      rc = an_store_staff_rehash(db, p->staff.id, new_hash, ctx->now);
    if (rc >= 0 && expired)
      rc = an_store_staff_require_change(db, p->staff.id, ctx->now);
    return rc;
  }
  if (new_hash)
    rc = an_store_user_set_password(db, p->user.tenant_id, p->user.id, new_hash,
                                    p->user.must_change_password, p->user.password_changed_at);
  if (rc >= 0 && expired)
    rc = an_store_user_require_change(db, p->user.tenant_id, p->user.id, ctx->now);
  return rc;
}

/* Operator staff are privileged accounts: their passwords last 30 days (SLA-18). */
#define STAFF_MAX_AGE_DAYS 30

/* True when the password is older than the policy allows: the login succeeds, and the person
 * must choose a new password before anything else (WP-9). */
static bool password_expired(const struct an_ctx *ctx, const struct an_principal *p)
{
  int64_t days = STAFF_MAX_AGE_DAYS, changed = p->staff.password_changed_at;
  if (p->kind == AN_SUBJECT_USER) {
    unsigned roles = 0;
    an_roles_parse(p->user.roles, &roles);
    days =
        roles & AN_ROLE_TENANT_ADMIN ? p->policy.max_age_days_admin : p->policy.max_age_days_user;
    changed = p->user.password_changed_at;
  }
  return days > 0 && ctx->now - changed > days * 86400LL * 1000000LL;
}

static int ok_txn(struct an_db *db, void *cls)
{
  struct ok_ctx *o = cls;
  const struct an_principal *p = &o->out->who;
  bool pending = o->out->session.mfa_pending;
  int rc = record_success(db, o->ctx, p, o->new_hash, o->expired, pending);
  if (rc >= 0 && pending) /* the attempt that locks is the one whose code never came */
    rc = an_lockout_failed(o->ctx, db, p, o->lock, "password");
  if (rc >= 0)
    rc = an_store_session_insert(db, &o->out->session);
  if (rc >= 0 && o->send_code)
    rc = an_mfa_email_send(o->ctx, db, p, NULL);
  if (rc < 0)
    return rc;
  return an_principal_audit(o->ctx, db, p, "auth.login", "success",
                            json_pack("{s:s, s:I}", "login", an_principal_login(p), "session_id",
                                      (json_int_t)o->out->session.id));
}

/* The client's User-Agent as stored text: UTF-8 (else its bytes as %XX), cut on a character
 * boundary to fit, so neither PostgreSQL nor the JSON of /me/sessions meets a broken one. */
static void copy_user_agent(char *dst, size_t cap, const char *ua)
{
  ua = ua ? ua : "";
  size_t len = strlen(ua);
  char *text = an_utf8_valid(ua, len) ? an_strdup(ua) : an_utf8_escape(ua, len);
  size_t n = an_utf8_fit_bytes(text, cap - 1);
  memcpy(dst, text, n);
  dst[n] = '\0';
  free(text);
}

static void new_session(const struct an_ctx *ctx, const struct an_principal *p, const char *ua,
                        struct an_login_result *out)
{
  struct an_session *ss = &out->session;
  memset(ss, 0, sizeof *ss);
  an_token_new(out->token);
  an_token_hash(out->token, ss->token_hash);
  snprintf(ss->subject_kind, sizeof ss->subject_kind, "%s", kind_name(p));
  ss->subject_id = an_principal_id(p);
  ss->tenant_id = p->kind == AN_SUBJECT_USER ? p->tenant.id : 0;
  an_token_new(ss->csrf_token);
  snprintf(ss->client_ip, sizeof ss->client_ip, "%s", ctx->client_ip);
  copy_user_agent(ss->user_agent, sizeof ss->user_agent, ua);
  ss->created_at = ss->last_seen_at = ctx->now;
  ss->expires_at = an_session_end_at(ctx->cfg, p, ctx->now, ctx->now);
}

/* Finds the account. Returns 1 found, 0 not found, < 0 error. */
static int find(struct an_db *db, const char *company, const char *login, struct an_principal *p)
{
  memset(p, 0, sizeof *p);
  if (!company || !company[0]) {
    p->kind = AN_SUBJECT_STAFF;
    return an_store_staff_by_login(db, login, &p->staff);
  }
  p->kind = AN_SUBJECT_USER;
  char code[33];
  snprintf(code, sizeof code, "%s", company);
  an_ascii_upper(code);
  int rc = an_store_tenant_by_code(db, code, &p->tenant);
  if (rc <= 0)
    return rc;
  rc = an_tenant_policy_load(db, p->tenant.id, &p->policy);
  if (rc < 0)
    return rc;
  return an_store_user_by_login(db, p->tenant.id, login, &p->user);
}

static enum an_ec refuse(const struct an_ctx *ctx, struct an_db *db, const struct an_principal *p,
                         const char *company, const char *login, const char *reason,
                         const struct an_lockout *lock)
{
  struct fail_ctx f = {ctx, p, company, login, reason, lock};
  if (an_db_txn(db, fail_txn, &f) < 0)
    return AN_EC_GENERIC_INTERNAL;
  return AN_EC_AUTH_BAD_CREDENTIALS;
}

/* The tenant's allowlist and Basic gate (CHK-10), checked only after the password was right:
 * without it, a company code with a gate answers like one that does not exist (no enumeration).
 * Returns AN_EC_OK or the refusal (audited). */
static enum an_ec gates(const struct an_ctx *ctx, struct an_db *db, const struct an_principal *p,
                        const char *login)
{
  if (p->kind != AN_SUBJECT_USER) {
    /* Operator staff only from the operator's networks (CHK-9). */
    if (an_staff_networks_permit(ctx, &p->staff, ctx->client_ip))
      return AN_EC_OK;
    an_staff_networks_audit_denied(ctx, db, &p->staff);
    return AN_EC_AUTH_IP_DENIED;
  }
  if (!an_allowlist_permits(&p->tenant, ctx->client_ip)) {
    an_allowlist_audit_denied(ctx, db, &p->tenant, login);
    return AN_EC_AUTH_IP_DENIED;
  }
  if (!an_basic_gate_permits(ctx, &p->tenant, ctx->basic_user, ctx->basic_password)) {
    an_basic_gate_audit_denied(ctx, db, &p->tenant, login);
    return AN_EC_BASIC_AUTH_REQUIRED;
  }
  /* The tenant's client certificate, when it requires one (SLA-22). */
  return an_client_cert_gate(ctx, db, &p->tenant, login);
}

enum an_ec an_auth_login(const struct an_ctx *ctx, struct an_db *db, const char *company_code,
                         const char *login, const char *password, const char *user_agent,
                         struct an_login_result *out)
{
  memset(out, 0, sizeof *out);
  struct an_principal *p = &out->who;
  int rc = find(db, company_code, login, p);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  /* A check runs only if an attempt could be reserved (lockout, SLA-21); a locked account, an
   * unknown login and a wrong password answer alike, in the same time. */
  struct an_lockout lock = {0};
  int allowed = rc == 1 ? an_lockout_reserve(ctx, db, p, &lock, NULL) : 0;
  if (allowed < 0)
    return AN_EC_GENERIC_INTERNAL;
  bool ok = verify_gated(ctx->cfg, allowed ? an_principal_hash(p) : NULL, password);
  if (rc == 0)
    return refuse(ctx, db, NULL, company_code, login, "unknown_login", NULL);
  if (!allowed)
    return refuse(ctx, db, p, company_code, login, "locked", NULL);
  if (!ok)
    return refuse(ctx, db, p, company_code, login, "wrong_password", &lock);
  if (strcmp(an_principal_status(p), "active") != 0)
    return refuse(ctx, db, p, company_code, login, "account_suspended", NULL);
  enum an_ec gate = gates(ctx, db, p, login);
  if (gate != AN_EC_OK)
    return an_lockout_failed(ctx, db, p, &lock, "password") < 0 ? AN_EC_GENERIC_INTERNAL : gate;
  if (p->kind == AN_SUBJECT_USER && strcmp(p->tenant.status, "active") != 0) {
    refuse(ctx, db, p, company_code, login, "tenant_suspended", NULL);
    return AN_EC_TENANT_SUSPENDED;
  }
  struct an_pwparams pp;
  char rehash[AN_PASSWORD_HASH_MAX];
  an_password_params(ctx->cfg, &pp);
  bool need = an_password_needs_rehash(&pp, an_principal_hash(p));
  if (need) {
    an_login_gate_enter();
    need = an_password_hash(&pp, password, rehash);
    an_login_gate_leave();
  }
  new_session(ctx, p, user_agent, out);
  /* One lookup: e-mail codes count only when there is no TOTP (an_mfa_enrolled's rule). */
  int totp = an_mfa_has_totp(db, p);
  if (totp < 0)
    return AN_EC_GENERIC_INTERNAL;
  int enrolled = totp == 1 || (p->kind == AN_SUBJECT_USER && p->user.mfa_email);
  out->session.mfa_pending = enrolled == 1; /* the session works only for the code step */
  out->session.auth_at = out->session.mfa_pending ? 0 : ctx->now;
  out->mfa_method = enrolled != 1 ? NULL : totp == 1 ? "totp" : "email";
  struct ok_ctx o = {
      ctx, out, need ? rehash : NULL, password_expired(ctx, p), enrolled == 1 && totp == 0, &lock};
  if (o.expired) {
    if (p->kind == AN_SUBJECT_STAFF)
      p->staff.must_change_password = true;
    else
      p->user.must_change_password = true;
  }
  if (an_db_txn(db, ok_txn, &o) < 0)
    return AN_EC_GENERIC_INTERNAL;
  return AN_EC_OK;
}

/* last_seen_at is written at most once a minute per session: idle timeouts are counted in
 * minutes, and a write on every read would serialise all requests on the database. */
#define TOUCH_EVERY_US (60 * 1000000LL)

/* Records the use of a live session (at most once a minute); a session without an absolute
 * lifetime moves its stored end on with it (identity/session_rules.h). */
static int touch(const struct an_ctx *ctx, struct an_db *db, const struct an_session *s,
                 const struct an_principal *who)
{
  if (ctx->now - s->last_seen_at <= TOUCH_EVERY_US)
    return 0;
  if (an_session_max_seconds(ctx->cfg, who) > 0)
    return an_store_session_touch(db, s->id, ctx->now);
  return an_store_session_touch_until(db, s->id, ctx->now,
                                      an_session_end_at(ctx->cfg, who, s->created_at, ctx->now));
}

enum an_ec an_auth_resolve(struct an_ctx *ctx, struct an_db *db, const char *token,
                           struct an_session *out, struct an_principal *who, const char **ended)
{
  *ended = NULL;
  uint8_t hash[AN_HASH_LEN];
  an_token_hash(token, hash);
  int rc = an_store_session_by_hash(db, hash, out);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  if (rc == 0)
    return AN_EC_AUTH_REQUIRED;
  rc = an_principal_load(db, out, who);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  if (rc == 0 || strcmp(an_principal_status(who), "active") != 0 ||
      (who->kind == AN_SUBJECT_USER && strcmp(who->tenant.status, "active") != 0))
    return AN_EC_AUTH_REQUIRED;
  /* The subject's own limits (CHK-15, CHK-25): a tenant user's, its tenant's idle timeout and
   * absolute lifetime; staff, the operator's. The caller learns which one ended the session. */
  *ended = an_session_ended(ctx->cfg, who, out, ctx->now);
  if (*ended)
    return AN_EC_AUTH_REQUIRED;
  if (who->kind == AN_SUBJECT_STAFF &&
      !an_staff_networks_permit(ctx, &who->staff, ctx->client_ip)) {
    an_staff_networks_audit_denied(ctx, db, &who->staff);
    return AN_EC_AUTH_IP_DENIED;
  }
  if (who->kind == AN_SUBJECT_USER && !an_allowlist_permits(&who->tenant, ctx->client_ip)) {
    an_allowlist_audit_denied(ctx, db, &who->tenant, an_principal_login(who));
    return AN_EC_AUTH_IP_DENIED;
  }
  if (who->kind == AN_SUBJECT_USER &&
      !an_basic_gate_permits(ctx, &who->tenant, ctx->basic_user, ctx->basic_password)) {
    an_basic_gate_audit_denied(ctx, db, &who->tenant, an_principal_login(who));
    return AN_EC_BASIC_AUTH_REQUIRED;
  }
  if (touch(ctx, db, out, who) < 0)
    return AN_EC_GENERIC_INTERNAL;
  an_principal_to_ctx(who, ctx);
  ctx->session_id = out->id;
  ctx->mfa_pending = out->mfa_pending;
  /* A second factor the policy requires (the tenant's, or staff_mfa_required for operator
   * staff) but the subject lacks confines the session to setting one up. */
  bool required =
      who->kind == AN_SUBJECT_USER ? who->tenant.mfa_required : ctx->cfg->staff_mfa_required;
  if (required && !out->mfa_pending) {
    int enrolled = an_mfa_enrolled(db, who);
    if (enrolled < 0)
      return AN_EC_GENERIC_INTERNAL;
    ctx->mfa_enrolment_due = enrolled == 0;
  }
  return AN_EC_OK;
}

static int logout_txn(struct an_db *db, void *cls)
{
  const struct an_ctx *ctx = cls;
  int rc = an_store_session_revoke(db, ctx->session_id, ctx->now);
  if (rc < 0)
    return rc;
  return an_audit_changed(ctx, db, "auth.logout", "session", ctx->session_id, 0, NULL);
}

enum an_ec an_auth_logout(const struct an_ctx *ctx, struct an_db *db)
{
  return an_db_txn(db, logout_txn, (void *)(uintptr_t)ctx) < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}

static int end_txn(struct an_db *db, void *cls)
{
  struct an_ctx_row *e = cls;
  const char *kind = e->ctx->subject == AN_SUBJECT_STAFF ? "staff" : "user";
  int rc = an_store_session_revoke_own(db, kind, e->ctx->subject_id, e->id, e->ctx->now);
  return an_audit_row_changed(e, db, rc, "auth.session_end", "session");
}

enum an_ec an_auth_end_own_session(const struct an_ctx *ctx, struct an_db *db, int64_t id)
{
  return an_audit_row_txn(ctx, db, id, end_txn);
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
  const char *old_hash; /* kept in a tenant user's history */
};

static int pw_txn(struct an_db *db, void *cls)
{
  struct pw_ctx *p = cls;
  const struct an_ctx *ctx = p->ctx;
  bool staff = ctx->subject == AN_SUBJECT_STAFF;
  int rc = staff ? an_store_staff_set_password(db, ctx->subject_id, p->hash, false, ctx->now)
                 : an_store_user_set_password(db, ctx->tenant_id, ctx->subject_id, p->hash, false,
                                              ctx->now);
  if (rc >= 0 && !staff)
    rc = an_store_history_add(db, ctx->tenant_id, ctx->subject_id, p->old_hash, ctx->now);
  if (rc < 0)
    return rc;
  /* Other sessions of this person end: whoever knew the old password is out. */
  rc = an_store_session_revoke_subject(db, staff ? "staff" : "user", ctx->subject_id,
                                       ctx->session_id, ctx->now);
  if (rc < 0)
    return rc;
  return an_audit_changed(ctx, db, "auth.password_change", staff ? "staff" : "user",
                          ctx->subject_id, 0, NULL);
}

struct history_ctx {
  const char *next;
  bool reused;
};

static void history_cb(void *cls, const char *hash)
{
  struct history_ctx *h = cls;
  if (!h->reused && hash) {
    an_login_gate_enter();
    h->reused = an_password_verify(hash, h->next);
    an_login_gate_leave();
  }
}

/* Appends the "history" field error (the catalogue's key, with n) to *errs. */
static void reuse_error(json_t **errs, const char *key, int64_t n)
{
  if (!*errs)
    *errs = json_array();
  json_t *v = json_pack("{s:I}", "n", (json_int_t)n);
  json_array_append_new(*errs, an_msg_field_error("history", key, v));
  json_decref(v);
}

/* Every rule the new password breaks: the staff policy, or the tenant's (WP-9) with its
 * history of the last N passwords. */
static json_t *policy_errors_for(struct an_db *db, struct an_principal *who, const char *current,
                                 const char *next)
{
  if (who->kind == AN_SUBJECT_STAFF) {
    json_t *errs = an_policy_check(&an_policy_staff, an_principal_login(who), next);
    if (!errs && strcmp(current, next) == 0)
      reuse_error(&errs, "field.password.same_as_current", 0);
    return errs;
  }
  if (an_tenant_policy_load(db, who->tenant.id, &who->policy) < 0)
    an_tenant_policy_defaults(&who->policy);
  json_t *errs =
      an_tenant_policy_check(&who->policy, who->user.login, who->tenant.company_code, next);
  struct history_ctx h = {next, strcmp(current, next) == 0};
  if (!h.reused && who->policy.history > 0)
    an_store_history_recent(db, who->tenant.id, who->user.id, who->policy.history, history_cb, &h);
  if (h.reused)
    reuse_error(&errs, "field.password.history", who->policy.history);
  return errs;
}

/* Whether ctx's subject must re-authenticate before changing its password: only when it has a
 * second factor, since the current password is checked anyway. Returns 1, 0, or an error. */
static int password_needs_reauth(struct an_db *db, const struct an_principal *who, bool recent)
{
  return recent ? 0 : an_mfa_enrolled(db, who);
}

/* Audits a wrong current password (and the lock it set). */
static void wrong_current(const struct an_ctx *ctx, struct an_db *db,
                          const struct an_principal *who, const struct an_lockout *lock)
{
  char *target = target_of(who);
  struct an_audit_rec rec = {
      .action = "auth.password_change", .target = target, .outcome = "failure"};
  an_audit_record(ctx, db, &rec);
  free(target);
  an_lockout_failed(ctx, db, who, lock, "current_password");
}

enum an_ec an_auth_change_password(const struct an_ctx *ctx, struct an_db *db, const char *current,
                                   const char *next, bool recent, long *retry_after,
                                   json_t **policy_errors)
{
  *policy_errors = NULL;
  struct an_principal who;
  struct an_session s = {.subject_id = ctx->subject_id, .tenant_id = ctx->tenant_id};
  snprintf(s.subject_kind, sizeof s.subject_kind, "%s",
           ctx->subject == AN_SUBJECT_STAFF ? "staff" : "user");
  if (an_principal_load(db, &s, &who) <= 0)
    return AN_EC_GENERIC_INTERNAL;
  int rc = password_needs_reauth(db, &who, recent);
  if (rc != 0)
    return rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_AUTH_REAUTH_REQUIRED;
  struct an_lockout lock;
  rc = an_lockout_reserve(ctx, db, &who, &lock, retry_after);
  if (rc <= 0)
    return rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_AUTH_LOCKED;
  if (!verify_gated(ctx->cfg, an_principal_hash(&who), current)) {
    wrong_current(ctx, db, &who, &lock);
    return AN_EC_AUTH_WRONG_CURRENT_PASSWORD;
  }
  if (an_lockout_clear(db, &who) < 0)
    return AN_EC_GENERIC_INTERNAL;
  json_t *errs = policy_errors_for(db, &who, current, next);
  if (errs) {
    *policy_errors = errs;
    return AN_EC_AUTH_PASSWORD_POLICY;
  }
  char hash[AN_PASSWORD_HASH_MAX];
  if (!an_login_gate_hash(ctx->cfg, next, hash))
    return AN_EC_GENERIC_INTERNAL;
  struct pw_ctx p = {ctx, hash, an_principal_hash(&who)};
  return an_db_txn(db, pw_txn, &p) < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}

struct mfa_ctx {
  const struct an_ctx *ctx;
  int64_t pending_id;
  struct an_login_result *out;
};

static int mfa_txn(struct an_db *db, void *cls)
{
  struct mfa_ctx *m = cls;
  int rc = an_store_session_revoke(db, m->pending_id, m->ctx->now);
  if (rc >= 0)
    rc = login_done(db, m->ctx, &m->out->who); /* every factor right: the count starts again */
  if (rc >= 0)
    rc = an_store_session_insert(db, &m->out->session);
  if (rc < 0)
    return rc;
  return an_audit_changed(m->ctx, db, "auth.session_upgrade", "session", m->out->session.id, 0,
                          NULL);
}

enum an_ec an_auth_complete_mfa(const struct an_ctx *ctx, struct an_db *db,
                                const struct an_principal *who, const char *code,
                                const char *recovery_code, const char *user_agent,
                                struct an_login_result *out)
{
  memset(out, 0, sizeof *out);
  struct an_lockout lock;
  int rc = an_lockout_reserve(ctx, db, who, &lock, &out->retry_after);
  if (rc <= 0)
    return rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_AUTH_LOCKED;
  enum an_ec ec = an_mfa_verify(ctx, db, who, code, recovery_code);
  if (ec != AN_EC_OK) {
    if (an_lockout_failed(ctx, db, who, &lock, "code") < 0)
      return AN_EC_GENERIC_INTERNAL;
    return ec;
  }
  out->who = *who;
  new_session(ctx, who, user_agent, out);
  out->session.auth_at = ctx->now;
  struct mfa_ctx m = {ctx, ctx->session_id, out};
  return an_db_txn(db, mfa_txn, &m) < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}

bool an_auth_recent(const struct an_ctx *ctx, const struct an_session *s)
{
  return s->auth_at > 0 && !s->mfa_pending &&
         ctx->now - s->auth_at <= ctx->cfg->reauth_max_age_minutes * 60 * 1000000LL;
}

struct reauth_ctx {
  const struct an_ctx *ctx;
  const struct an_principal *who;
  bool ok;
};

static int reauth_txn(struct an_db *db, void *cls)
{
  struct reauth_ctx *a = cls;
  int rc = a->ok ? an_store_session_set_auth(db, a->ctx->session_id, a->ctx->now) : 1;
  if (rc >= 0 && a->ok)
    rc = an_lockout_clear(db, a->who);
  if (rc < 0)
    return rc;
  char *target = target_of(a->who);
  struct an_audit_rec rec = {
      .action = "auth.reauth", .target = target, .outcome = a->ok ? "success" : "failure"};
  rc = an_audit_append(a->ctx, db, &rec);
  free(target);
  return rc;
}

/* The password, then (only when it was right) the current second factor if there is one: a
 * code is never spent on a wrong password. Returns 1 when both are right, 0, or an error. */
static int reauth_check(const struct an_ctx *ctx, struct an_db *db, const struct an_principal *who,
                        const char *password, const char *code, const char *recovery_code)
{
  if (!verify_gated(ctx->cfg, an_principal_hash(who), password))
    return 0;
  int enrolled = an_mfa_enrolled(db, who);
  if (enrolled <= 0)
    return enrolled < 0 ? enrolled : 1;
  if (!(code && code[0]) && !(recovery_code && recovery_code[0]))
    return 0;
  enum an_ec ec = an_mfa_verify(ctx, db, who, code, recovery_code);
  return ec == AN_EC_OK ? 1 : ec == AN_EC_MFA_FAILED ? 0 : -1;
}

enum an_ec an_auth_reauth(const struct an_ctx *ctx, struct an_db *db,
                          const struct an_principal *who, const char *password, const char *code,
                          const char *recovery_code, long *retry_after)
{
  if (!ctx->session_id)
    return AN_EC_AUTH_FORBIDDEN;
  struct an_lockout lock;
  int rc = an_lockout_reserve(ctx, db, who, &lock, retry_after);
  if (rc <= 0)
    return rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_AUTH_LOCKED;
  rc = reauth_check(ctx, db, who, password, code, recovery_code);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  struct reauth_ctx a = {ctx, who, rc == 1};
  if (an_db_txn(db, reauth_txn, &a) < 0 ||
      (!a.ok && an_lockout_failed(ctx, db, who, &lock, "reauth") < 0))
    return AN_EC_GENERIC_INTERNAL;
  return a.ok ? AN_EC_OK : AN_EC_AUTH_REAUTH_FAILED;
}

static int code_txn(struct an_db *db, void *cls)
{
  const struct reauth_ctx *a = cls;
  return an_mfa_email_send(a->ctx, db, a->who, NULL);
}

enum an_ec an_auth_reauth_send_code(const struct an_ctx *ctx, struct an_db *db,
                                    const struct an_principal *who)
{
  if (who->kind != AN_SUBJECT_USER || !who->user.mfa_email)
    return AN_EC_GENERIC_CONFLICT;
  int totp = an_mfa_has_totp(db, who);
  if (totp != 0)
    return totp < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_GENERIC_CONFLICT;
  struct reauth_ctx a = {ctx, who, false};
  return an_db_txn(db, code_txn, &a) < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}
