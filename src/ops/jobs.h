/* The operations jobs of `anshin serve`: every [ops] jobs_interval_ms, announcements whose
 * publish time has come are mailed to their audience (each once, claimed in the database, so
 * every instance may run the job). */
#ifndef AN_OPS_JOBS_H
#define AN_OPS_JOBS_H
#include "core/config.h"
#include "crypto/keys.h"

/* Starts and stops the thread. */
void an_ops_jobs_start(const struct an_config *cfg, const struct an_keys *keys);
void an_ops_jobs_stop(void);

#endif
