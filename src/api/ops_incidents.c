/* Incidents and failure reports (SLA-6, SLA-8, SLA-31, WP-19): operator staff record and update
 * them; anyone reports a failure. */
#include <stdlib.h>

#include "api/api.h"
#include "api/bodies.h"
#include "api/kinds.h"
#include "api/ops_util.h"
#include "api/public_rate.h"
#include "http/json_in.h"
#include "ops/ops.h"

an_ret an_api_incident_create(struct an_request *r)
{
  struct an_ops_incident_in in = {0};
  const char *started = NULL, *resolved = NULL, *detected = NULL;
  const struct an_jfield f[] = {
      {"title", AN_J_STRING, true, 1, 200, &in.title},
      {"impact", AN_J_STRING, true, 1, 40, &in.impact},
      {"status", AN_J_STRING, false, 1, 40, &in.status},
      {"body", AN_J_STRING, false, 0, 5000, &in.body},
      {"service_ids", AN_J_IDS, false, 0, 100, &in.services},
      {"started_at", AN_J_STRING, true, 10, 40, &started},
      {"resolved_at", AN_J_STRING, false, 10, 40, &resolved},
      {"detected_at", AN_J_STRING, false, 10, 40, &detected},
      {"reach_half", AN_J_BOOL, false, 0, 0, &in.reach_half},
  };
  an_ret ret;
  if (!an_json_body_or_reply(r, f, 9, &ret) ||
      !an_api_instant_or_reply(r, "started_at", started, &in.started_at, &ret) ||
      !an_api_instant_or_reply(r, "resolved_at", resolved, &in.resolved_at, &ret) ||
      !an_api_instant_or_reply(r, "detected_at", detected, &in.detected_at, &ret))
    return ret;
  json_t *inc = NULL;
  const char *field = NULL;
  enum an_ec ec = an_ops_incident_create(&r->ctx, r->db, &in, &field, &inc);
  return an_api_ops_answer(r, ec, field, NULL, 201, "incident", inc);
}

an_ret an_api_incident_list(struct an_request *r)
{
  json_t *items = json_array();
  int n = an_ops_incident_list(&r->ctx, r->db, an_req_query(r, "status"), items);
  return an_reply_items(r, n, items);
}

AN_API_HANDLER(an_api_incident_get, an_api_id_get, an_ops_incident_get, 200, "incident")

an_ret an_api_incident_update(struct an_request *r)
{
  const char *status = NULL, *impact = NULL, *body = NULL, *resolved = NULL;
  const struct an_jfield f[] = {
      {"status", AN_J_STRING, true, 1, 40, &status},
      {"impact", AN_J_STRING, false, 1, 40, &impact},
      {"body", AN_J_STRING, false, 0, 5000, &body},
      {"resolved_at", AN_J_STRING, false, 10, 40, &resolved},
  };
  an_ret ret;
  int64_t resolved_at = 0;
  if (!an_json_body_or_reply(r, f, 4, &ret) ||
      !an_api_instant_or_reply(r, "resolved_at", resolved, &resolved_at, &ret))
    return ret;
  json_t *inc = NULL;
  const char *field = NULL;
  enum an_ec ec = an_ops_incident_update(&r->ctx, r->db, an_req_param_id(r, "id"), status, impact,
                                         body, resolved_at, &field, &inc);
  return an_api_ops_answer(r, ec, field, NULL, 200, "incident", inc);
}

an_ret an_api_incident_postmortem(struct an_request *r)
{
  const struct an_in_ops_incidents *in = r->in;
  json_t *inc = NULL;
  enum an_ec ec =
      an_ops_incident_postmortem(&r->ctx, r->db, an_req_param_id(r, "id"), in->postmortem, &inc);
  return an_api_answer(r, ec, 200, "incident", inc);
}

an_ret an_api_incident_stats(struct an_request *r)
{
  const char *y = an_req_query(r, "year");
  char *end = NULL;
  long year = y ? strtol(y, &end, 10) : 0;
  if (!y || *end || year < 2000 || year > 2100)
    return an_api_ops_refusal(r, AN_EC_GENERIC_INVALID_FIELD, "year", NULL);
  json_t *out = NULL;
  enum an_ec ec = an_ops_incident_stats(&r->ctx, r->db, (int)year, &out);
  return an_api_answer(r, ec, 200, NULL, out);
}

an_ret an_api_failure_report(struct an_request *r)
{
  const struct an_in_ops_incidents *in = r->in;
  int64_t receipt = 0;
  enum an_ec ec = an_ops_failure_report(&r->ctx, r->db, in->title, in->description,
                                        an_api_or(in->reporter_name, ""),
                                        an_api_or(in->reporter_email, ""), &receipt);
  return an_api_answer(r, ec, 201, NULL, json_pack("{s:I}", "receipt", (json_int_t)receipt));
}
