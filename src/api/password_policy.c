#include "api/api.h"
#include "api/kinds.h"

#include <stdio.h>

#include "core/config.h"
#include "http/json_in.h"
#include "identity/tenant_policy.h"
#include "identity/tenants.h"

/* The policy of the session's tenant: the tenant comes from the session, never from input. */
an_ret an_api_policy_get(struct an_request *r)
{
  struct an_tenant_policy p;
  if (an_tenant_policy_load(r->db, r->ctx.tenant_id, &p) < 0)
    return an_reply_problem(r, AN_EC_GENERIC_INTERNAL, NULL, NULL);
  return an_reply_json(r, 200, an_tenant_policy_json(&p));
}

an_ret an_api_policy_put(struct an_request *r)
{
  json_int_t v[6] = {0};
  bool up = false, lo = false, dig = false, sym = false;
  const struct an_jfield f[] = {
      {"min_length", AN_J_INT, true, 0, 1000, &v[0]},
      {"require_upper", AN_J_BOOL, true, 0, 0, &up},
      {"require_lower", AN_J_BOOL, true, 0, 0, &lo},
      {"require_digit", AN_J_BOOL, true, 0, 0, &dig},
      {"require_symbol", AN_J_BOOL, true, 0, 0, &sym},
      {"history", AN_J_INT, true, 0, 1000, &v[1]},
      {"max_age_days_user", AN_J_INT, true, 0, 100000, &v[2]},
      {"max_age_days_admin", AN_J_INT, true, 0, 100000, &v[3]},
      {"max_failures", AN_J_INT, true, 0, 1000, &v[4]},
      {"lockout_minutes", AN_J_INT, true, 0, 100000, &v[5]},
  };
  AN_API_BODY_OR_RETURN(r, f);
  struct an_tenant_policy p = {.min_length = v[0],
                               .require_upper = up,
                               .require_lower = lo,
                               .require_digit = dig,
                               .require_symbol = sym,
                               .history = v[1],
                               .max_age_days_user = v[2],
                               .max_age_days_admin = v[3],
                               .max_failures = v[4],
                               .lockout_minutes = v[5]};
  json_t *errs = NULL;
  enum an_ec ec = an_tenant_policy_set(&r->ctx, r->db, &p, &errs);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, errs ? an_localize_errors(r, errs) : NULL);
  return an_reply_json(r, 200, an_tenant_policy_json(&p));
}

static json_t *session_policy_json(json_int_t idle, bool mfa, json_int_t session_max)
{
  return json_pack("{s:I, s:b, s:I}", "idle_timeout_minutes", idle, "mfa_required", mfa,
                   "session_max_minutes", session_max);
}

an_ret an_api_session_policy_get(struct an_request *r)
{
  const struct an_tenant *t = &r->who.tenant;
  return an_reply_json(r, 200,
                       session_policy_json((json_int_t)t->idle_timeout_minutes, t->mfa_required,
                                           (json_int_t)t->session_max_minutes));
}

/* The field a session policy refused: the idle timeout outside the operator's range, or an
 * absolute lifetime outside its own. */
static json_t *session_policy_errors(struct an_request *r, json_int_t idle)
{
  char ja[160], en[160];
  const struct an_config *cfg = r->ctx.cfg;
  bool idle_bad = idle < cfg->tenant_idle_min || idle > cfg->tenant_idle_max;
  if (idle_bad) {
    snprintf(ja, sizeof ja, "%ld〜%ld 分で指定してください。", cfg->tenant_idle_min,
             cfg->tenant_idle_max);
    snprintf(en, sizeof en, "Must be %ld to %ld minutes.", cfg->tenant_idle_min,
             cfg->tenant_idle_max);
  } else {
    snprintf(ja, sizeof ja, "0（制限なし）または %d〜%d 分で指定してください。",
             AN_TENANT_SESSION_MAX_MIN, AN_TENANT_SESSION_MAX_MAX);
    snprintf(en, sizeof en, "Must be 0 (no limit) or %d to %d minutes.", AN_TENANT_SESSION_MAX_MIN,
             AN_TENANT_SESSION_MAX_MAX);
  }
  return json_pack("[{s:s, s:s}]", "field",
                   idle_bad ? "idle_timeout_minutes" : "session_max_minutes", "detail",
                   an_req_text(r, ja, en));
}

an_ret an_api_session_policy_put(struct an_request *r)
{
  json_int_t idle = 0, session_max = -1;
  bool mfa = false;
  const struct an_jfield f[] = {
      {"idle_timeout_minutes", AN_J_INT, true, 1, 1440, &idle},
      {"mfa_required", AN_J_BOOL, true, 0, 0, &mfa},
      {"session_max_minutes", AN_J_INT, false, 0, AN_TENANT_SESSION_MAX_MAX, &session_max},
  };
  AN_API_BODY_OR_RETURN(r, f);
  enum an_ec ec = an_tenant_set_session_policy(&r->ctx, r->db, idle, mfa, session_max);
  if (ec == AN_EC_GENERIC_INVALID_FIELD)
    return an_reply_problem(r, ec, NULL, session_policy_errors(r, idle));
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  if (session_max < 0)
    session_max = (json_int_t)r->who.tenant.session_max_minutes;
  return an_reply_json(r, 200, session_policy_json(idle, mfa, session_max));
}
