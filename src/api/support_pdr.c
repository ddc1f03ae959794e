/* Personal-data requests (MARK-7-5-2): a contractor's user files one while logged in; anyone
 * else from the public support page, verified by a code mailed to the address; staff record the
 * outcome; a verified disclosure is downloaded as JSON or CSV. */
#include <string.h>

#include "api/api.h"
#include "api/bodies.h"
#include "api/kinds.h"
#include "api/public_rate.h"
#include "http/json_in.h"
#include "support/pdr.h"

/* Both routes (a user's and the public's): the route's body says which fields came. */
an_ret an_api_pdr_create(struct an_request *r)
{
  const struct an_in_support_pdr *b = r->in;
  const struct an_pdr_in in = {b->kind, an_api_or(b->detail, ""), an_api_or(b->email, ""),
                               an_api_or(b->name, ""), r->lang};
  json_t *out = NULL;
  const char *bad = NULL;
  enum an_ec ec = an_pdr_file(&r->ctx, r->db, &in, &out, &bad);
  return an_api_answer_field(r, ec, 201, "request", out, bad);
}

an_ret an_api_pdr_verify(struct an_request *r)
{
  const struct an_in_support_pdr *in = r->in;
  json_t *out = NULL;
  enum an_ec ec = an_pdr_verify(&r->ctx, r->db, an_req_param_id(r, "id"), in->code, &out);
  return an_api_answer(r, ec, 200, "request", out);
}

AN_API_HANDLER(an_api_pdr_list, an_api_get, an_pdr_list, 200, NULL)

an_ret an_api_pdr_complete(struct an_request *r)
{
  const char *outcome = NULL, *note = "";
  struct an_pdr_action a = {NULL, NULL, NULL};
  const struct an_jfield f[] = {{"outcome", AN_J_STRING, true, 1, 20, &outcome},
                                {"note", AN_J_STRING, false, 0, 5000, &note},
                                /* a granted correction: the corrected name and/or address */
                                {"display_name", AN_J_STRING, false, 1, 256, &a.display_name},
                                {"email", AN_J_STRING, false, 3, 254, &a.email},
                                /* a granted stop: "disable" or "delete" the accounts */
                                {"account", AN_J_STRING, false, 1, 10, &a.account}};
  AN_API_BODY_OR_RETURN(r, f);
  json_t *out = NULL;
  const char *bad = NULL;
  enum an_ec ec =
      an_pdr_complete(&r->ctx, r->db, an_req_param_id(r, "id"), outcome, note, &a, &out, &bad);
  return an_api_answer_field(r, ec, 200, "request", out, bad);
}

an_ret an_api_pdr_download(struct an_request *r)
{
  const char *format = an_req_query(r, "format");
  if (format && strcmp(format, "json") && strcmp(format, "csv"))
    return an_api_refusal(r, AN_EC_GENERIC_INVALID_FIELD, "format");
  const char *token = an_req_query(r, "token");
  if (r->ctx.scope.kind == AN_SCOPE_PUBLIC && (!token || !token[0]))
    return an_api_refusal(r, AN_EC_GENERIC_INVALID_FIELD, "token");
  char *body = NULL;
  size_t len = 0;
  enum an_ec ec = an_pdr_download(&r->ctx, r->db, an_req_param_id(r, "id"),
                                  an_req_query(r, "token"), format, &body, &len);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  bool csv = format && !strcmp(format, "csv");
  return an_reply_attachment(r, csv ? "text/csv; charset=utf-8" : "application/json",
                             csv ? "personal-data.csv" : "personal-data.json", body, len, NULL);
}
