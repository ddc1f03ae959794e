/* The lawful-disclosure register (WP-21, TOS-26) for operator admins. */
#include "api/api.h"
#include "api/kinds.h"
#include "http/json_in.h"
#include "support/disclosure.h"

struct disclosure_body {
  json_int_t tenant_id;
  const char *authority, *legal_basis, *data_disclosed, *disclosed_on;
  bool prior_notice_prohibited;
};
static const struct an_jbody_field disclosure_f[] = {
    AN_JB(struct disclosure_body, tenant_id, AN_J_INT, true, 1, INT64_MAX),
    AN_JB(struct disclosure_body, authority, AN_J_STRING, true, 1, 200),
    AN_JB(struct disclosure_body, legal_basis, AN_J_STRING, true, 1, 500),
    AN_JB(struct disclosure_body, data_disclosed, AN_J_STRING, true, 1, 5000),
    AN_JB(struct disclosure_body, disclosed_on, AN_J_STRING, true, 10, 10),
    AN_JB(struct disclosure_body, prior_notice_prohibited, AN_J_BOOL, false, 0, 0)};
const struct an_jbody an_api_disclosure_create_body =
    AN_JBODY(struct disclosure_body, disclosure_f, NULL);

an_ret an_api_disclosure_create(struct an_request *r)
{
  const struct disclosure_body *b = r->in;
  const struct an_disclosure_in in = {b->tenant_id,    b->authority,
                                      b->legal_basis,  b->data_disclosed,
                                      b->disclosed_on, b->prior_notice_prohibited};
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
