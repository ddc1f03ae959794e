/* The tenant's client-certificate CA and requirement (SLA-22). */
#include "api/api.h"
#include "api/kinds.h"
#include "http/json_in.h"
#include "identity/client_certs.h"

AN_API_HANDLER(an_api_client_ca_get, an_api_get, an_client_ca_get, 200, NULL)

an_ret an_api_client_ca_put(struct an_request *r)
{
  const char *pem = NULL;
  bool required = false;
  const struct an_jfield f[] = {
      {"certificate", AN_J_STRING, true, 1, 65536, &pem},
      {"required", AN_J_BOOL, true, 0, 0, &required},
  };
  AN_API_BODY_OR_RETURN(r, f);
  json_t *errs = NULL, *out = NULL;
  enum an_ec ec = an_client_ca_set(&r->ctx, r->db, pem, required, &errs);
  if (ec == AN_EC_OK)
    ec = an_client_ca_get(&r->ctx, r->db, &out);
  return an_api_answer_errs(r, ec, 200, NULL, out, errs);
}

an_ret an_api_client_ca_delete(struct an_request *r)
{
  enum an_ec ec = an_client_ca_delete(&r->ctx, r->db);
  return an_api_answer(r, ec, 204, NULL, NULL);
}
