/* PostgreSQL backend over libpq. Statements are prepared once per session and executed with
 * text parameters (bytea in binary) and text results. */
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/log.h"
#include "store/db.h"
#include "store/db_backend.h"

#define BYTEA_OID 17 /* pg_type.oid of bytea, fixed since PostgreSQL 7 */

struct pg_stmt {
  char *sql; /* a copy, to notice SQL that changed at a cached address */
  char name[16];
};

struct pg_db {
  struct an_db base;
  PGconn *c;
  struct an_db_cache cache;
  unsigned next_id;
  bool txn_open;      /* BEGIN sent, COMMIT/ROLLBACK not yet */
  bool txn_lost;      /* the session (and so the transaction) died since BEGIN */
  bool stale;         /* connected to a server that no longer takes writes: reconnect */
  char setup_sql[96]; /* SQL_SETUP with the session's lock timeout */
};

struct pg_cell {
  unsigned char *p; /* decoded bytea, freed after the row callback */
  size_t n;
};

struct pg_row {
  struct an_db_row base;
  const PGresult *res;
  int r;
  struct pg_cell *scratch; /* one per column */
};

static const char SQL_BEGIN[] = "BEGIN ISOLATION LEVEL SERIALIZABLE";
static const char SQL_BEGIN_RC[] = "BEGIN ISOLATION LEVEL READ COMMITTED";
static const char SQL_BEGIN_SNAPSHOT[] = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
/* pg_query_unflushed's transaction: the statement's own, committed without waiting for the
 * server's WAL flush (one round trip for both commands). */
static const char SQL_BEGIN_UNFLUSHED[] =
    "BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL synchronous_commit = off";
static const char SQL_COMMIT[] = "COMMIT";
static const char SQL_ROLLBACK[] = "ROLLBACK";
static const char SQL_PING[] = "SELECT 1";
static const char SQL_SETUP[] = "SET TIME ZONE 'UTC'";
static const char SQL_IS_STANDBY[] = "SELECT pg_is_in_recovery()";

static bool is_soft(const char *state)
{
  return state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
                   strcmp(state, "55P03") == 0);
}

/* The server refused because it is not (or no longer) the primary, or is shutting down: a
 * failover is under way. Nothing was written by the refused statement; the session must be
 * replaced by one to the current primary (target_session_attrs=read-write finds it). */
static bool is_failover(const char *state)
{
  return state && (strcmp(state, "25006") == 0 || strcmp(state, "57P01") == 0 ||
                   strcmp(state, "57P02") == 0 || strcmp(state, "57P03") == 0);
}

/* Serialisation failures, deadlocks and lock timeouts are worth retrying; the rest is logged. */
static int fail(struct pg_db *d, const char *sql, const PGresult *res)
{
  const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
  if (is_soft(state)) {
    an_log(AN_LOG_DEBUG, "database conflict",
           json_pack("{s:s, s:s}", "driver", "postgres", "code", state));
    return AN_DB_SOFT;
  }
  if (is_failover(state))
    d->stale = true;
  if (PQstatus(d->c) == CONNECTION_BAD || d->stale)
    d->base.unavailable = true; /* the next call resets the connection */
  if ((PQstatus(d->c) == CONNECTION_BAD || d->stale) &&
      (d->txn_open || sql == SQL_BEGIN || sql == SQL_BEGIN_RC || sql == SQL_BEGIN_SNAPSHOT ||
       sql == SQL_BEGIN_UNFLUSHED) &&
      sql != SQL_COMMIT) {
    /* Nothing of the transaction outlives the session: safe to run it again, and the
     * next call resets the connection. (A lost COMMIT is not: it may have committed.) */
    d->txn_lost = d->txn_open;
    an_log(AN_LOG_WARN, "database connection lost in a transaction", NULL);
    return AN_DB_SOFT;
  }
  const char *msg = res ? PQresultErrorMessage(res) : "";
  if (!*msg)
    msg = res ? PQresStatus(PQresultStatus(res)) : PQerrorMessage(d->c);
  an_db_fail(&d->base, sql, msg, state);
  return AN_DB_HARD;
}

static void on_notice(void *arg, const char *message)
{
  (void)arg;
  an_log(AN_LOG_DEBUG, "postgres notice", json_pack("{s:s}", "notice", message));
}

/* Session settings, after connecting and after every reset. */
static int setup(struct pg_db *d)
{
  PQsetNoticeProcessor(d->c, on_notice, NULL);
  if (PQsetClientEncoding(d->c, "UTF8") != 0) {
    an_db_fail(&d->base, NULL, PQerrorMessage(d->c), NULL);
    return AN_DB_HARD;
  }
  PGresult *res = PQexec(d->c, d->setup_sql);
  int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : fail(d, d->setup_sql, res);
  PQclear(res);
  return rc;
}

static void drop_stmt(void *ctx, void *stmt)
{
  (void)ctx;
  struct pg_stmt *s = stmt;
  free(s->sql);
  free(s);
}

/* Outside a transaction, an idle session the server has closed (a failover, a restart, a
 * terminated backend) has its socket readable: reading it now finds the end of the connection
 * before a statement is sent, so the statement goes to a new session and can never have run
 * twice. Costs one poll() with no wait. */
static void notice_closed(struct pg_db *d)
{
  if (d->txn_open || PQstatus(d->c) != CONNECTION_OK)
    return;
  struct pollfd p = {.fd = PQsocket(d->c), .events = POLLIN};
  if (p.fd < 0 || poll(&p, 1, 0) <= 0)
    return;
  /* Readable while idle: a notice, an error (FATAL: terminating connection) or the end. */
  if (!PQconsumeInput(d->c) || PQstatus(d->c) != CONNECTION_OK)
    return;
  PGresult *res;
  while (!PQisBusy(d->c) && (res = PQgetResult(d->c)) != NULL) /* an unsolicited error */
    PQclear(res);
  if (poll(&p, 1, 0) > 0 && !PQconsumeInput(d->c))
    return; /* the end followed the error: the status is now CONNECTION_BAD */
}

/* Makes sure the session is alive, resetting it once if not. Returns AN_DB_SOFT when a
 * transaction was lost with the old session, so the transaction runner starts it again. */
static int ensure(struct pg_db *d)
{
  notice_closed(d);
  if (PQstatus(d->c) == CONNECTION_OK && !(d->stale && !d->txn_open))
    return 0;
  if (d->stale && PQstatus(d->c) == CONNECTION_OK)
    an_log(AN_LOG_WARN, "database server no longer takes writes: reconnecting", NULL);
  d->stale = false;
  an_db_cache_clear(&d->cache, drop_stmt, NULL); /* prepared statements died with the session */
  d->txn_lost = d->txn_open;
  PQreset(d->c);
  if (PQstatus(d->c) != CONNECTION_OK) {
    an_db_fail(&d->base, NULL, PQerrorMessage(d->c), NULL);
    d->base.unavailable = true;
    return AN_DB_HARD;
  }
  an_log(AN_LOG_WARN, "database connection re-established", NULL);
  int rc = setup(d);
  return rc < 0 ? rc : d->txn_lost ? AN_DB_SOFT : 0;
}

static void pg_close(struct an_db *db)
{
  struct pg_db *d = (struct pg_db *)db;
  an_db_cache_clear(&d->cache, drop_stmt, NULL);
  PQfinish(d->c);
  free(d);
}

static struct an_db *pg_open(const struct an_config *cfg, char *err, size_t errlen)
{
  struct pg_db *d = an_calloc(sizeof *d);
  d->base.ops = &an_db_postgres_ops;
  d->base.driver = "postgres";
  d->c = PQconnectdb(cfg->store_url ? cfg->store_url : "");
  if (!d->c || PQstatus(d->c) != CONNECTION_OK) {
    const char *msg = d->c ? PQerrorMessage(d->c) : "out of memory";
    snprintf(err, errlen, "cannot connect to PostgreSQL: %.*s", (int)strcspn(msg, "\n"), msg);
    pg_close(&d->base);
    return NULL;
  }
  /* A lock held elsewhere (a long transaction, LOCK TABLE) fails the wait after the busy timeout
   * with 55P03, retried like a conflict, instead of holding the request for ever. */
  snprintf(d->setup_sql, sizeof d->setup_sql, "%s; SET lock_timeout = %ld", SQL_SETUP,
           cfg->busy_timeout_ms);
  if (setup(d) < 0) {
    snprintf(err, errlen, "cannot set up PostgreSQL session: %s", d->base.last_error);
    pg_close(&d->base);
    return NULL;
  }
  return &d->base;
}

/* The statement for sql, prepared on first use (bytea parameters typed, the rest inferred by
 * the server from their use); NULL after a logged failure (*rc set). */
static const struct pg_stmt *statement(struct pg_db *d, const char *sql,
                                       const struct an_db_param *params, size_t n, int *rc)
{
  struct an_db_cache_slot *slot = an_db_cache_slot(&d->cache, sql);
  struct pg_stmt *s = slot->stmt;
  if (s && strcmp(s->sql, sql) != 0) {
    an_log_bug("SQL text changed at a cached address", json_pack("{s:s}", "driver", "postgres"));
    drop_stmt(NULL, s);
    slot->stmt = s = NULL;
  }
  if (s)
    return s;
  Oid *types = an_calloc(n * sizeof *types);
  for (size_t i = 0; i < n; i++)
    types[i] = params[i].type == AN_DB_T_BLOB ? BYTEA_OID : 0;
  char name[16];
  snprintf(name, sizeof name, "s%u", ++d->next_id);
  PGresult *res = PQprepare(d->c, name, sql, (int)n, types);
  free(types);
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    *rc = fail(d, sql, res);
    PQclear(res);
    return NULL;
  }
  PQclear(res);
  s = an_calloc(sizeof *s);
  s->sql = an_strdup(sql);
  memcpy(s->name, name, sizeof name);
  slot->stmt = s;
  return s;
}

/* Shows each row of res to cb, freeing decoded bytea after each call. */
static void each_row(const PGresult *res, an_db_row_cb cb, void *cls)
{
  int rows = PQntuples(res), cols = PQnfields(res);
  struct pg_row row = {{&an_db_postgres_ops}, res, 0, NULL};
  row.scratch = an_calloc((size_t)cols * sizeof *row.scratch);
  for (row.r = 0; row.r < rows; row.r++) {
    cb(cls, &row.base);
    for (int c = 0; c < cols; c++) {
      PQfreemem(row.scratch[c].p);
      row.scratch[c].p = NULL;
    }
  }
  free(row.scratch);
}

static int execute(struct pg_db *d, const char *sql, const struct pg_stmt *s,
                   const struct an_db_param *params, size_t n, an_db_row_cb cb, void *cls)
{
  const char **values = an_calloc(n * sizeof *values);
  int *lengths = an_calloc(n * sizeof *lengths);
  int *formats = an_calloc(n * sizeof *formats);
  char(*nums)[24] = an_calloc(n * sizeof *nums);
  for (size_t i = 0; i < n; i++) {
    const struct an_db_param *p = &params[i];
    if (p->type == AN_DB_T_INT) {
      snprintf(nums[i], sizeof nums[i], "%lld", (long long)p->i);
      values[i] = nums[i];
    } else if (p->type == AN_DB_T_TEXT) {
      values[i] = p->s;
    } else if (p->type == AN_DB_T_BLOB) {
      values[i] = p->b ? p->b : ""; /* an empty blob is not NULL */
      lengths[i] = (int)p->n;
      formats[i] = 1;
    }
  }
  PGresult *res = PQexecPrepared(d->c, s->name, (int)n, values, lengths, formats, 0);
  int rc;
  if (PQresultStatus(res) == PGRES_TUPLES_OK) {
    rc = PQntuples(res);
    if (cb)
      each_row(res, cb, cls);
  } else if (PQresultStatus(res) == PGRES_COMMAND_OK) {
    rc = (int)atoll(PQcmdTuples(res)); /* "" for commands that count nothing */
  } else {
    rc = fail(d, sql, res);
  }
  PQclear(res);
  free(values);
  free(lengths);
  free(formats);
  free(nums);
  return rc;
}

/* A SELECT run on its own (no transaction open) writes nothing, so it may be sent again. */
static bool lone_read(const struct pg_db *d, const char *sql)
{
  while (*sql == ' ' || *sql == '\n' || *sql == '(')
    sql++;
  return !d->txn_open && strncasecmp(sql, "SELECT", 6) == 0;
}

static int pg_query(struct an_db *db, const char *sql, const struct an_db_param *params, size_t n,
                    an_db_row_cb cb, void *cls)
{
  struct pg_db *d = (struct pg_db *)db;
  for (int attempt = 0;; attempt++) {
    int rc = ensure(d);
    if (rc < 0)
      return rc;
    if (d->txn_lost)
      return AN_DB_SOFT; /* never run the rest of a lost transaction in autocommit */
    const struct pg_stmt *s = statement(d, sql, params, n, &rc);
    rc = s ? execute(d, sql, s, params, n, cb, cls) : rc;
    /* A session the server just ended (a failover, pg_terminate_backend) can look open until a
     * statement fails on it: a lone read is sent once more on a new session. No row reached cb:
     * the statement failed before any result. */
    if (rc < 0 && attempt == 0 && lone_read(d, sql) &&
        (PQstatus(d->c) == CONNECTION_BAD || d->stale)) {
      d->stale = true;
      continue;
    }
    if (rc >= 0 && attempt > 0)
      d->base.unavailable = false;
    return rc;
  }
}

/* Runs sql unprepared: scripts, transaction control, ping. */
static int simple(struct pg_db *d, const char *sql)
{
  int rc = ensure(d);
  if (rc < 0)
    return rc;
  if (d->txn_lost)
    return AN_DB_SOFT;
  PGresult *res = PQexec(d->c, sql);
  ExecStatusType st = PQresultStatus(res);
  rc = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? 0 : fail(d, sql, res);
  PQclear(res);
  return rc;
}

static int pg_exec_script(struct an_db *db, const char *sql)
{
  return simple((struct pg_db *)db, sql);
}

static int pg_begin(struct an_db *db, enum an_db_mode mode)
{
  struct pg_db *d = (struct pg_db *)db;
  int rc = simple(d, mode == AN_DB_READ_COMMITTED ? SQL_BEGIN_RC
                     : mode == AN_DB_SNAPSHOT     ? SQL_BEGIN_SNAPSHOT
                                                  : SQL_BEGIN);
  d->txn_open = rc == 0;
  return rc;
}

static int pg_commit(struct an_db *db);
static int pg_rollback(struct an_db *db);

/* Outside a transaction: the statement in a READ COMMITTED transaction of its own (what
 * autocommit gives it) with synchronous_commit off for that transaction alone. */
static int pg_query_unflushed(struct an_db *db, const char *sql, const struct an_db_param *params,
                              size_t n, an_db_row_cb cb, void *cls)
{
  struct pg_db *d = (struct pg_db *)db;
  if (d->txn_open)
    return pg_query(db, sql, params, n, cb, cls);
  int rc = simple(d, SQL_BEGIN_UNFLUSHED);
  d->txn_open = rc == 0;
  if (rc < 0) {
    pg_rollback(db);
    return rc;
  }
  rc = pg_query(db, sql, params, n, cb, cls);
  int c = rc >= 0 ? pg_commit(db) : 0;
  if (rc < 0 || c < 0)
    pg_rollback(db);
  return rc < 0 ? rc : c < 0 ? c : rc;
}

static int pg_commit(struct an_db *db)
{
  struct pg_db *d = (struct pg_db *)db;
  if (d->txn_lost)
    return AN_DB_SOFT;
  PGresult *res = PQexec(d->c, SQL_COMMIT);
  int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : fail(d, SQL_COMMIT, res);
  /* COMMIT of a transaction that had failed succeeds as "ROLLBACK": the body ignored an error. */
  if (rc == 0 && strcmp(PQcmdStatus(res), "COMMIT") != 0) {
    an_db_fail(db, SQL_COMMIT, "transaction was rolled back after an earlier error", NULL);
    rc = AN_DB_HARD;
  }
  PQclear(res);
  d->txn_open = PQtransactionStatus(d->c) != PQTRANS_IDLE;
  return rc;
}

static int pg_rollback(struct an_db *db)
{
  struct pg_db *d = (struct pg_db *)db;
  d->txn_open = d->txn_lost = false;
  PGTransactionStatusType ts = PQtransactionStatus(d->c);
  if (ts == PQTRANS_IDLE || ts == PQTRANS_UNKNOWN)
    return 0; /* nothing open, or the session died and the server rolled back */
  PGresult *res = PQexec(d->c, SQL_ROLLBACK);
  int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : fail(d, SQL_ROLLBACK, res);
  PQclear(res);
  return rc;
}

/* Ready means connected to the primary: a session left on a server that became a standby (or
 * a conninfo without target_session_attrs) is replaced once, then reported. */
static int pg_ping(struct an_db *db)
{
  struct pg_db *d = (struct pg_db *)db;
  for (int attempt = 0; attempt < 2; attempt++) {
    int rc = simple(d, SQL_PING);
    /* A session the server just ended (a failover, pg_terminate_backend) may still look open
     * until the first statement fails on it: a ping is a read, so it tries once more on a new
     * session rather than calling a reachable primary unavailable. */
    if (rc < 0 && attempt == 0 && (PQstatus(d->c) == CONNECTION_BAD || d->stale)) {
      d->stale = true;
      continue;
    }
    if (rc < 0)
      return rc;
    PGresult *res = PQexec(d->c, SQL_IS_STANDBY);
    bool ok = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1;
    bool standby = ok && PQgetvalue(res, 0, 0)[0] == 't';
    rc = ok ? 0 : fail(d, SQL_IS_STANDBY, res);
    PQclear(res);
    if (rc < 0 || !standby)
      return rc;
    d->stale = true; /* the next simple() reconnects */
  }
  an_db_fail(db, SQL_IS_STANDBY, "the database server is a standby, not the primary", NULL);
  db->unavailable = true;
  return AN_DB_HARD;
}

static const struct pg_row *pg(const struct an_db_row *row)
{
  return (const struct pg_row *)row;
}

static bool pg_row_is_null(const struct an_db_row *row, int col)
{
  return PQgetisnull(pg(row)->res, pg(row)->r, col) != 0;
}

static int64_t pg_row_int(const struct an_db_row *row, int col)
{
  if (pg_row_is_null(row, col))
    return 0;
  const char *v = PQgetvalue(pg(row)->res, pg(row)->r, col);
  if ((v[0] == 't' || v[0] == 'f') && v[1] == '\0')
    return v[0] == 't'; /* a boolean column reads as 1 or 0, as in SQLite */
  return strtoll(v, NULL, 10);
}

static const char *pg_row_text(const struct an_db_row *row, int col)
{
  if (pg_row_is_null(row, col))
    return NULL;
  return PQgetvalue(pg(row)->res, pg(row)->r, col);
}

static const void *pg_row_blob(const struct an_db_row *row, int col, size_t *len)
{
  const struct pg_row *p = pg(row);
  *len = 0;
  if (pg_row_is_null(row, col))
    return NULL;
  const char *v = PQgetvalue(p->res, p->r, col);
  if (PQftype(p->res, col) != BYTEA_OID) { /* other types read as their text, as in SQLite */
    *len = (size_t)PQgetlength(p->res, p->r, col);
    return v;
  }
  struct pg_cell *cell = &p->scratch[col];
  if (!cell->p)
    cell->p = PQunescapeBytea((const unsigned char *)v, &cell->n);
  if (!cell->p)
    return NULL; /* out of memory in libpq */
  *len = cell->n;
  return cell->p;
}

static int pg_row_columns(const struct an_db_row *row)
{
  return PQnfields(pg(row)->res);
}

static const char *pg_row_name(const struct an_db_row *row, int col)
{
  return PQfname(pg(row)->res, col);
}

static enum an_db_type pg_row_kind(const struct an_db_row *row, int col)
{
  if (pg_row_is_null(row, col))
    return AN_DB_T_NULL;
  switch (PQftype(pg(row)->res, col)) {
  case 16: /* bool */
  case 20: /* int8 */
  case 21: /* int2 */
  case 23: /* int4 */
    return AN_DB_T_INT;
  case BYTEA_OID:
    return AN_DB_T_BLOB;
  default:
    return AN_DB_T_TEXT;
  }
}

const struct an_db_ops an_db_postgres_ops = {
    .name = "postgres",
    .open = pg_open,
    .close = pg_close,
    .query = pg_query,
    .exec_script = pg_exec_script,
    .query_unflushed = pg_query_unflushed,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .ping = pg_ping,
    .row_int = pg_row_int,
    .row_text = pg_row_text,
    .row_blob = pg_row_blob,
    .row_is_null = pg_row_is_null,
    .row_columns = pg_row_columns,
    .row_name = pg_row_name,
    .row_kind = pg_row_kind,
};
