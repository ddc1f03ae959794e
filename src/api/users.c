#include <stdlib.h>

#include "api/api.h"
#include "api/bodies.h"
#include "api/kinds.h"
#include "crypto/token.h"
#include "http/json_in.h"
#include "identity/reads.h"
#include "identity/roles.h"
#include "identity/users.h"

/* Every query below names r->ctx.tenant_id, the tenant of the session: never one from input. */
an_ret an_api_user_list(struct an_request *r)
{
  long limit;
  int64_t after = 0;
  AN_API_OR_RETURN(an_api_keyset_or_reply, r, &limit, &after);
  json_t *items = json_array();
  int listed = an_user_list(&r->ctx, r->db, limit + 1, after, an_user_append, items);
  return an_api_keyset_reply(r, listed, items, limit, NULL);
}

AN_API_ROW_GET(an_api_user_get, struct an_user, an_user_get, an_user_json, "user")

an_ret an_api_user_create(struct an_request *r)
{
  const struct an_in_users *b = r->in;
  unsigned bits = 0;
  if (b->roles && (!an_roles_parse_array(b->roles, &bits) || (bits & ~AN_ROLES_TENANT)))
    return an_api_field_text(r, AN_EC_GENERIC_INVALID_FIELD, "roles",
                             "ロールは tenant_admin または member です。",
                             "Roles are tenant_admin or member.");
  struct an_user_new in = {b->login, b->display_name, b->email, bits};
  struct an_user u;
  char pw[25];
  enum an_ec ec = an_user_create(&r->ctx, r->db, &in, &u, pw);
  if (ec == AN_EC_USAGE_USER_LIMIT_REACHED)
    return an_api_usage_limit_problem(r);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  /* A user always has an address: the password is set from the invitation's single-use link,
   * so none is returned (issue 10); the generated one is never shown and is useless once the
   * link is used. */
  an_wipe(pw, sizeof pw);
  return an_reply_json(
      r, 201,
      json_pack("{s:o, s:s}", "user", an_user_json(&u), "mail_delivery", an_api_mail_delivery(r)));
}

static an_ret set_active(struct an_request *r, bool active)
{
  int64_t id = an_req_param_id(r, "id");
  enum an_ec ec = id ? an_user_set_active(&r->ctx, r->db, id, active) : AN_EC_GENERIC_NOT_FOUND;
  struct an_user u;
  if (ec == AN_EC_OK && an_user_get(&r->ctx, r->db, id, &u) != 1)
    ec = AN_EC_GENERIC_INTERNAL;
  if (ec == AN_EC_USAGE_USER_LIMIT_REACHED)
    return an_api_usage_limit_problem(r);
  if (ec == AN_EC_GENERIC_CONFLICT)
    return an_api_problem_text(r, ec, "自分自身を停止することはできません。",
                               "You cannot suspend yourself.");
  return an_api_answer(r, ec, 200, "user", ec == AN_EC_OK ? an_user_json(&u) : NULL);
}

AN_API_HANDLER(an_api_user_suspend, set_active, false)

AN_API_HANDLER(an_api_user_reinstate, set_active, true)

an_ret an_api_user_password_reset(struct an_request *r)
{
  int64_t id = an_req_param_id(r, "id");
  char pw[25];
  enum an_ec ec = id ? an_user_force_reset(&r->ctx, r->db, id, pw) : AN_EC_GENERIC_NOT_FOUND;
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_json(r, 200, json_pack("{s:s}", "initial_password", pw));
}

an_ret an_api_user_delete(struct an_request *r)
{
  int64_t id = an_req_param_id(r, "id");
  enum an_ec ec = id ? an_user_delete(&r->ctx, r->db, id) : AN_EC_GENERIC_NOT_FOUND;
  if (ec == AN_EC_GENERIC_CONFLICT)
    return an_api_problem_text(r, ec, "自分自身を削除することはできません。",
                               "You cannot delete yourself.");
  return an_api_answer(r, ec, 204, NULL, NULL);
}

/* A tenant admin edits a user's name and address (issue 10 item 5). */
an_ret an_api_user_update(struct an_request *r)
{
  const struct an_in_users *b = r->in;
  int64_t id = an_req_param_id(r, "id");
  struct an_user u;
  enum an_ec ec = id ? an_user_update(&r->ctx, r->db, id, b->display_name, b->email, &u)
                     : AN_EC_GENERIC_NOT_FOUND;
  if (ec == AN_EC_GENERIC_INVALID_FIELD)
    return an_api_field_text(r, ec, "email", "メールアドレスの形式が正しくありません。",
                             "The e-mail address is not valid.");
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_json(r, 200, json_pack("{s:o}", "user", an_user_json(&u)));
}
