/* The tenant's client-certificate CA and requirement (SLA-22). */
#include "api/api.h"
#include "http/json_in.h"
#include "identity/client_certs.h"

an_ret an_api_client_ca_get(struct an_request *r)
{
  json_t *out = NULL;
  enum an_ec ec = an_client_ca_get(&r->ctx, r->db, &out);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_json(r, 200, out);
}

an_ret an_api_client_ca_put(struct an_request *r)
{
  const char *pem = NULL;
  bool required = false;
  const struct an_jfield f[] = {
      {"certificate", AN_J_STRING, true, 1, 65536, &pem},
      {"required", AN_J_BOOL, true, 0, 0, &required},
  };
  an_ret ret;
  if (!an_json_body_or_reply(r, f, 2, &ret))
    return ret;
  json_t *errs = NULL, *out = NULL;
  enum an_ec ec = an_client_ca_set(&r->ctx, r->db, pem, required, &errs);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, errs ? an_localize_errors(r, errs) : NULL);
  ec = an_client_ca_get(&r->ctx, r->db, &out);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_json(r, 200, out);
}

an_ret an_api_client_ca_delete(struct an_request *r)
{
  enum an_ec ec = an_client_ca_delete(&r->ctx, r->db);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_empty(r, 204);
}
