/* The lawful-disclosure register (WP-21, TOS-26) for operator admins. */
#include "api/api.h"
#include "http/json_in.h"
#include "support/disclosure.h"

static an_ret answer(struct an_request *r, enum an_ec ec, json_t *out, const char *field,
                     unsigned status)
{
  if (ec == AN_EC_OK)
    return an_reply_json(r, status, json_pack("{s:o}", "disclosure", out));
  json_t *errs = NULL;
  if (ec == AN_EC_GENERIC_INVALID_FIELD && field)
    errs = json_pack(
        "[{s:s, s:s}]", "field", field, "detail",
        an_req_text(r, "この項目の値は受け付けられません。", "This value is not accepted."));
  return an_reply_problem(r, ec, NULL, errs);
}

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
  an_ret ret;
  if (!an_json_body_or_reply(r, f, 6, &ret))
    return ret;
  const struct an_disclosure_in in = {tenant, authority, basis, data, on, prohibited};
  json_t *out = NULL;
  const char *bad = NULL;
  enum an_ec ec = an_disclosure_record(&r->ctx, r->db, &in, &out, &bad);
  return answer(r, ec, out, bad, 201);
}

an_ret an_api_disclosure_notify(struct an_request *r)
{
  json_t *out = NULL;
  enum an_ec ec = an_disclosure_notify(&r->ctx, r->db, an_req_param_id(r, "id"), &out);
  return answer(r, ec, out, NULL, 200);
}

an_ret an_api_disclosure_list(struct an_request *r)
{
  json_t *out = NULL;
  enum an_ec ec = an_disclosure_list(&r->ctx, r->db, &out);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_json(r, 200, out);
}
