#include "http/dispatch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/log.h"
#include "core/utf8.h"
#include "crypto/token.h"
#include "http/fairshare.h"
#include "http/idempotency.h"
#include "http/metrics.h"
#include "http/offthread.h"
#include "http/router.h"
#include "http/server_state.h"
#include "http/static.h"
#include "identity/auth.h"
#include "identity/tenant_rate.h"
#include "identity/token_auth.h"
#include "store/pool.h"

static bool safe_method(const char *m)
{
  return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0 || strcmp(m, "OPTIONS") == 0;
}

/* An Origin header, when the browser sends one, must name this host: a second guard beside the
 * token, for browsers that send Origin on cross-site requests. */
static bool origin_ok(const struct an_request *r)
{
  const char *origin = an_req_header(r, "Origin");
  const char *host = an_req_header(r, "Host");
  if (!origin)
    return true;
  if (!host)
    return false;
  const char *p = strstr(origin, "://");
  return p && strcmp(p + 3, host) == 0;
}

static an_ret authenticate(struct an_request *r, bool *ok)
{
  *ok = false;
  /* A machine client sends its API token as a bearer token: no cookie, so no CSRF. */
  const char *bearer = an_req_bearer(r);
  if (bearer) {
    enum an_ec ec = an_api_token_resolve(&r->ctx, r->db, bearer, &r->who);
    if (ec != AN_EC_OK)
      return an_reply_problem(r, ec, NULL, NULL);
    *ok = true;
    return MHD_YES;
  }
  const char *token =
      MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, an_session_cookie_name(r));
  if (!token || strlen(token) != AN_TOKEN_STR - 1)
    return an_reply_problem(r, AN_EC_AUTH_REQUIRED, NULL, NULL);
  const char *ended = NULL;
  enum an_ec ec = an_auth_resolve(&r->ctx, r->db, token, &r->session, &r->who, &ended);
  /* A session that timed out says which limit ended it, so the login page can say why. */
  if (ec == AN_EC_AUTH_REQUIRED && ended)
    return an_reply_problem_ext(r, ec, NULL, json_pack("{s:s}", "session_ended", ended));
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  r->cookie_auth = true;
  *ok = true;
  return MHD_YES;
}

/* The credential a request authenticates with (bearer token, else session cookie), or NULL. */
static const char *credential_of(struct an_request *r)
{
  const char *bearer = an_req_bearer(r);
  return bearer ? bearer
                : MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, an_session_cookie_name(r));
}

/* 429: the tenant's rate over all instances is spent for this second (SLA-5). */
static an_ret rate_refused(struct an_request *r, long wait)
{
  char secs[24];
  snprintf(secs, sizeof secs, "%ld", wait);
  const char *const retry[] = {"Retry-After", secs, NULL, NULL};
  return an_reply_problem_h(r, AN_EC_GENERIC_RATE_LIMITED, NULL, NULL, retry);
}

/* The handler inside the tenant's fair share of the workers (the gate's slot is released after
 * it, also when it ran off-thread). */
static an_ret handler_in_share(struct an_request *r, void *arg)
{
  (void)arg;
  const struct an_route *rt = r->route;
  an_ret ret = rt->body ? an_json_body_run(r, rt->body, rt->handler) : rt->handler(r);
  an_fairshare_leave(r->server->tenant_share, r->ctx.tenant_id);
  return ret;
}

/* The handler, within the tenant's rate and fair share of the workers: beyond them the request
 * is refused at once, so one tenant's flood waits on itself, not on everyone (SLA-5). A tenant
 * that is flooding (its rate spent this second or the last) has its admitted requests run on the
 * off-thread pool (http/offthread.h): libmicrohttpd keeps each connection on one worker thread,
 * and another tenant's connection on that worker would otherwise wait behind them. */
static an_ret run_handler(struct an_request *r)
{
  int64_t tenant = r->ctx.tenant_id;
  long wait = 0;
  if (!an_tenant_rate_take(r->server->tenant_rate, &r->ctx, r->db, credential_of(r), &wait))
    return rate_refused(r, wait);
  struct an_fairshare *share = r->server->tenant_share;
  if (!an_fairshare_enter(share, tenant)) {
    static const char *const retry[] = {"Retry-After", "1", NULL, NULL};
    return an_reply_problem_h(r, AN_EC_GENERIC_RATE_LIMITED, NULL, NULL, retry);
  }
  if (!r->hold.on && an_tenant_rate_flooding(r->server->tenant_rate, tenant, r->ctx.now))
    return an_reply_offthread(r, handler_in_share, NULL);
  return handler_in_share(r, NULL);
}

static an_ret run_route(struct an_request *r)
{
  const struct an_route *rt = r->route;
  if (rt->auth != AN_AUTH_PUBLIC) {
    /* A credential already refused this second is refused again before any database read. */
    long wait = 0;
    if (an_tenant_rate_spent(r->server->tenant_rate, credential_of(r), r->ctx.now, &wait))
      return rate_refused(r, wait);
    bool ok;
    an_ret ret = authenticate(r, &ok);
    if (!ok)
      return ret;
    an_scope_resolve(&r->ctx);
    /* The reason stated for opening a tenant's personal data, recorded with the read (WP-18). */
    /* The header carries ASCII (a ticket number); Japanese text comes as ?access_reason=. */
    const char *reason = an_req_header(r, "X-Access-Reason");
    if (!reason || !reason[0])
      reason = an_req_query(r, "access_reason");
    if (reason && reason[0] && strlen(reason) <= 400 && an_utf8_valid(reason, strlen(reason)))
      r->ctx.access_reason = reason;
    if (r->ctx.mfa_pending && !(rt->flags & AN_RF_MFA_OK))
      return an_reply_problem(r, AN_EC_MFA_REQUIRED, NULL, NULL);
    if (r->ctx.mfa_enrolment_due && !(rt->flags & AN_RF_ENROL_OK))
      return an_reply_problem(r, AN_EC_MFA_ENROLMENT_REQUIRED, NULL, NULL);
    if (r->ctx.must_change_password && !(rt->flags & AN_RF_PW_CHANGE_OK))
      return an_reply_problem(r, AN_EC_AUTH_PASSWORD_CHANGE_REQUIRED, NULL, NULL);
    if (!an_perm_allows(&r->ctx, rt->perm))
      return an_reply_problem(r, AN_EC_AUTH_FORBIDDEN, NULL, NULL);
    if ((rt->flags & AN_RF_REAUTH) && !an_auth_recent(&r->ctx, &r->session))
      return an_reply_problem(r, AN_EC_AUTH_REAUTH_REQUIRED, NULL, NULL);
    if (r->cookie_auth && !safe_method(r->method)) {
      const char *csrf = an_req_header(r, "X-CSRF-Token");
      if (!csrf || !an_ct_streq(csrf, r->session.csrf_token) || !origin_ok(r))
        return an_reply_problem(r, AN_EC_AUTH_CSRF, NULL, NULL);
    }
    if (an_idem_wanted(r)) /* a write the client may repeat (issue 15 item 1) */
      return an_idem_run(r, run_handler);
  }
  return run_handler(r);
}

struct text_check {
  const struct an_request *r;
  json_t *errs;
};

static void text_error(struct text_check *c, const char *field, size_t len)
{
  char *name = an_utf8_escape(field, len);
  json_array_append_new(
      c->errs, json_pack("{s:s, s:s}", "field", name, "detail",
                         an_req_text(c->r, "UTF-8 の文字列で指定してください（NUL は使えません）。",
                                     "Must be UTF-8 text without NUL.")));
  free(name);
}

static bool clean(const char *s, size_t n)
{
  return an_utf8_valid(s, n) && !memchr(s, '\0', n);
}

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                 size_t key_size, const char *value, size_t value_size)
{
  (void)kind;
  struct text_check *c = cls;
  if (!clean(key, key_size) || (value && !clean(value, value_size)))
    text_error(c, key, key_size);
  return MHD_YES;
}

/* The path and every query-string key and value must be UTF-8 without NUL before anything reads
 * them (M8): otherwise 400 naming each bad parameter ("path" for the path). */
static bool text_ok(struct an_request *r, an_ret *ret)
{
  struct text_check c = {r, json_array()};
  if (!clean(r->path, strlen(r->path)))
    text_error(&c, "path", 4);
  MHD_get_connection_values_n(r->conn, MHD_GET_ARGUMENT_KIND, check_arg, &c);
  if (!json_array_size(c.errs)) {
    json_decref(c.errs);
    return true;
  }
  *ret = an_reply_problem(r, AN_EC_GENERIC_INVALID_FIELD, NULL, c.errs);
  return false;
}

an_ret an_dispatch(struct an_request *r)
{
  an_ret bad;
  if (!text_ok(r, &bad))
    return bad;
  if (strcmp(r->method, "TRACE") == 0 || strcmp(r->method, "CONNECT") == 0)
    return an_reply_problem(r, AN_EC_GENERIC_METHOD_NOT_ALLOWED, NULL, NULL);
  char allow[128];
  enum an_match m = an_route_find(r->server->routes, r->server->nroutes, r->method, r->path, r,
                                  allow, sizeof allow);
  if (m == AN_MATCH_NO_METHOD) {
    const char *h[] = {"Allow", allow, NULL, NULL};
    return an_reply_problem_h(r, AN_EC_GENERIC_METHOD_NOT_ALLOWED, NULL, NULL, h);
  }
  if (m == AN_MATCH_NO_PATH) {
    an_ret ret;
    if (safe_method(r->method) && strncmp(r->path, "/api/", 5) != 0 && an_static_serve(r, &ret)) {
      r->route_index = AN_METRIC_STATIC;
      return ret;
    }
    return an_reply_problem(r, AN_EC_GENERIC_NOT_FOUND, NULL, NULL);
  }
  if (!(r->route->flags & AN_RF_NO_DB) && !(r->db = an_pool_get()))
    return an_reply_problem(r, AN_EC_GENERIC_UNAVAILABLE, NULL, NULL);
  an_ret ret = run_route(r);
  if (r->deferred)
    return ret; /* the reply comes from the off-thread job (http/offthread.h) */
  if (!r->status) {
    an_log_bug("handler returned without a reply",
               json_pack("{s:s, s:s}", "route", r->route->pattern, "method", r->method));
    ret = an_reply_problem(r, AN_EC_GENERIC_INTERNAL, NULL, NULL);
  }
  return ret;
}
