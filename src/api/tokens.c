#include <stdlib.h>

#include "api/api.h"
#include "api/kinds.h"
#include "http/json_in.h"
#include "identity/reads.h"
#include "identity/tokens.h"

/* Tokens of the caller's own tenant (or the operator's, for staff). */
an_ret an_api_tokens_list(struct an_request *r)
{
  json_t *items = json_array();
  int listed = an_api_token_list(&r->ctx, r->db, an_api_token_append, items);
  return an_reply_items(r, listed, items);
}

an_ret an_api_tokens_create(struct an_request *r)
{
  if (r->ctx.subject == AN_SUBJECT_TOKEN) /* tokens do not mint tokens */
    return an_reply_problem(r, AN_EC_AUTH_FORBIDDEN, NULL, NULL);
  const char *name = NULL, *role = NULL;
  json_t *perms = NULL;
  json_int_t days = 90;
  const struct an_jfield f[] = {
      {"name", AN_J_STRING, true, 1, 100, &name},
      {"permissions", AN_J_STRINGS, false, 1, 16, &perms},
      {"role", AN_J_STRING, false, 1, 50, &role},
      {"expires_in_days", AN_J_INT, false, 1, 730, &days},
  };
  AN_API_BODY_OR_RETURN(r, f);
  if (!perms == !role) /* exactly one: a list of permissions, or a custom role's */
    return an_api_field_text(
        r, AN_EC_GENERIC_INVALID_FIELD, "permissions",
        "権限（permissions）かロール（role）のどちらか一方を指定してください。",
        "Give either permissions or role, not both.");
  struct an_api_token t;
  char token[AN_API_TOKEN_STR];
  enum an_ec ec =
      role ? an_api_token_create_for_role(&r->ctx, r->db, name, role, (long)days, &t, token)
           : an_api_token_create(&r->ctx, r->db, name, perms, (long)days, &t, token);
  if (role && (ec == AN_EC_GENERIC_NOT_FOUND || ec == AN_EC_GENERIC_INVALID_FIELD))
    return an_api_field_text(
        r, AN_EC_GENERIC_INVALID_FIELD, "role",
        "自社のロール名を指定してください。ロールの権限のうち、ご自身が持つ権限が"
        "一つもない場合は発行できません。",
        "Give the name of one of your company's roles holding at least one "
        "permission you hold yourself.");
  if (ec == AN_EC_GENERIC_INVALID_FIELD)
    return an_api_field_text(r, ec, "permissions",
                             "権限は、ご自身が持つ権限の中から指定してください。",
                             "Permissions must be ones you hold yourself.");
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_json(r, 201,
                       json_pack("{s:o, s:s}", "token", an_api_token_json(&t), "secret", token));
}

AN_API_HANDLER(an_api_tokens_revoke, an_api_id_do, an_api_token_revoke)
