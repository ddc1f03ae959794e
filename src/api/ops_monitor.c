/* The monitor's probes for the operator (SLA-7, CHK-5): each probe's state and recent samples. */
#include "api/api.h"
#include "api/kinds.h"
#include "ops/monitor.h"

an_ret an_api_monitor_get(struct an_request *r)
{
  return an_api_lang_get(r, an_monitor_overview, 200, NULL);
}
