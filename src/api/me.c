#include "api/api.h"
#include "core/config.h"
#include "core/time.h"
#include "http/json_in.h"
#include "identity/auth.h"
#include "identity/staff.h"

json_t *an_api_me_json(const struct an_request *r, const struct an_staff *s,
                       const struct an_session *ss)
{
  char created[40], expires[40];
  an_time_format_utc(ss->created_at, created, sizeof created);
  an_time_format_utc(ss->expires_at, expires, sizeof expires);
  json_t *me = an_staff_json(s);
  json_object_set_new(me, "kind", json_string("staff"));
  json_object_set_new(me, "tenant", json_null());
  json_object_set_new(me, "csrf_token", json_string(ss->csrf_token));
  json_object_set_new(me, "session",
                      json_pack("{s:s, s:s, s:I}", "created_at", created, "expires_at", expires,
                                "idle_timeout_seconds", (json_int_t)r->ctx.cfg->idle_timeout));
  return me;
}

an_ret an_api_me(struct an_request *r)
{
  struct an_staff s;
  int rc = an_store_staff_by_id(r->db, r->ctx.subject_id, &s);
  if (rc <= 0)
    return an_reply_problem(r, rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_AUTH_REQUIRED, NULL, NULL);
  return an_reply_json(r, 200, an_api_me_json(r, &s, &r->session));
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
