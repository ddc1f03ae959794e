#include "store/backups.h"

#include "store/query.h"
#include "store/rows.h"

int an_store_backup_add(struct an_db *db, int64_t created_at, const char *driver,
                        const char *file_name, int64_t bytes, const char *sha256,
                        const char *manifest, const char *status, const char *error, int64_t *id)
{
  static const char SQL[] =
      "INSERT INTO backups (created_at, driver, file_name, bytes, sha256, manifest, status, error) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
  return an_store_insert_id(db, SQL,
                            AN_ARGS(AN_P_INT(created_at), AN_P_TEXT(driver), AN_P_TEXT(file_name),
                                    AN_P_INT(bytes), AN_P_TEXT(sha256), AN_P_TEXT(manifest),
                                    AN_P_TEXT(status), AN_P_TEXT(error)),
                            id);
}

int an_store_backup_verified(struct an_db *db, int64_t id, int64_t at)
{
  static const char SQL[] = "UPDATE backups SET verified_at = $2 WHERE id = $1";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(id), AN_P_INT(at)), NULL, NULL);
}

int an_store_backup_expire(struct an_db *db, int64_t id, int64_t at)
{
  static const char SQL[] = "UPDATE backups SET expired_at = $2 WHERE id = $1";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(id), AN_P_INT(at)), NULL, NULL);
}

int an_store_backup_list_all(struct an_db *db, json_t *out)
{
  static const char SQL[] =
      "SELECT id, created_at, driver, file_name, bytes, sha256, status, error, verified_at "
      "FROM backups WHERE expired_at IS NULL ORDER BY created_at DESC, id DESC";
  return an_store_rows(db, SQL, NULL, 0, out);
}

int an_store_backup_get(struct an_db *db, int64_t id, json_t **out)
{
  static const char SQL[] = "SELECT id, created_at, created_at AS created_us, driver, file_name, "
                            "bytes, sha256, manifest, "
                            "status, error, "
                            "verified_at, expired_at FROM backups WHERE id = $1";
  return an_store_row(db, SQL, AN_ARGS(AN_P_INT(id)), out);
}

int an_store_backup_newest_ok(struct an_db *db, json_t **out)
{
  static const char SQL[] = "SELECT id, created_at, created_at AS created_us, driver, file_name, "
                            "bytes, sha256, manifest, "
                            "status, verified_at "
                            "FROM backups WHERE status = 'ok' AND expired_at IS NULL "
                            "ORDER BY created_at DESC, id DESC LIMIT 1";
  return an_store_row(db, SQL, NULL, 0, out);
}

static int read_int(struct an_db *db, const char *sql, int64_t *at)
{
  json_t *row = NULL;
  int rc = an_store_row(db, sql, NULL, 0, &row);
  *at = rc == 1 ? an_rec_int(row, "t") : 0;
  json_decref(row);
  return rc;
}

int an_store_backup_newest_verified_at(struct an_db *db, int64_t *at)
{
  static const char SQL[] = "SELECT COALESCE(MAX(created_at), 0) AS t FROM backups "
                            "WHERE status = 'ok' AND verified_at IS NOT NULL";
  return read_int(db, SQL, at);
}

int an_store_backup_newest_at(struct an_db *db, int64_t *at)
{
  static const char SQL[] = "SELECT COALESCE(MAX(created_at), 0) AS t FROM backups";
  return read_int(db, SQL, at);
}

int an_store_backup_copy_add(struct an_db *db, int64_t backup_id, const char *destination,
                             const char *distance_class, const char *status, const char *error,
                             int64_t at)
{
  static const char SQL[] =
      "INSERT INTO backup_copies (backup_id, destination, distance_class, status, error, at) "
      "VALUES ($1, $2, $3, $4, $5, $6)";
  return an_db_query(db, SQL,
                     AN_ARGS(AN_P_INT(backup_id), AN_P_TEXT(destination), AN_P_TEXT(distance_class),
                             AN_P_TEXT(status), AN_P_TEXT(error), AN_P_INT(at)),
                     NULL, NULL);
}

int an_store_backup_copy_list(struct an_db *db, int64_t backup_id, json_t *out)
{
  static const char SQL[] =
      "SELECT destination, distance_class, status, error, at FROM backup_copies "
      "WHERE backup_id = $1 ORDER BY id";
  return an_store_rows(db, SQL, AN_ARGS(AN_P_INT(backup_id)), out);
}

int an_store_backup_copy_failures_since(struct an_db *db, int64_t since, int64_t *n)
{
  static const char SQL[] =
      "SELECT COUNT(*) AS n FROM backup_copies WHERE status <> 'ok' AND at > $1";
  json_t *row = NULL;
  int rc = an_store_row(db, SQL, AN_ARGS(AN_P_INT(since)), &row);
  *n = rc == 1 ? an_rec_int(row, "n") : 0;
  json_decref(row);
  return rc;
}

int an_store_drill_add(struct an_db *db, int64_t backup_id, int64_t started_at, int64_t finished_at,
                       bool ok, int64_t rpo_seconds, int64_t rto_ms, const char *detail)
{
  static const char SQL[] =
      "INSERT INTO restore_drills (backup_id, started_at, finished_at, ok, rpo_seconds, rto_ms, "
      "detail) VALUES ($1, $2, $3, $4, $5, $6, $7)";
  return an_db_query(db, SQL,
                     AN_ARGS(AN_P_INT(backup_id), AN_P_INT(started_at), AN_P_INT(finished_at),
                             AN_P_INT(ok ? 1 : 0), AN_P_INT(rpo_seconds), AN_P_INT(rto_ms),
                             AN_P_TEXT(detail)),
                     NULL, NULL);
}

int an_store_drill_list_all(struct an_db *db, json_t *out)
{
  static const char SQL[] =
      "SELECT id, backup_id, started_at, finished_at, ok, rpo_seconds, rto_ms, detail "
      "FROM restore_drills ORDER BY started_at DESC, id DESC LIMIT 100";
  return an_store_rows(db, SQL, NULL, 0, out);
}

int an_store_drill_newest_at(struct an_db *db, int64_t *at)
{
  static const char SQL[] = "SELECT COALESCE(MAX(started_at), 0) AS t FROM restore_drills";
  return read_int(db, SQL, at);
}

int an_store_backup_alert_add(struct an_db *db, int64_t at, const char *reason)
{
  static const char SQL[] = "INSERT INTO backup_alerts (at, reason) VALUES ($1, $2)";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(at), AN_P_TEXT(reason)), NULL, NULL);
}

int an_store_backup_alert_newest_at(struct an_db *db, int64_t *at)
{
  static const char SQL[] = "SELECT COALESCE(MAX(at), 0) AS t FROM backup_alerts";
  return read_int(db, SQL, at);
}
