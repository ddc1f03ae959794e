/* An operator admin edits a staff account's name and roles (issue 10 item 5). */
#include "identity/staff_edit.h"
#include "api/api.h"
#include "api/kinds.h"
#include "http/json_in.h"
#include "identity/roles.h"
#include "identity/staff.h"

an_ret an_api_staff_update(struct an_request *r)
{
  const char *name = NULL;
  json_t *roles = NULL;
  const struct an_jfield f[] = {{"display_name", AN_J_STRING, false, 0, 100, &name},
                                {"roles", AN_J_STRINGS, false, 1, 4, &roles}};
  AN_API_BODY_OR_RETURN(r, f);
  unsigned bits = 0;
  const char *roles_hint =
      an_req_text(r, "admin・support・auditor から選んでください（ショップの担当者は shop のみ）。",
                  "Choose from admin, support and auditor (a shop's staff: shop alone).");
  if (roles && !an_roles_parse_array(roles, &bits))
    return an_reply_field_problem(r, AN_EC_GENERIC_INVALID_FIELD, "roles", roles_hint);
  int64_t id = an_req_param_id(r, "id");
  struct an_staff s;
  enum an_ec ec =
      id ? an_staff_update(&r->ctx, r->db, id, name, bits, &s) : AN_EC_GENERIC_NOT_FOUND;
  if (ec == AN_EC_GENERIC_INVALID_FIELD)
    return an_reply_field_problem(r, ec, roles ? "roles" : "display_name", roles_hint);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_json(r, 200, json_pack("{s:o}", "staff", an_staff_json(&s)));
}
