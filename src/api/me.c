#include "api/api.h"
#include "core/config.h"
#include "http/json_in.h"
#include "identity/auth.h"

an_ret an_api_me(struct an_request *r)
{
  return an_reply_json(r, 200, an_principal_me_json(&r->who, &r->session,
                                                    r->ctx.cfg->idle_timeout));
}

an_ret an_api_me_password(struct an_request *r)
{
  const char *current = NULL, *next = NULL;
  const struct an_jfield f[] = {
      {"current_password", AN_J_STRING, true, 1, 1024, &current},
      {"new_password", AN_J_STRING, true, 1, 1024, &next},
  };
  an_ret ret;
  if (!an_json_body_or_reply(r, f, 2, &ret))
    return ret;
  json_t *errs = NULL;
  enum an_ec ec = an_auth_change_password(&r->ctx, r->db, current, next, &errs);
  if (ec == AN_EC_AUTH_PASSWORD_POLICY) {
    json_t *list = an_localize_errors(r, errs);
    return an_reply_problem(r, ec, NULL, list);
  }
  json_decref(errs);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_empty(r, 204);
}
