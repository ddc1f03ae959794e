/* Whole-company deletion with two-person approval and the deletion certificates (issue 14). */
#include <stdlib.h>

#include "api/api.h"
#include "http/json_in.h"
#include "lifecycle/console.h"

an_ret an_api_erasure_list(struct an_request *r)
{
  json_t *items = json_array();
  enum an_ec ec = an_erasure_list(&r->ctx, r->db, items);
  if (ec != AN_EC_OK) {
    json_decref(items);
    return an_reply_problem(r, ec, NULL, NULL);
  }
  return an_reply_items(r, 0, items);
}

an_ret an_api_erasure_create(struct an_request *r)
{
  const char *code = NULL, *reason = NULL;
  const struct an_jfield f[] = {
      {"company_code", AN_J_STRING, true, 3, 32, &code},
      {"reason", AN_J_STRING, true, 1, 500, &reason},
  };
  an_ret ret;
  if (!an_json_body_or_reply(r, f, 2, &ret))
    return ret;
  json_t *out = NULL;
  enum an_ec ec = an_erasure_create(&r->ctx, r->db, code, reason, &out);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_json(r, 201, out);
}

an_ret an_api_erasure_approve(struct an_request *r)
{
  json_t *out = NULL;
  enum an_ec ec = an_erasure_approve(&r->ctx, r->db, an_req_param_id(r, "id"), &out);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_json(r, 200, out);
}

an_ret an_api_certificate_list(struct an_request *r)
{
  json_t *items = json_array();
  enum an_ec ec = an_certificate_list(&r->ctx, r->db, items);
  if (ec != AN_EC_OK) {
    json_decref(items);
    return an_reply_problem(r, ec, NULL, NULL);
  }
  return an_reply_items(r, 0, items);
}

an_ret an_api_certificate_get(struct an_request *r)
{
  json_t *out = NULL;
  enum an_ec ec = an_certificate_get(&r->ctx, r->db, an_req_param_id(r, "id"), &out);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_json(r, 200, out);
}

an_ret an_api_certificate_pdf(struct an_request *r)
{
  struct an_buf b = {0};
  char *name = NULL;
  enum an_ec ec = an_certificate_pdf(&r->ctx, r->db, an_req_param_id(r, "id"), &b, &name);
  if (ec != AN_EC_OK) {
    an_buf_free(&b);
    free(name);
    return an_reply_problem(r, ec, NULL, NULL);
  }
  size_t len = b.len;
  an_ret ret = an_reply_attachment(r, "application/pdf", name, an_buf_steal(&b), len, NULL);
  free(name);
  return ret;
}
