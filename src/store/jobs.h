/* The durable job table: scheduled work that survives restarts. A job is claimed by setting a
 * lease in a transaction, so with several instances exactly one runs it; an instance that dies
 * mid-job leaves a lease that expires and the job runs again (jobs are idempotent). */
#ifndef AN_STORE_JOBS_H
#define AN_STORE_JOBS_H
#include <jansson.h>
#include <stdint.h>

#include "core/spec.h"
#include "store/db.h"

/* Schedules kind for ref_id at due_at (once: the same kind, ref and time is one job). */
int an_store_job_add(struct an_db *db, const char *kind, int64_t ref_id, int64_t due_at,
                     int64_t now);
/* A claimed job. */
struct an_job {
  int64_t id;
  char *kind;
  int64_t ref_id;
  int64_t due_at; /* microseconds */
  int64_t attempts;
  int64_t fence; /* the claim's fencing token: attempts after this claim */
  uint64_t nulls;
};
extern const struct an_spec an_job_spec;
/* Claims the oldest due pending job whose lease has expired: sets its lease to lease_until and
 * counts the attempt. out gets the job (release with an_spec_clear): attempts is the count
 * before this claim, fence the claim's fencing token (the count after it). Returns 1, 0, or
 * error. */
int an_store_job_claim(struct an_db *db, int64_t now, int64_t lease_until, struct an_job *out);
/* Sets the job's outcome (status "done", "failed" or back to "pending") if the claim with
 * token fence is still the job's latest and the job is pending. Returns 1, or 0 when another
 * instance claimed the job since (its lease lapsed: this holder must not complete it; in the
 * job's own transaction, call it first and roll back on 0, so its row stays locked and the work
 * commits at most once), or an error. */
int an_store_job_finish(struct an_db *db, int64_t id, int64_t fence, const char *status,
                        const char *error, int64_t now);
/* Takes or renews the standing lease `kind` (a row of the leases table, same rule as a job's
 * lease) for holder until `until`, when holder has it already or its lease ran out by now. Runs
 * as one statement (its own transaction outside one). Returns 1 when holder has the lease, 0
 * when another holder does, or an error. */
int an_store_job_lease(struct an_db *db, const char *kind, const char *holder, int64_t now,
                       int64_t until);

#endif
