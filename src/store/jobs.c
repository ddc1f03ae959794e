#include "store/jobs.h"

#include "store/columns.h"
#include "store/query.h"
#include "store/rows.h"

int an_store_job_add(struct an_db *db, const char *kind, int64_t ref_id, int64_t due_at,
                     int64_t now)
{
  static const char SQL[] =
      "INSERT INTO jobs (kind, ref_id, due_at, created_at) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (kind, ref_id, due_at) DO NOTHING";
  return an_db_query(db, SQL,
                     AN_ARGS(AN_P_TEXT(kind), AN_P_INT(ref_id), AN_P_INT(due_at), AN_P_INT(now)),
                     NULL, NULL);
}

/* A job as claimed: its fence is the attempt the claim makes (store/jobs.h). */
/* clang-format off */
#define JOB_COLS(F, N)                                                                             \
  F(id, I, "id") N(kind, T, "kind") N(ref_id, I, "ref_id") N(due_at, I, "due_at")                  \
  N(attempts, I, "attempts") N(fence, I, "attempts + 1")
/* clang-format on */
#define JOB_SELECT "SELECT " JOB_COLS(AN_COL_SQL1, AN_COL_SQL) " FROM jobs "
#define T struct an_job
AN_COL_SPEC(, an_job_spec, JOB_COLS);
#undef T

int an_store_job_claim(struct an_db *db, int64_t now, int64_t lease_until, struct an_job *out)
{
  static const char SQL_PICK[] =
      JOB_SELECT "WHERE status = 'pending' "
                 "AND due_at <= $1 AND lease_until <= $1 ORDER BY due_at, id LIMIT 1";
  static const char SQL_LEASE[] =
      "UPDATE jobs SET lease_until = $2, attempts = attempts + 1 WHERE id = $1 "
      "AND status = 'pending' AND lease_until <= $3";
  int rc = an_store_typed_row(db, SQL_PICK, AN_ARGS(AN_P_INT(now)), &an_job_spec, out);
  if (rc != 1)
    return rc;
  rc = an_db_query(db, SQL_LEASE, AN_ARGS(AN_P_INT(out->id), AN_P_INT(lease_until), AN_P_INT(now)),
                   NULL, NULL);
  if (rc != 1)
    an_spec_clear(&an_job_spec, out);
  return rc < 0 ? rc : rc == 1;
}

int an_store_job_finish(struct an_db *db, int64_t id, int64_t fence, const char *status,
                        const char *error, int64_t now)
{
  /* The claim counted the attempt: attempts still equal to the claim's fence means no other
   * claim came since, so this holder's lease is the job's current one. */
  static const char SQL[] =
      "UPDATE jobs SET status = $2, last_error = $3, done_at = $4, lease_until = 0 WHERE id = $1 "
      "AND attempts = $5 AND status = 'pending'";
  return an_db_query(
      db, SQL,
      AN_ARGS(AN_P_INT(id), AN_P_TEXT(status), AN_P_TEXT(error), AN_P_INT(now), AN_P_INT(fence)),
      NULL, NULL);
}

int an_store_job_lease(struct an_db *db, const char *kind, const char *holder, int64_t now,
                       int64_t until)
{
  static const char SQL[] = "UPDATE leases SET holder = $2, lease_until = $4 WHERE name = $1 "
                            "AND (holder = $2 OR lease_until <= $3)";
  return an_db_query(db, SQL,
                     AN_ARGS(AN_P_TEXT(kind), AN_P_TEXT(holder), AN_P_INT(now), AN_P_INT(until)),
                     NULL, NULL);
}
