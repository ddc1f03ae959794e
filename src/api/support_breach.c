/* The breach workflow (MARK-7-6-1/2/3) for the operator's staff: record an incident with its APPI
 * deadlines, notify the people affected, record the publication and the reports. */
#include "api/api.h"
#include "api/kinds.h"
#include "http/json_in.h"
#include "support/breach.h"

/* The bodies of the breach's writes: the record, a notice to the people affected, a step. */
/* The bodies of this file's routes (api/kinds.h). */
struct an_api_in {
  const char *title, *what_leaked, *whose, *found_on, *affected_emails;
  bool malicious;
  json_int_t affected_tenant_id;
  const char *subject, *body, *step, *content;
};
static const struct an_jbody_field create_f[] = {AN_IN_TEXT(title, true, 1, 200),
                                                 AN_IN_TEXT(what_leaked, true, 1, 5000),
                                                 AN_IN_TEXT(whose, true, 1, 2000),
                                                 AN_IN_TEXT(found_on, true, 10, 10),
                                                 AN_IN_BOOL(malicious),
                                                 AN_IN_INT(affected_tenant_id, false, 1, INT64_MAX),
                                                 AN_IN_TEXT(affected_emails, false, 0, 100000)};
const struct an_jbody an_api_breach_create_body = AN_IN_BODY(create_f, NULL);
static const struct an_jbody_field notify_f[] = {AN_IN_TEXT(subject, true, 1, 200),
                                                 AN_IN_TEXT(body, true, 1, 20000)};
const struct an_jbody an_api_breach_notify_body = AN_IN_BODY(notify_f, NULL);
static const struct an_jbody_field step_f[] = {AN_IN_TEXT(step, true, 1, 40),
                                               AN_IN_TEXT(content, false, 0, 20000)};
const struct an_jbody an_api_breach_step_body = AN_IN_BODY(step_f, NULL);

an_ret an_api_breach_create(struct an_request *r)
{
  const struct an_api_in *b = r->in;
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
  const struct an_api_in *b = r->in;
  json_t *out = NULL;
  enum an_ec ec =
      an_breach_notify(&r->ctx, r->db, an_req_param_id(r, "id"), b->subject, b->body, &out);
  return an_api_answer_field(r, ec, 200, "breach", out, NULL);
}

an_ret an_api_breach_step(struct an_request *r)
{
  const struct an_api_in *b = r->in;
  json_t *out = NULL;
  enum an_ec ec = an_breach_step(&r->ctx, r->db, an_req_param_id(r, "id"), b->step,
                                 an_api_or(b->content, ""), &out);
  return an_api_answer_field(r, ec, 200, "breach", out, "step");
}
