/* Custom roles of the session's tenant and their assignment to its users (CHK-13, WP-7, WP-8). */
#include "api/api.h"
#include "api/kinds.h"
#include "http/json_in.h"
#include "identity/custom_roles.h"

AN_API_HANDLER(an_api_roles_list, an_api_get, an_custom_roles_list, 200, NULL)

/* Creates a role (201) or replaces the path's role (200) from the body's name and permission
 * keys; refusals carry the policy's errors[]. */
static an_ret role_write(struct an_request *r, bool create)
{
  const char *name = NULL;
  json_t *perms = NULL, *out = NULL, *errs = NULL;
  const struct an_jfield f[] = {
      {"name", AN_J_STRING, true, 1, 50, &name},
      {"permissions", AN_J_STRINGS, true, 0, 64, &perms},
  };
  AN_API_BODY_OR_RETURN(r, f);
  enum an_ec ec = create ? an_custom_role_create(&r->ctx, r->db, name, perms, &out, &errs)
                         : an_custom_role_update(&r->ctx, r->db, an_req_param_id(r, "id"), name,
                                                 perms, &out, &errs);
  return an_api_answer_errs(r, ec, create ? 201 : 200, NULL, out, errs);
}

AN_API_HANDLER(an_api_roles_create, role_write, true)

AN_API_HANDLER(an_api_roles_update, role_write, false)

an_ret an_api_roles_delete(struct an_request *r)
{
  enum an_ec ec = an_custom_role_delete(&r->ctx, r->db, an_req_param_id(r, "id"));
  return an_api_answer(r, ec, 204, NULL, NULL);
}

AN_API_HANDLER(an_api_user_roles_get, an_api_id_get, an_user_roles_get, 200, NULL)

an_ret an_api_user_roles_put(struct an_request *r)
{
  json_t *roles = NULL, *custom = NULL, *out = NULL, *errs = NULL;
  const struct an_jfield f[] = {
      {"roles", AN_J_STRINGS, true, 1, 2, &roles},
      {"custom_roles", AN_J_STRINGS, false, 0, 100, &custom},
  };
  AN_API_BODY_OR_RETURN(r, f);
  enum an_ec ec =
      an_user_roles_set(&r->ctx, r->db, an_req_param_id(r, "id"), roles, custom, &out, &errs);
  return an_api_answer_errs(r, ec, 200, NULL, out, errs);
}
