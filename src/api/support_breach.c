/* The breach workflow (MARK-7-6-1/2/3) for the operator's staff: record an incident with its APPI
 * deadlines, notify the people affected, record the publication and the reports. */
#include "api/api.h"
#include "api/bodies.h"
#include "api/kinds.h"
#include "http/json_in.h"
#include "support/breach.h"

an_ret an_api_breach_create(struct an_request *r)
{
  const struct an_in_support_breach *b = r->in;
  const struct an_breach_in in = {b->title,
                                  b->what_leaked,
                                  b->whose,
                                  b->found_on,
                                  b->malicious,
                                  b->affected_tenant_id,
                                  an_api_or(b->affected_emails, "")};
  json_t *out = NULL;
  const char *bad = NULL;
  enum an_ec ec = an_breach_record(&r->ctx, r->db, &in, &out, &bad);
  return an_api_answer_field(r, ec, 201, "breach", out, bad);
}

AN_API_HANDLER(an_api_breach_list, an_api_get, an_breach_list, 200, NULL)

AN_API_HANDLER(an_api_breach_get, an_api_id_get, an_breach_get, 200, "breach")

an_ret an_api_breach_notify(struct an_request *r)
{
  const struct an_in_support_breach *b = r->in;
  json_t *out = NULL;
  enum an_ec ec =
      an_breach_notify(&r->ctx, r->db, an_req_param_id(r, "id"), b->subject, b->body, &out);
  return an_api_answer_field(r, ec, 200, "breach", out, NULL);
}

an_ret an_api_breach_step(struct an_request *r)
{
  const struct an_in_support_breach *b = r->in;
  json_t *out = NULL;
  enum an_ec ec = an_breach_step(&r->ctx, r->db, an_req_param_id(r, "id"), b->step,
                                 an_api_or(b->content, ""), &out);
  return an_api_answer_field(r, ec, 200, "breach", out, "step");
}
