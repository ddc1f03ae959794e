#include "api/api.h"
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
  an_ret ret;
  if (!an_json_body_or_reply(r, f, sizeof f / sizeof f[0], &ret))
    return ret;
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

an_ret an_api_session_policy_get(struct an_request *r)
{
  return an_reply_json(r, 200,
                       json_pack("{s:I, s:b}", "idle_timeout_minutes",
                                 (json_int_t)r->who.tenant.idle_timeout_minutes, "mfa_required",
                                 r->who.tenant.mfa_required));
}

an_ret an_api_session_policy_put(struct an_request *r)
{
  json_int_t idle = 0;
  bool mfa = false;
  const struct an_jfield f[] = {
      {"idle_timeout_minutes", AN_J_INT, true, 5, 480, &idle},
      {"mfa_required", AN_J_BOOL, true, 0, 0, &mfa},
  };
  an_ret ret;
  if (!an_json_body_or_reply(r, f, 2, &ret))
    return ret;
  enum an_ec ec = an_tenant_set_session_policy(&r->ctx, r->db, idle, mfa);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_json(r, 200,
                       json_pack("{s:I, s:b}", "idle_timeout_minutes", idle, "mfa_required", mfa));
}
