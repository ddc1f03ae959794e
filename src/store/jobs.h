/* The durable job table: scheduled work that survives restarts. A job is claimed by setting a
 * lease in a transaction, so with several instances exactly one runs it; an instance that dies
 * mid-job leaves a lease that expires and the job runs again (jobs are idempotent). */
#ifndef AN_STORE_JOBS_H
#define AN_STORE_JOBS_H
#include <jansson.h>
#include <stdint.h>

#include "store/db.h"

/* Schedules kind for ref_id at due_at (once: the same kind, ref and time is one job). */
int an_store_job_add(struct an_db *db, const char *kind, int64_t ref_id, int64_t due_at,
                     int64_t now);
/* Claims the oldest due pending job whose lease has expired: sets its lease to lease_until and
 * counts the attempt. *out gets {id, kind, ref_id, due_at, attempts, fence}: fence is the
 * claim's fencing token (the attempt count after this claim). Returns 1, 0, or error. */
int an_store_job_claim(struct an_db *db, int64_t now, int64_t lease_until, json_t **out);
/* Sets the job's outcome (status "done", "failed" or back to "pending") if the claim with
 * token fence is still the job's latest and the job is pending. Returns 1, or 0 when another
 * instance claimed the job since (its lease lapsed: this holder must not complete it; in the
 * job's own transaction, call it first and roll back on 0, so its row stays locked and the work
 * commits at most once), or an error. */
int an_store_job_finish(struct an_db *db, int64_t id, int64_t fence, const char *status,
                        const char *error, int64_t now);
/* Pending jobs of kind for ref_id (for views and tests). */
int an_store_job_list(struct an_db *db, const char *kind, int64_t ref_id, json_t *out);
/* Takes or renews the standing lease `kind` (a row of the leases table, same rule as a job's
 * lease) for holder until `until`, when holder has it already or its lease ran out by now. Runs
 * as one statement (its own transaction outside one). Returns 1 when holder has the lease, 0
 * when another holder does, or an error. */
int an_store_job_lease(struct an_db *db, const char *kind, const char *holder, int64_t now,
                       int64_t until);

#endif
