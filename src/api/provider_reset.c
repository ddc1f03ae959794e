/* The operator's forced password reset of a tenant user (SLA-30). */
#include "identity/provider_reset.h"
#include "api/api.h"

an_ret an_api_provider_reset(struct an_request *r)
{
  int64_t tenant = an_req_param_id(r, "tid"), user = an_req_param_id(r, "id");
  char pw[25] = "";
  struct an_mail_outcome link = {0};
  enum an_ec ec = tenant && user ? an_provider_reset(&r->ctx, r->db, tenant, user, pw, &link)
                                 : AN_EC_GENERIC_NOT_FOUND;
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  if (link.mail_id) /* the user sets the password from the mailed link */
    return an_reply_json(r, 200, json_pack("{s:o}", "password_link", an_mail_outcome_json(&link)));
  return an_reply_json(r, 200, json_pack("{s:s}", "initial_password", pw));
}
