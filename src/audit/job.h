/* The scaffolding every background job shares: one round's system context with a connection of
 * its own, and the standing lease that lets one instance of several run the job. It sits in the
 * lowest domain layer because the audit log's own jobs (retention, the sequencer) are among its
 * users; the jobs above (dunning, reminders, backups, compliance, ...) reach it from there. */
#ifndef AN_AUDIT_JOB_H
#define AN_AUDIT_JOB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "store/db.h"

/* Opens a connection for one round of a background job and fills ctx as the system
 * (an_ctx_system: actor, request_id). Returns the connection (close with an_db_close), or NULL
 * when the database cannot be reached: that is logged as a warning naming actor, and ctx is
 * still filled (a job that probes the database itself runs on without one). */
struct an_db *an_job_round_open(struct an_ctx *ctx, const struct an_config *cfg,
                                const struct an_keys *keys, const char *actor,
                                const char *request_id);

/* Writes this instance's name in a standing lease, "host:pid", into out (n bytes). */
void an_job_holder(char *out, size_t n);

/* The lapse of a lease renewed every interval_ms: `rounds` intervals and ten seconds more, so a
 * slow round never loses it to another instance while its holder lives. */
int64_t an_job_lapse_us(int rounds, long interval_ms);

/* Takes or renews the standing lease kind for holder until lapse_us after ctx->now. Returns 1
 * when holder has it, 0 when another holder does, or an error. */
int an_job_lease(const struct an_ctx *ctx, struct an_db *db, const char *kind, const char *holder,
                 int64_t lapse_us);

/* Hands the lease kind back (at stop), on a connection of its own, so another instance (or this
 * one restarted) takes over at once. A database that cannot be reached is left alone: the lease
 * then lapses by itself. */
void an_job_lease_return(const struct an_config *cfg, const char *kind, const char *holder);

/* A standing job: a periodic thread whose every round opens a connection, takes or renews the
 * lease named lease for this instance and, when it holds it, runs round as the system named actor
 * (one instance of several at a time). Set lease, actor, request_id and round; the rest is the
 * job's own state, filled by an_leased_job_start. */
struct an_leased_job {
  const char *lease, *actor, *request_id;
  void (*round)(const struct an_ctx *ctx, struct an_db *db);
  const struct an_config *cfg;
  const struct an_keys *keys;
  int64_t lapse_us; /* how long the lease outlives its holder's last round */
  char holder[96];
  struct an_periodic *thread;
};

/* Starts j's thread (once; a running job is left alone): a round at once, then every
 * interval_ms. Returns false when the thread cannot start. */
bool an_leased_job_start(struct an_leased_job *j, const struct an_config *cfg,
                         const struct an_keys *keys, long interval_ms, int64_t lapse_us);

/* Stops j's thread, waiting for a round in progress; with hand_back the lease is handed back
 * (an_job_lease_return). A job never started is ignored. */
void an_leased_job_stop(struct an_leased_job *j, bool hand_back);

/* A job every instance runs: a periodic thread whose every round opens a connection of its own
 * and runs round as the system named actor (a round whose database cannot be reached is skipped,
 * as an_job_round_open logs). Set actor, request_id and round; an_round_job_start fills the rest.
 */
struct an_round_job {
  const char *actor, *request_id;
  void (*round)(const struct an_ctx *ctx, struct an_db *db);
  const struct an_config *cfg;
  const struct an_keys *keys;
  struct an_periodic *thread;
};

/* Starts j's thread (once; a running job is left alone): a round at once, then every
 * interval_ms. */
void an_round_job_start(struct an_round_job *j, const struct an_config *cfg,
                        const struct an_keys *keys, long interval_ms);
/* Stops j's thread, waiting for a round in progress. A job never started is ignored. */
void an_round_job_stop(struct an_round_job *j);

/* A flusher: a periodic thread that writes what this process counted in memory (API calls,
 * response times) to the database every interval_ms, and once more when it stops. Set flush and
 * warning; flush gets a connection (NULL when the database cannot be reached: it keeps its figures
 * for the next round) and returns < 0 when something stays unwritten, logged as warning. */
struct an_flusher {
  int (*flush)(struct an_db *db);
  const char *warning;
  const struct an_config *cfg;
  struct an_periodic *thread;
};

/* Starts f's thread (once; a running flusher is left alone). */
void an_flusher_start(struct an_flusher *f, const struct an_config *cfg, long interval_ms);
/* Stops f's thread and flushes what came in since its last round. A flusher never started is
 * ignored. */
void an_flusher_stop(struct an_flusher *f);

#endif
