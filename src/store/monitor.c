#include "store/monitor.h"

#include "store/query.h"
#include "store/rows.h"

int an_store_monitor_put(struct an_db *db, const struct an_store_probe *p)
{
  static const char SQL[] =
      "INSERT INTO monitor_probes (name, ok, detail, value, checked_at, since, alerted_at, "
      "report_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (name) DO UPDATE SET "
      "ok = excluded.ok, detail = excluded.detail, value = excluded.value, "
      "checked_at = excluded.checked_at, since = excluded.since, alerted_at = excluded.alerted_at, "
      "report_id = excluded.report_id";
  int rc = an_db_query(db, SQL,
                       AN_ARGS(AN_P_TEXT(p->name), AN_P_BOOL(p->ok),
                               AN_P_TEXT(p->detail ? p->detail : ""), AN_P_INT(p->value),
                               AN_P_INT(p->checked_at), AN_P_INT(p->since),
                               p->alerted_at ? AN_P_INT(p->alerted_at) : AN_P_NULL,
                               p->report_id ? AN_P_INT(p->report_id) : AN_P_NULL),
                       NULL, NULL);
  return rc < 0 ? rc : 1;
}

int an_store_monitor_sample_add(struct an_db *db, const char *probe, bool ok, const char *detail,
                                int64_t value, int64_t at)
{
  static const char SQL[] =
      "INSERT INTO monitor_samples (probe, ok, detail, value, at) VALUES ($1, $2, $3, $4, $5)";
  int rc = an_db_query(db, SQL,
                       AN_ARGS(AN_P_TEXT(probe), AN_P_BOOL(ok), AN_P_TEXT(detail ? detail : ""),
                               AN_P_INT(value), AN_P_INT(at)),
                       NULL, NULL);
  return rc < 0 ? rc : 1;
}

int an_store_monitor_prune_all(struct an_db *db, int64_t before)
{
  static const char SQL[] = "DELETE FROM monitor_samples WHERE at < $1";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(before)), NULL, NULL);
}

int an_store_monitor_probes_all(struct an_db *db, json_t *out)
{
  static const char SQL[] = "SELECT name, ok, detail, value, checked_at, since AS since_at, since "
                            "AS since_us, alerted_at, "
                            "alerted_at AS alerted_us, report_id FROM monitor_probes ORDER BY name";
  return an_store_rows(db, SQL, NULL, 0, out);
}

int an_store_monitor_samples_all(struct an_db *db, int64_t limit, bool failures_only, json_t *out)
{
  static const char ALL[] = "SELECT id, probe, ok, detail, value, at FROM monitor_samples "
                            "ORDER BY at DESC, id DESC LIMIT $1";
  static const char FAILED[] = "SELECT id, probe, ok, detail, value, at FROM monitor_samples "
                               "WHERE ok = 0 "
                               "ORDER BY at DESC, id DESC LIMIT $1";
  return an_store_rows(db, failures_only ? FAILED : ALL, AN_ARGS(AN_P_INT(limit)), out);
}

int an_store_monitor_oldest_due_job(struct an_db *db, int64_t now, int64_t *due_at)
{
  static const char SQL[] = "SELECT COALESCE(MIN(due_at), 0) AS t FROM jobs "
                            "WHERE status = 'pending' AND due_at <= $1";
  json_t *row = NULL;
  int rc = an_store_row(db, SQL, AN_ARGS(AN_P_INT(now)), &row);
  *due_at = rc == 1 ? an_rec_int(row, "t") : 0;
  json_decref(row);
  return rc < 0 ? rc : 1;
}
