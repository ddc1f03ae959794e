/* The market worker: a background thread of `anshin serve` that runs due jobs from the durable
 * job table (plan changes on their date, contract ends, service ends) and delivers webhooks.
 * Every [market] poll_interval_ms. Each job runs in one transaction with its claim released, so
 * a crash re-runs it after the lease and the jobs are written to be idempotent. */
#ifndef AN_MARKET_WORKER_H
#define AN_MARKET_WORKER_H
#include <stdbool.h>

#include "core/config.h"
#include "crypto/keys.h"

bool an_market_worker_start(const struct an_config *cfg, const struct an_keys *keys);
void an_market_worker_stop(void);
/* One pass (for the command line and tests): runs every due job and delivery. Returns the number
 * of jobs run or a negative error. */
int an_market_run_due(const struct an_config *cfg, const struct an_keys *keys);

#endif
