/* The monitor's probes for the operator (SLA-7, CHK-5): each probe's state and recent samples. */
#include "api/api.h"
#include "api/kinds.h"
#include "ops/monitor.h"

AN_API_HANDLER(an_api_monitor_get, an_api_lang_get, an_monitor_overview, 200, NULL)
