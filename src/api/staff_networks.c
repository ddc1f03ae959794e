/* The networks one staff account may work from (CHK-9). */
#include "identity/staff_networks.h"
#include "api/api.h"
#include "api/kinds.h"
#include "http/json_in.h"

AN_API_HANDLER(an_api_staff_networks_get, an_api_id_get, an_staff_networks_get, 200, NULL)

an_ret an_api_staff_networks_put(struct an_request *r)
{
  json_t *entries = NULL, *errs = NULL, *out = NULL;
  const struct an_jfield f[] = {{"entries", AN_J_STRINGS, true, 0, 100, &entries}};
  AN_API_BODY_OR_RETURN(r, f);
  int64_t id = an_req_param_id(r, "id");
  enum an_ec ec = an_staff_networks_set(&r->ctx, r->db, id, entries, &errs);
  if (ec == AN_EC_OK)
    ec = an_staff_networks_get(&r->ctx, r->db, id, &out);
  return an_api_answer_errs(r, ec, 200, NULL, out, errs);
}
