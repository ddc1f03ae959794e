/* The lawful-disclosure register (WP-21, TOS-26) for operator admins. */
#include "api/api.h"
#include "api/kinds.h"
#include "http/json_in.h"
#include "support/disclosure.h"

/* The bodies of this file's routes (api/kinds.h). */
struct an_api_in {
  json_int_t tenant_id;
  const char *authority, *legal_basis, *data_disclosed, *disclosed_on;
  bool prior_notice_prohibited;
};
static const struct an_jbody_field disclosure_f[] = {
    AN_IN_INT(tenant_id, true, 1, INT64_MAX), AN_IN_TEXT(authority, true, 1, 200),
    AN_IN_TEXT(legal_basis, true, 1, 500),    AN_IN_TEXT(data_disclosed, true, 1, 5000),
    AN_IN_TEXT(disclosed_on, true, 10, 10),   AN_IN_BOOL(prior_notice_prohibited)};
const struct an_jbody an_api_disclosure_create_body = AN_IN_BODY(disclosure_f, NULL);

an_ret an_api_disclosure_create(struct an_request *r)
{
  const struct an_api_in *b = r->in;
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
