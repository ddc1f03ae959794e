/* The lawful-disclosure register (WP-21, TOS-26) for operator admins. */
#include "api/api.h"
#include "api/bodies.h"
#include "api/kinds.h"
#include "http/json_in.h"
#include "support/disclosure.h"

an_ret an_api_disclosure_create(struct an_request *r)
{
  const struct an_in_support_disclosure *b = r->in;
  const struct an_disclosure_in in = {b->tenant_id,    b->authority,
                                      b->legal_basis,  b->data_disclosed,
                                      b->disclosed_on, b->prior_notice_prohibited};
  json_t *out = NULL;
  const char *bad = NULL;
  enum an_ec ec = an_disclosure_record(&r->ctx, r->db, &in, &out, &bad);
  return an_api_answer_field(r, ec, 201, "disclosure", out, bad);
}

AN_API_HANDLER(an_api_disclosure_notify, an_api_id_get, an_disclosure_notify, 200, "disclosure")

AN_API_HANDLER(an_api_disclosure_list, an_api_get, an_disclosure_list, 200, NULL)
