/* The live self-assessment for the operator (issue 16 items 2, 3, 6): requirement statuses with
 * their evidence, evaluation on demand, the history of changes, and attestations. */
#include "api/api.h"
#include "api/bodies.h"
#include "api/kinds.h"
#include "compliance/attest.h"
#include "compliance/history.h"
#include "http/json_in.h"

AN_API_HANDLER(an_api_compliance_requirements, an_api_lang_get, an_compliance_requirements, 200,
               NULL)

AN_API_HANDLER(an_api_compliance_evaluate, an_api_lang_get, an_compliance_evaluate_now, 200, NULL)

an_ret an_api_compliance_history(struct an_request *r)
{
  json_t *out = NULL;
  enum an_ec ec =
      an_compliance_history(&r->ctx, r->db, an_req_query(r, "requirement"), r->lang, &out);
  return an_api_answer(r, ec, 200, NULL, out);
}

an_ret an_api_attestation_create(struct an_request *r)
{
  const struct an_in_compliance_live *b = r->in;
  const struct an_attest_in in = {
      b->requirement,        b->attested_by, b->role,
      b->attested_on,        b->expires_on,  an_api_or(b->document_ref, ""),
      an_api_or(b->note, "")};
  json_t *out = NULL;
  const char *field = NULL;
  enum an_ec ec = an_attest_add(&r->ctx, r->db, &in, &field, &out);
  return an_api_answer_field(r, ec, 201, "attestation", out, field);
}

AN_API_HANDLER(an_api_attestation_list, an_api_get, an_attest_list, 200, NULL)

an_ret an_api_attestation_delete(struct an_request *r)
{
  enum an_ec ec = an_attest_revoke(&r->ctx, r->db, an_req_param_id(r, "id"));
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_empty(r, 204);
}
