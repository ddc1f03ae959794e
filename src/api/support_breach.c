/* The breach workflow (MARK-7-6-1/2/3) for the operator's staff: record an incident with its APPI
 * deadlines, notify the people affected, record the publication and the reports. */
#include "api/api.h"
#include "api/kinds.h"
#include "http/json_in.h"
#include "support/breach.h"

/* The bodies of the breach's writes: the record, a notice to the people affected, a step. */
struct breach_body {
  const char *title, *what_leaked, *whose, *found_on, *affected_emails;
  bool malicious;
  json_int_t affected_tenant_id;
  const char *subject, *body, *step, *content;
};
static const struct an_jbody_field create_f[] = {
    AN_JB(struct breach_body, title, AN_J_STRING, true, 1, 200),
    AN_JB(struct breach_body, what_leaked, AN_J_STRING, true, 1, 5000),
    AN_JB(struct breach_body, whose, AN_J_STRING, true, 1, 2000),
    AN_JB(struct breach_body, found_on, AN_J_STRING, true, 10, 10),
    AN_JB(struct breach_body, malicious, AN_J_BOOL, false, 0, 0),
    AN_JB(struct breach_body, affected_tenant_id, AN_J_INT, false, 1, INT64_MAX),
    AN_JB(struct breach_body, affected_emails, AN_J_STRING, false, 0, 100000)};
const struct an_jbody an_api_breach_create_body = AN_JBODY(struct breach_body, create_f, NULL);
static const struct an_jbody_field notify_f[] = {
    AN_JB(struct breach_body, subject, AN_J_STRING, true, 1, 200),
    AN_JB(struct breach_body, body, AN_J_STRING, true, 1, 20000)};
const struct an_jbody an_api_breach_notify_body = AN_JBODY(struct breach_body, notify_f, NULL);
static const struct an_jbody_field step_f[] = {
    AN_JB(struct breach_body, step, AN_J_STRING, true, 1, 40),
    AN_JB(struct breach_body, content, AN_J_STRING, false, 0, 20000)};
const struct an_jbody an_api_breach_step_body = AN_JBODY(struct breach_body, step_f, NULL);

an_ret an_api_breach_create(struct an_request *r)
{
  const struct breach_body *b = r->in;
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
  const struct breach_body *b = r->in;
  json_t *out = NULL;
  enum an_ec ec =
      an_breach_notify(&r->ctx, r->db, an_req_param_id(r, "id"), b->subject, b->body, &out);
  return an_api_answer_field(r, ec, 200, "breach", out, NULL);
}

an_ret an_api_breach_step(struct an_request *r)
{
  const struct breach_body *b = r->in;
  json_t *out = NULL;
  enum an_ec ec = an_breach_step(&r->ctx, r->db, an_req_param_id(r, "id"), b->step,
                                 an_api_or(b->content, ""), &out);
  return an_api_answer_field(r, ec, 200, "breach", out, "step");
}
