/* Art. 4 (issue 10 item 18): the material terms version a tenant's users are asked about at
 * login, and its admin's acknowledgement. */
#include "market/terms_ack.h"
#include "api/api.h"
#include "api/kinds.h"
#include "api/market_util.h"
#include "http/json_in.h"

an_ret an_api_terms_ack_get(struct an_request *r)
{
  json_t *out = NULL;
  enum an_ec ec = an_terms_ack_status(&r->ctx, r->db, &out);
  return an_api_market_reply(r, ec, 200, NULL, out);
}

an_ret an_api_terms_ack_post(struct an_request *r)
{
  json_int_t id = 0;
  const struct an_jfield f[] = {{"document_id", AN_J_INT, true, 1, INT64_MAX, &id}};
  AN_API_BODY_OR_RETURN(r, f);
  enum an_ec ec = an_terms_acknowledge(&r->ctx, r->db, id);
  json_t *out = NULL;
  if (ec == AN_EC_OK)
    ec = an_terms_ack_status(&r->ctx, r->db, &out);
  return an_api_market_reply(r, ec, 200, NULL, out);
}
