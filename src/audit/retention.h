/* The retention job: with [audit] retention_days set, `anshin serve` purges older events once
 * an hour (at start, then hourly). Several instances may run it: each purge is one transaction
 * serialised on the audit head, so a second one finds nothing left to purge. */
#ifndef AN_AUDIT_RETENTION_H
#define AN_AUDIT_RETENTION_H
#include "core/config.h"
#include "crypto/keys.h"

/* Starts the job's thread (nothing when retention is 0). */
void an_retention_start(const struct an_config *cfg, const struct an_keys *keys);
/* Stops it and waits for it. */
void an_retention_stop(void);

#endif
