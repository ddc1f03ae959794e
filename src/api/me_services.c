/* The services a tenant's user may use (issue 10 item 15): every user of the company, members
 * included, sees the services their company has a contract for, with their address, so that
 * the dashboard can link to them (an_member_services chooses what is shown). */
#include "api/api.h"
#include "market/contract_reads.h"

an_ret an_api_me_services(struct an_request *r)
{
  json_t *items = json_array();
  int listed = an_member_services(&r->ctx, r->db, items);
  return an_reply_items(r, listed, items);
}
