/* The breach workflow (MARK-7-6-1/2/3) for the operator's staff: record an incident with its APPI
 * deadlines, notify the people affected, record the publication and the reports. */
#include "api/api.h"
#include "api/kinds.h"
#include "http/json_in.h"
#include "support/breach.h"

an_ret an_api_breach_create(struct an_request *r)
{
  const char *title = NULL, *what = NULL, *whose = NULL, *found = NULL, *emails = "";
  bool malicious = false;
  json_int_t tenant = 0;
  const struct an_jfield f[] = {{"title", AN_J_STRING, true, 1, 200, &title},
                                {"what_leaked", AN_J_STRING, true, 1, 5000, &what},
                                {"whose", AN_J_STRING, true, 1, 2000, &whose},
                                {"found_on", AN_J_STRING, true, 10, 10, &found},
                                {"malicious", AN_J_BOOL, false, 0, 0, &malicious},
                                {"affected_tenant_id", AN_J_INT, false, 1, INT64_MAX, &tenant},
                                {"affected_emails", AN_J_STRING, false, 0, 100000, &emails}};
  AN_API_BODY_OR_RETURN(r, f);
  const struct an_breach_in in = {title, what, whose, found, malicious, tenant, emails};
  json_t *out = NULL;
  const char *bad = NULL;
  enum an_ec ec = an_breach_record(&r->ctx, r->db, &in, &out, &bad);
  return an_api_answer_field(r, ec, 201, "breach", out, bad);
}

an_ret an_api_breach_list(struct an_request *r)
{
  return an_api_get(r, an_breach_list, 200, NULL);
}

an_ret an_api_breach_get(struct an_request *r)
{
  return an_api_id_get(r, an_breach_get, 200, "breach");
}

an_ret an_api_breach_notify(struct an_request *r)
{
  const char *subject = NULL, *body = NULL;
  const struct an_jfield f[] = {{"subject", AN_J_STRING, true, 1, 200, &subject},
                                {"body", AN_J_STRING, true, 1, 20000, &body}};
  AN_API_BODY_OR_RETURN(r, f);
  json_t *out = NULL;
  enum an_ec ec = an_breach_notify(&r->ctx, r->db, an_req_param_id(r, "id"), subject, body, &out);
  return an_api_answer_field(r, ec, 200, "breach", out, NULL);
}

an_ret an_api_breach_step(struct an_request *r)
{
  const char *step = NULL, *content = "";
  const struct an_jfield f[] = {{"step", AN_J_STRING, true, 1, 40, &step},
                                {"content", AN_J_STRING, false, 0, 20000, &content}};
  AN_API_BODY_OR_RETURN(r, f);
  json_t *out = NULL;
  enum an_ec ec = an_breach_step(&r->ctx, r->db, an_req_param_id(r, "id"), step, content, &out);
  return an_api_answer_field(r, ec, 200, "breach", out, "step");
}
