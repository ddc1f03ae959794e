/* The breach workflow (MARK-7-6-1/2/3) for the operator's staff: record an incident with its APPI
 * deadlines, notify the people affected, record the publication and the reports. */
#include "api/api.h"
#include "http/json_in.h"
#include "support/breach.h"

static an_ret reply_or_problem(struct an_request *r, enum an_ec ec, json_t *out, const char *field,
                               unsigned status)
{
  if (ec == AN_EC_OK)
    return an_reply_json(r, status, json_pack("{s:o}", "breach", out));
  json_t *errs = NULL;
  if (ec == AN_EC_GENERIC_INVALID_FIELD && field)
    errs = json_pack(
        "[{s:s, s:s}]", "field", field, "detail",
        an_req_text(r, "この項目の値は受け付けられません。", "This value is not accepted."));
  return an_reply_problem(r, ec, NULL, errs);
}

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
  an_ret ret;
  if (!an_json_body_or_reply(r, f, 7, &ret))
    return ret;
  const struct an_breach_in in = {title, what, whose, found, malicious, tenant, emails};
  json_t *out = NULL;
  const char *bad = NULL;
  enum an_ec ec = an_breach_record(&r->ctx, r->db, &in, &out, &bad);
  return reply_or_problem(r, ec, out, bad, 201);
}

an_ret an_api_breach_list(struct an_request *r)
{
  json_t *out = NULL;
  enum an_ec ec = an_breach_list(&r->ctx, r->db, &out);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_json(r, 200, out);
}

an_ret an_api_breach_get(struct an_request *r)
{
  json_t *out = NULL;
  enum an_ec ec = an_breach_get(&r->ctx, r->db, an_req_param_id(r, "id"), &out);
  return reply_or_problem(r, ec, out, NULL, 200);
}

an_ret an_api_breach_notify(struct an_request *r)
{
  const char *subject = NULL, *body = NULL;
  const struct an_jfield f[] = {{"subject", AN_J_STRING, true, 1, 200, &subject},
                                {"body", AN_J_STRING, true, 1, 20000, &body}};
  an_ret ret;
  if (!an_json_body_or_reply(r, f, 2, &ret))
    return ret;
  json_t *out = NULL;
  enum an_ec ec = an_breach_notify(&r->ctx, r->db, an_req_param_id(r, "id"), subject, body, &out);
  return reply_or_problem(r, ec, out, NULL, 200);
}

an_ret an_api_breach_step(struct an_request *r)
{
  const char *step = NULL, *content = "";
  const struct an_jfield f[] = {{"step", AN_J_STRING, true, 1, 40, &step},
                                {"content", AN_J_STRING, false, 0, 20000, &content}};
  an_ret ret;
  if (!an_json_body_or_reply(r, f, 2, &ret))
    return ret;
  json_t *out = NULL;
  enum an_ec ec = an_breach_step(&r->ctx, r->db, an_req_param_id(r, "id"), step, content, &out);
  return reply_or_problem(r, ec, out, "step", 200);
}
