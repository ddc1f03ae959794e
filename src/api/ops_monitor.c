/* The monitor's probes for the operator (SLA-7, CHK-5): each probe's state and recent samples. */
#include "api/api.h"
#include "api/kinds.h"
#include "ops/monitor.h"

an_ret an_api_monitor_get(struct an_request *r)
{
  json_t *out = NULL;
  enum an_ec ec = an_monitor_overview(&r->ctx, r->db, r->lang, &out);
  return an_api_answer(r, ec, 200, NULL, out);
}
