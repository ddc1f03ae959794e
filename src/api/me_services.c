/* The services a tenant's user may use (issue 10 item 15): every user of the company, members
 * included, sees the services their company has a contract for, with their address, so that
 * the dashboard can link to them (an_member_services chooses what is shown). */
#include "api/api.h"
#include "api/kinds.h"
#include "market/contract_reads.h"

AN_API_HANDLER(an_api_me_services, an_api_list, an_member_services)
