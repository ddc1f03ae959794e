/* The lawful-disclosure register (WP-21, TOS-26) for operator admins. */
#include "api/api.h"
#include "api/kinds.h"
#include "http/json_in.h"
#include "support/disclosure.h"

an_ret an_api_disclosure_create(struct an_request *r)
{
  const char *authority = NULL, *basis = NULL, *data = NULL, *on = NULL;
  json_int_t tenant = 0;
  bool prohibited = false;
  const struct an_jfield f[] = {{"tenant_id", AN_J_INT, true, 1, INT64_MAX, &tenant},
                                {"authority", AN_J_STRING, true, 1, 200, &authority},
                                {"legal_basis", AN_J_STRING, true, 1, 500, &basis},
                                {"data_disclosed", AN_J_STRING, true, 1, 5000, &data},
                                {"disclosed_on", AN_J_STRING, true, 10, 10, &on},
                                {"prior_notice_prohibited", AN_J_BOOL, false, 0, 0, &prohibited}};
  AN_API_BODY_OR_RETURN(r, f);
  const struct an_disclosure_in in = {tenant, authority, basis, data, on, prohibited};
  json_t *out = NULL;
  const char *bad = NULL;
  enum an_ec ec = an_disclosure_record(&r->ctx, r->db, &in, &out, &bad);
  return an_api_answer_field(r, ec, 201, "disclosure", out, bad);
}

an_ret an_api_disclosure_notify(struct an_request *r)
{
  return an_api_id_get(r, an_disclosure_notify, 200, "disclosure");
}

an_ret an_api_disclosure_list(struct an_request *r)
{
  return an_api_get(r, an_disclosure_list, 200, NULL);
}
