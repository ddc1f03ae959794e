#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/bodies.h"
#include "api/kinds.h"
#include "core/alloc.h"
#include "core/config.h"
#include "http/json_in.h"
#include "http/offthread.h"
#include "identity/auth.h"
#include "identity/login_rate.h"
#include "identity/session_rules.h"

/* The cookie lives as long as the session may: without an absolute lifetime it is a browser
 * session cookie (-1: no Max-Age), ending when the browser does or the session idles out. */
static long cookie_age(const struct an_config *cfg, const struct an_principal *who)
{
  long max = an_session_max_seconds(cfg, who);
  return max > 0 ? max : -1;
}

static bool within_rate(struct an_request *r, const char *company, const char *login, an_ret *ret)
{
  long retry = 0;
  if (an_login_rate_take(an_req_login_rate(r), &r->ctx, r->db, company, login, &retry))
    return true;
  if (retry < 0) {
    *ret = an_reply_problem(r, AN_EC_GENERIC_INTERNAL, NULL, NULL);
    return false;
  }
  *ret = an_api_retry_after(r, AN_EC_GENERIC_RATE_LIMITED, retry);
  return false;
}

/* The sign-in of the caller's own session (a second factor, re-authentication), under the rate
 * limits of its login. */
static bool within_own_rate(struct an_request *r, an_ret *ret)
{
  return within_rate(r, r->who.kind == AN_SUBJECT_USER ? r->who.tenant.company_code : "",
                     an_principal_login(&r->who), ret);
}

/* 200 with the new session's cookie: its CSRF token, whether a second factor is awaited (and
 * which, when method is not NULL), whether the password must change, and /me. */
static an_ret reply_signed_in(struct an_request *r, const struct an_login_result *res,
                              bool mfa_required, const char *method)
{
  json_t *body = json_pack("{s:s, s:b, s:s?, s:b, s:o}", "csrf_token", res->session.csrf_token,
                           "mfa_required", mfa_required, "mfa_method", method,
                           "password_change_required", an_principal_must_change(&res->who), "me",
                           an_principal_me_json(&res->who, &res->session,
                                                an_session_idle_seconds(r->ctx.cfg, &res->who),
                                                an_session_max_seconds(r->ctx.cfg, &res->who)));
  return an_reply_session(r, 200, body, res->token, cookie_age(r->ctx.cfg, &res->who));
}

/* The sign-in itself, after the body was read: rate limits, the password check (an argon2id hash)
 * and the session. It runs off the worker thread (http/offthread.h), so reads on the same worker
 * are not held up by the hash. */
struct login_in {
  const char *login, *password, *company; /* point into the request's body */
};

static an_ret login_job(struct an_request *r, void *arg)
{
  const struct login_in *in = arg;
  const char *login = in->login, *password = in->password, *company = in->company;
  an_ret ret;
  if (!within_rate(r, company, login, &ret))
    return ret;
  const char *old = an_req_cookie(r, an_session_cookie_name(r));
  struct an_login_result res;
  enum an_ec ec =
      an_auth_login(&r->ctx, r->db, company, login, password, an_req_header(r, "User-Agent"), &res);
  if (ec == AN_EC_TENANT_SUSPENDED) {
    /* The user learns why the service stopped (TOS-6); only after the right password. */
    const struct an_ec_info *e = an_ec_info(ec);
    char detail[2400];
    snprintf(detail, sizeof detail, "%s%s%s", an_req_text(r, e->ja, e->en),
             res.who.tenant.status_reason[0] ? an_req_text(r, " 理由: ", " Reason: ") : "",
             res.who.tenant.status_reason);
    return an_reply_problem(r, ec, detail, NULL);
  }
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  /* A session the browser already had ends here: the new login gets a fresh token. */
  if (old)
    an_auth_drop_token(&r->ctx, r->db, old);
  return reply_signed_in(r, &res, res.session.mfa_pending, res.mfa_method);
}

an_ret an_api_login(struct an_request *r)
{
  struct login_in *in = an_calloc(sizeof *in);
  const struct an_jfield f[] = {
      {"login", AN_J_STRING, true, 1, 128, &in->login},
      {"password", AN_J_STRING, true, 1, 1024, &in->password},
      {"company_code", AN_J_STRING, false, 0, 32, &in->company},
  };
  an_ret ret;
  if (!an_json_body_or_reply(r, f, 3, &ret)) {
    free(in);
    return ret;
  }
  return an_reply_offthread(r, login_job, in);
}

an_ret an_api_reply_locked(struct an_request *r, long retry)
{
  return an_api_retry_after(r, AN_EC_AUTH_LOCKED, retry > 0 ? retry : 1);
}

an_ret an_api_logout(struct an_request *r)
{
  if (an_auth_logout(&r->ctx, r->db) != AN_EC_OK)
    return an_reply_problem(r, AN_EC_GENERIC_INTERNAL, NULL, NULL);
  return an_reply_session(r, 204, NULL, "", 0);
}

an_ret an_api_login_mfa(struct an_request *r)
{
  const struct an_in_auth *in = r->in;
  if (!r->ctx.mfa_pending)
    return an_api_problem_text(r, AN_EC_GENERIC_CONFLICT,
                               "このセッションは確認コードを必要としていません。",
                               "This session does not await a code.");
  an_ret ret;
  if (!within_own_rate(r, &ret))
    return ret;
  struct an_login_result res;
  enum an_ec ec = an_auth_complete_mfa(&r->ctx, r->db, &r->who, in->code, in->recovery_code,
                                       an_req_header(r, "User-Agent"), &res);
  if (ec == AN_EC_AUTH_LOCKED)
    return an_api_reply_locked(r, res.retry_after);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return reply_signed_in(r, &res, false, NULL);
}

/* Re-authentication before a credential change (M5): the password, and the current code when
 * the caller has a second factor. The session then counts as recent for
 * [password] reauth_max_age_minutes. */
an_ret an_api_me_reauth(struct an_request *r)
{
  const char *password = NULL, *code = NULL, *recovery = NULL;
  const struct an_jfield f[] = {
      {"password", AN_J_STRING, true, 1, 1024, &password},
      {"code", AN_J_STRING, false, 1, 16, &code},
      {"recovery_code", AN_J_STRING, false, 1, 64, &recovery},
  };
  AN_API_BODY_OR_RETURN(r, f);
  an_ret ret;
  if (!within_own_rate(r, &ret))
    return ret;
  long retry = 0;
  enum an_ec ec = an_auth_reauth(&r->ctx, r->db, &r->who, password, code, recovery, &retry);
  if (ec == AN_EC_AUTH_LOCKED)
    return an_api_reply_locked(r, retry);
  return an_api_answer(r, ec, 204, NULL, NULL);
}

/* Sends an e-mail code for re-authentication (users whose second factor is e-mail codes). */
an_ret an_api_me_reauth_code(struct an_request *r)
{
  an_ret ret;
  if (!within_own_rate(r, &ret))
    return ret;
  enum an_ec ec = an_auth_reauth_send_code(&r->ctx, r->db, &r->who);
  if (ec == AN_EC_GENERIC_CONFLICT)
    return an_api_problem_text(r, ec, "メールでの確認コードを使っていません。",
                               "You do not use e-mail codes.");
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_empty(r, 202);
}
