/* GET /api/v1/tenants/{id}/placement: where a tenant's own data lives (dedicated tenancy, WP-1),
 * read-only; the move itself is the CLI's (anshin tenant dedicate|share). */
#include "lifecycle/placement.h"
#include "api/api.h"

an_ret an_api_tenant_placement(struct an_request *r)
{
  json_t *p = NULL;
  enum an_ec ec = an_placement_show(&r->ctx, r->db, an_req_param_id(r, "id"), &p);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_json(r, 200, json_pack("{s:o}", "placement", p));
}
