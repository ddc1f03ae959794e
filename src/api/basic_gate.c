/* The tenant's HTTP Basic gate (CHK-10), set by its admin. */
#include "identity/basic_gate.h"
#include "api/api.h"
#include "api/kinds.h"
#include "http/json_in.h"
#include "identity/reads.h"

an_ret an_api_basic_gate_get(struct an_request *r)
{
  struct an_tenant t;
  int rc = an_tenant_own(&r->ctx, r->db, &t);
  if (rc <= 0)
    return an_reply_problem(r, an_api_found_ec(rc), NULL, NULL);
  return an_reply_json(
      r, 200, json_pack("{s:b, s:s}", "enabled", t.basic_user[0] != '\0', "user", t.basic_user));
}

an_ret an_api_basic_gate_put(struct an_request *r)
{
  bool enabled = false;
  const char *user = NULL;
  const struct an_jfield f[] = {{"enabled", AN_J_BOOL, true, 0, 0, &enabled},
                                {"user", AN_J_STRING, false, 3, 64, &user}};
  AN_API_BODY_OR_RETURN(r, f);
  if (!r->ctx.tenant_id)
    return an_reply_problem(r, AN_EC_GENERIC_NOT_FOUND, NULL, NULL);
  char pw[25];
  enum an_ec ec = an_basic_gate_set(&r->ctx, r->db, enabled, user, pw);
  if (ec == AN_EC_GENERIC_INVALID_FIELD)
    return an_api_field_text(
        r, ec, "user", "ユーザー名は、コロンと空白を含まない半角3〜64文字で指定してください。",
        "user: 3 to 64 ASCII characters without colon or space.");
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  /* The password is shown this once; only its keyed hash is kept. */
  return an_reply_json(
      r, 200,
      enabled ? json_pack("{s:b, s:s, s:s}", "enabled", 1, "user", user, "password", pw)
              : json_pack("{s:b, s:s}", "enabled", 0, "user", ""));
}
