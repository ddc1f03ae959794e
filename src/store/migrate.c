/* Schema migrations: each pending script and its schema_migrations row commit together, one
 * migration per transaction, so a failure leaves the database at the last good version. */
#include "store/migrate.h"

#include <stdio.h>

#include "core/log.h"
#include "core/time.h"
#include "store/db.h"
#include "store/db_backend.h"
#include "store/query.h"

static const char SQL_CREATE[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
static const char SQL_VERSION[] = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
static const char SQL_RECORD[] =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)";
static const char SQL_HAS_TABLE_SQLITE[] =
    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
static const char SQL_HAS_TABLE_PG[] =
    "SELECT COUNT(*) FROM pg_catalog.pg_tables"
    " WHERE schemaname = current_schema() AND tablename = 'schema_migrations'";
/* A session-level lock, so migrators in several processes take turns; the key spells "ansh". */
static const char SQL_LOCK[] = "SELECT pg_advisory_lock(1634628456)";
static const char SQL_UNLOCK[] = "SELECT pg_advisory_unlock(1634628456)";
/* Migrators wait for each other, and their DDL for the server's locks, as long as it takes: the
 * session's lock timeout (for requests) is lifted while migrating and put back afterwards. */
static const char SQL_LOCK_WAIT[] = "SELECT current_setting('lock_timeout')";
static const char SQL_SET_LOCK_WAIT[] = "SELECT set_config('lock_timeout', $1, false)";

struct step {
  const struct an_migration *list;
  const char *current; /* what the step works on, for the error message */
  int64_t db_version;  /* the version found by the last step */
  int to;              /* apply no migration above this version (0: all) */
};

static void read_int(void *cls, const struct an_db_row *row)
{
  *(int64_t *)cls = an_db_row_int(row, 0);
}

static void read_text(void *cls, const struct an_db_row *row)
{
  snprintf(cls, 32, "%s", an_db_row_text(row, 0));
}

static void set_lock_wait(struct an_db *db, const char *value)
{
  struct an_db_param p[] = {AN_P_TEXT(value)};
  an_db_query(db, SQL_SET_LOCK_WAIT, p, 1, NULL, NULL);
}

/* Transaction body: applies the first migration newer than the database, if any.
 * Returns 1 when one was applied, 0 when none is pending, or an error. Reads the version inside
 * the write transaction, so a concurrent migrator cannot apply the same script twice. */
static int step(struct an_db *db, void *cls)
{
  struct step *s = cls;
  s->current = "schema_migrations";
  int rc = an_db_query(db, SQL_CREATE, NULL, 0, NULL, NULL);
  if (rc >= 0)
    rc = an_db_query(db, SQL_VERSION, NULL, 0, read_int, &s->db_version);
  if (rc < 0)
    return rc;
  const struct an_migration *m = s->list;
  while (m->sql && m->version <= s->db_version)
    m++;
  if (!m->sql || (s->to > 0 && m->version > s->to))
    return 0;
  s->current = m->name;
  rc = an_db_exec_script(db, m->sql);
  if (rc < 0)
    return rc;
  rc = an_db_query(db, SQL_RECORD,
                   AN_ARGS(AN_P_INT(m->version), AN_P_TEXT(m->name), AN_P_INT(an_time_now_us())),
                   NULL, NULL);
  if (rc < 0)
    return rc;
  return 1;
}

/* Versions must rise strictly, or a duplicate number would be skipped silently. */
static int check_list(const struct an_migration *list, int *last, char *err, size_t errlen)
{
  *last = 0;
  for (const struct an_migration *m = list; m->sql; m++) {
    if (m->version <= *last) {
      snprintf(err, errlen, "migration %s: version %d is not above %d", m->name, m->version, *last);
      return -1;
    }
    *last = m->version;
  }
  return 0;
}

static int apply_all(struct an_db *db, struct step *s, char *err, size_t errlen)
{
  int applied = 0, rc;
  while ((rc = an_db_txn(db, step, s)) == 1) {
    applied++;
    an_log(AN_LOG_INFO, "migration applied",
           json_pack("{s:s, s:s}", "name", s->current, "driver", an_db_driver(db)));
  }
  if (rc == 0)
    return applied;
  if (rc == AN_DB_SOFT)
    snprintf(err, errlen, "migration %s: database busy, try again", s->current);
  else
    snprintf(err, errlen, "migration %s: %s", s->current, db->last_error);
  return -1;
}

int an_store_migrate(struct an_db *db, char *err, size_t errlen)
{
  return an_store_migrate_to(db, 0, err, errlen);
}

int an_store_migrate_to(struct an_db *db, int to, char *err, size_t errlen)
{
  bool pg = an_db_is_postgres(db);
  struct step s = {pg ? an_migrations_postgres : an_migrations_sqlite, "", 0, to};
  int last;
  if (check_list(s.list, &last, err, errlen) != 0)
    return -1;
  char lock_wait[32] = "0";
  if (pg) {
    an_db_query(db, SQL_LOCK_WAIT, NULL, 0, read_text, lock_wait);
    set_lock_wait(db, "0");
  }
  if (pg && an_db_query(db, SQL_LOCK, NULL, 0, NULL, NULL) < 0) {
    snprintf(err, errlen, "cannot take the migration lock: %s", db->last_error);
    set_lock_wait(db, lock_wait);
    return -1;
  }
  int applied = apply_all(db, &s, err, errlen);
  if (pg) {
    an_db_query(db, SQL_UNLOCK, NULL, 0, NULL, NULL);
    set_lock_wait(db, lock_wait);
  }
  if (applied >= 0 && s.db_version > last)
    an_log(AN_LOG_WARN, "database schema is newer than this program",
           json_pack("{s:I, s:i}", "database", (json_int_t)s.db_version, "program", last));
  return applied;
}

int an_store_schema_version(struct an_db *db)
{
  int64_t n = 0, v = 0;
  const char *has = an_db_is_postgres(db) ? SQL_HAS_TABLE_PG : SQL_HAS_TABLE_SQLITE;
  if (an_db_query(db, has, NULL, 0, read_int, &n) < 0)
    return -1;
  if (n && an_db_query(db, SQL_VERSION, NULL, 0, read_int, &v) < 0)
    return -1;
  return (int)v;
}
