/* SQLite backend. A connection belongs to one thread at a time (the pool gives each worker its
 * own), so SQLite's own mutexes are off. */
#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/alloc.h"
#include "core/log.h"
#include "core/time.h"
#include "store/db.h"
#include "store/db_backend.h"

/* The connections of this process to one database file take turns on its write lock through
 * a FIFO queue: each waiter sleeps on its own condition until the writer before it hands the
 * turn over, so 64 writers wait about 64 transactions, not SQLite's busy handler's growing
 * sleeps (which let newcomers overtake and gave second-long tails). */
struct sq_waiter {
  pthread_cond_t cv;
  bool granted;
  struct sq_waiter *next;
};

struct sq_queue {
  char *path;
  pthread_mutex_t m;
  bool held;
  struct sq_waiter *head, *tail;
  struct sq_queue *next;
};

static pthread_mutex_t queues_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sq_queue *queues; /* one per database path, kept for the process's life */

struct sq_db {
  struct an_db base;
  sqlite3 *h;
  struct an_db_cache cache;
  struct sq_queue *queue;
  bool holding; /* this connection has the process's turn to write */
  bool lowered; /* synchronous is NORMAL (sq_query_unflushed) and not yet put back to FULL */
  long wait_ms; /* the busy timeout: the longest wait for the turn */
};

struct sq_row {
  struct an_db_row base;
  sqlite3_stmt *st;
};

static const char SQL_BEGIN[] = "BEGIN IMMEDIATE";
static const char SQL_BEGIN_READ[] = "BEGIN DEFERRED";
static const char SQL_COMMIT[] = "COMMIT";
static const char SQL_ROLLBACK[] = "ROLLBACK";
static const char SQL_PING[] = "SELECT 1";
static const char SQL_SYNC_NORMAL[] = "PRAGMA synchronous=NORMAL";
static const char SQL_SYNC_FULL[] = "PRAGMA synchronous=FULL";

/* Busy and locked are worth retrying; everything else is logged as a hard error. */
static int fail_msg(struct sq_db *d, const char *sql, int rc, const char *msg)
{
  int primary = rc & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    an_log(AN_LOG_DEBUG, "database busy", json_pack("{s:s}", "driver", "sqlite"));
    return AN_DB_SOFT;
  }
  char code[16];
  snprintf(code, sizeof code, "%d", rc);
  an_db_fail(&d->base, sql, msg ? msg : sqlite3_errmsg(d->h), code);
  /* A full disk (or one failing) is the database's want, not the request's fault: a 503. */
  if (primary == SQLITE_FULL || primary == SQLITE_IOERR)
    d->base.unavailable = true;
  return AN_DB_HARD;
}

static int fail(struct sq_db *d, const char *sql, int rc)
{
  return fail_msg(d, sql, rc, NULL);
}

static struct sq_queue *queue_for(const char *path)
{
  pthread_mutex_lock(&queues_lock);
  struct sq_queue *q = queues;
  while (q && strcmp(q->path, path) != 0)
    q = q->next;
  if (!q) {
    q = an_calloc(sizeof *q);
    q->path = an_strdup(path);
    pthread_mutex_init(&q->m, NULL);
    q->next = queues;
    queues = q;
  }
  pthread_mutex_unlock(&queues_lock);
  return q;
}

/* Waits for this process's turn to write, at most the busy timeout. Returns 0 or AN_DB_SOFT. */
static int turn_take(struct sq_db *d)
{
  struct sq_queue *q = d->queue;
  if (d->holding)
    return 0;
  pthread_mutex_lock(&q->m);
  if (!q->held && !q->head) {
    q->held = true;
    pthread_mutex_unlock(&q->m);
    d->holding = true;
    return 0;
  }
  struct sq_waiter w = {.granted = false};
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  pthread_cond_init(&w.cv, &attr);
  pthread_condattr_destroy(&attr);
  if (q->tail)
    q->tail->next = &w;
  else
    q->head = &w;
  q->tail = &w;
  struct timespec until = an_time_deadline(CLOCK_MONOTONIC, d->wait_ms);
  int rc = 0;
  while (!w.granted && rc == 0)
    rc = pthread_cond_timedwait(&w.cv, &q->m, &until);
  if (!w.granted) { /* timed out: leave the queue */
    struct sq_waiter **p = &q->head, *prev = NULL;
    while (*p != &w) {
      prev = *p;
      p = &(*p)->next;
    }
    *p = w.next;
    if (q->tail == &w)
      q->tail = prev;
  }
  pthread_mutex_unlock(&q->m);
  pthread_cond_destroy(&w.cv);
  if (!w.granted) {
    an_log(AN_LOG_DEBUG, "database busy", json_pack("{s:s}", "driver", "sqlite"));
    return AN_DB_SOFT;
  }
  d->holding = true;
  return 0;
}

/* Hands the turn to the next waiter, if any. Harmless when not holding it. */
static void turn_give(struct sq_db *d)
{
  if (!d->holding)
    return;
  d->holding = false;
  struct sq_queue *q = d->queue;
  pthread_mutex_lock(&q->m);
  struct sq_waiter *w = q->head;
  if (w) {
    q->head = w->next;
    if (!q->head)
      q->tail = NULL;
    w->granted = true; /* the turn passes straight on: q->held stays true */
    pthread_cond_signal(&w->cv);
  } else {
    q->held = false;
  }
  pthread_mutex_unlock(&q->m);
}

/* Creates every missing directory above path (mode 0700: the database holds secrets). */
static int make_parent(const char *path, char *err, size_t errlen)
{
  char *dir = an_strdup(path);
  char *slash = strrchr(dir, '/');
  int rc = 0;
  if (slash && slash != dir) {
    *slash = '\0';
    for (char *p = dir + 1; rc == 0; p++) {
      if (*p != '/' && *p != '\0')
        continue;
      char c = *p;
      *p = '\0';
      if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "cannot create directory %s: %s", dir, strerror(errno));
        rc = -1;
      }
      *p = c;
      if (c == '\0')
        break;
    }
  }
  free(dir);
  return rc;
}

static void drop_stmt(void *ctx, void *stmt)
{
  (void)ctx;
  sqlite3_finalize(stmt);
}

static void sq_close(struct an_db *db)
{
  struct sq_db *d = (struct sq_db *)db;
  if (d->queue)
    turn_give(d);
  an_db_cache_clear(&d->cache, drop_stmt, NULL);
  sqlite3_close_v2(d->h);
  free(d);
}

static struct an_db *sq_open(const struct an_config *cfg, char *err, size_t errlen)
{
  const char *path = cfg->store_path;
  if (!path || !*path) {
    snprintf(err, errlen, "[store] path must not be empty");
    return NULL;
  }
  if (make_parent(path, err, errlen) != 0)
    return NULL;
  struct sq_db *d = an_calloc(sizeof *d);
  d->base.ops = &an_db_sqlite_ops;
  d->base.driver = "sqlite";
  d->queue = queue_for(path);
  d->wait_ms = cfg->busy_timeout_ms;
  int rc = sqlite3_open_v2(path, &d->h,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_busy_timeout(d->h, (int)cfg->busy_timeout_ms);
  /* The busy timeout comes first: switching to WAL needs a lock another process may hold. */
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(d->h,
                      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
                      NULL, NULL, NULL);
  /* Freed space is zeroed: what a row held before it was changed or deleted (plaintext sealed
   * by the batch migration, a deleted tenant's rows) does not linger in the file (issue 14). */
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(d->h, "PRAGMA secure_delete=ON;", NULL, NULL, NULL);
  if (rc != SQLITE_OK) {
    snprintf(err, errlen, "cannot open SQLite database %s: %s", path,
             d->h ? sqlite3_errmsg(d->h) : sqlite3_errstr(rc));
    sq_close(&d->base);
    return NULL;
  }
  return &d->base;
}

/* The cached statement for sql, prepared on first use; NULL after a logged failure (*rc set). */
static sqlite3_stmt *statement(struct sq_db *d, const char *sql, int *rc)
{
  struct an_db_cache_slot *s = an_db_cache_slot(&d->cache, sql);
  if (s->stmt && strcmp(sqlite3_sql(s->stmt), sql) != 0) {
    /* The SQL at this address changed: a caller broke the static-storage contract. */
    an_log_bug("SQL text changed at a cached address", json_pack("{s:s}", "driver", "sqlite"));
    sqlite3_finalize(s->stmt);
    s->stmt = NULL;
  }
  if (!s->stmt) {
    sqlite3_stmt *st = NULL;
    int prc = sqlite3_prepare_v3(d->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (prc != SQLITE_OK) {
      *rc = fail(d, sql, prc);
      return NULL;
    }
    s->stmt = st;
  }
  return s->stmt;
}

/* Binds the statement's parameters, each named $k, to params[k-1]. Like PostgreSQL, refuses SQL
 * whose placeholders are not exactly $1..$n. */
static int bind(struct sq_db *d, sqlite3_stmt *st, const char *sql,
                const struct an_db_param *params, size_t n)
{
  int count = sqlite3_bind_parameter_count(st);
  if ((size_t)count != n) {
    an_db_fail(&d->base, sql, "parameter count does not match the SQL", NULL);
    return AN_DB_HARD;
  }
  for (int i = 1; i <= count; i++) {
    const char *name = sqlite3_bind_parameter_name(st, i);
    char *end = NULL;
    long k = name && name[0] == '$' ? strtol(name + 1, &end, 10) : 0;
    if (k < 1 || (size_t)k > n || !end || *end) {
      an_db_fail(&d->base, sql, "placeholders must be $1..$n", NULL);
      return AN_DB_HARD;
    }
    const struct an_db_param *p = &params[k - 1];
    int rc;
    switch (p->type) {
    case AN_DB_T_INT:
      rc = sqlite3_bind_int64(st, i, p->i);
      break;
    case AN_DB_T_TEXT:
      rc = sqlite3_bind_text(st, i, p->s, -1, SQLITE_STATIC);
      break;
    case AN_DB_T_BLOB: /* a NULL pointer would bind SQL NULL; an empty blob stays a blob */
      rc = sqlite3_bind_blob64(st, i, p->b ? p->b : "", p->n, SQLITE_STATIC);
      break;
    default:
      rc = sqlite3_bind_null(st, i);
    }
    if (rc != SQLITE_OK)
      return fail(d, sql, rc);
  }
  return 0;
}

/* Steps st to the end, showing each row to cb; returns the row count or an error. */
static int run(struct sq_db *d, sqlite3_stmt *st, const char *sql, an_db_row_cb cb, void *cls)
{
  struct sq_row row = {{&an_db_sqlite_ops}, st};
  int rows = 0, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    rows++;
    if (cb)
      cb(cls, &row.base);
  }
  if (step != SQLITE_DONE)
    return fail(d, sql, step);
  return sqlite3_column_count(st) > 0 ? rows : sqlite3_changes(d->h);
}

/* Puts synchronous back to FULL after sq_query_unflushed, before anything else runs on the
 * connection: no other statement may commit without its flush. Returns 0 or AN_DB_HARD. */
static int sync_full(struct sq_db *d)
{
  if (!d->lowered)
    return 0;
  int rc = sqlite3_exec(d->h, SQL_SYNC_FULL, NULL, NULL, NULL);
  if (rc != SQLITE_OK) {
    an_db_fail(&d->base, SQL_SYNC_FULL, sqlite3_errmsg(d->h), NULL);
    return AN_DB_HARD;
  }
  d->lowered = false;
  return 0;
}

static int query_now(struct sq_db *d, const char *sql, const struct an_db_param *params, size_t n,
                     an_db_row_cb cb, void *cls)
{
  int rc = AN_DB_HARD;
  sqlite3_stmt *st = statement(d, sql, &rc);
  if (!st)
    return rc;
  /* A write outside a transaction takes its turn like a transaction does. */
  bool turn = !d->holding && !sqlite3_stmt_readonly(st) && sqlite3_get_autocommit(d->h);
  if (turn && (rc = turn_take(d)) < 0)
    return rc;
  rc = bind(d, st, sql, params, n);
  if (rc >= 0)
    rc = run(d, st, sql, cb, cls);
  /* Ready for the next use, and no pointer into the caller's parameters is kept. */
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  if (turn)
    turn_give(d);
  return rc;
}

static int sq_query(struct an_db *db, const char *sql, const struct an_db_param *params, size_t n,
                    an_db_row_cb cb, void *cls)
{
  struct sq_db *d = (struct sq_db *)db;
  int rc = sync_full(d);
  return rc < 0 ? rc : query_now(d, sql, params, n, cb, cls);
}

/* synchronous is a setting of the connection, not of a statement: lowered to NORMAL for this one
 * autocommit statement (in WAL mode its commit then writes the WAL without an fsync) and put back
 * right after, or before the connection's next statement should that fail. */
static int sq_query_unflushed(struct an_db *db, const char *sql, const struct an_db_param *params,
                              size_t n, an_db_row_cb cb, void *cls)
{
  struct sq_db *d = (struct sq_db *)db;
  if (!sqlite3_get_autocommit(d->h) || d->holding)
    return sq_query(db, sql, params, n, cb, cls);
  int rc = sqlite3_exec(d->h, SQL_SYNC_NORMAL, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return fail(d, SQL_SYNC_NORMAL, rc);
  d->lowered = true;
  rc = query_now(d, sql, params, n, cb, cls);
  int back = sync_full(d);
  return rc < 0 ? rc : back < 0 ? back : rc;
}

static int sq_exec_script(struct an_db *db, const char *sql)
{
  struct sq_db *d = (struct sq_db *)db;
  char *msg = NULL;
  int rc = sync_full(d);
  if (rc < 0)
    return rc;
  rc = sqlite3_exec(d->h, sql, NULL, NULL, &msg);
  if (rc != SQLITE_OK)
    rc = fail_msg(d, sql, rc, msg);
  sqlite3_free(msg);
  return rc;
}

static int sq_begin(struct an_db *db, enum an_db_mode mode)
{
  struct sq_db *d = (struct sq_db *)db;
  if (mode == AN_DB_SNAPSHOT) {
    int rc = sq_query(db, SQL_BEGIN_READ, NULL, 0, NULL, NULL);
    return rc < 0 ? rc : 0;
  }
  int rc = turn_take(d);
  if (rc < 0)
    return rc;
  rc = sq_query(db, SQL_BEGIN, NULL, 0, NULL, NULL);
  if (rc < 0)
    turn_give(d);
  return rc < 0 ? rc : 0;
}

static int sq_commit(struct an_db *db)
{
  struct sq_db *d = (struct sq_db *)db;
  int rc = sq_query(db, SQL_COMMIT, NULL, 0, NULL, NULL);
  if (rc >= 0)
    turn_give(d);
  return rc < 0 ? rc : 0;
}

static int sq_rollback(struct an_db *db)
{
  struct sq_db *d = (struct sq_db *)db;
  int rc = 0;
  if (!sqlite3_get_autocommit(d->h)) /* some errors roll back by themselves */
    rc = sq_query(db, SQL_ROLLBACK, NULL, 0, NULL, NULL);
  turn_give(d);
  return rc < 0 ? rc : 0;
}

static int sq_ping(struct an_db *db)
{
  int rc = sq_query(db, SQL_PING, NULL, 0, NULL, NULL);
  return rc < 0 ? rc : 0;
}

static sqlite3_stmt *row_stmt(const struct an_db_row *row)
{
  return ((const struct sq_row *)row)->st;
}

static int64_t sq_row_int(const struct an_db_row *row, int col)
{
  return sqlite3_column_int64(row_stmt(row), col);
}

static const char *sq_row_text(const struct an_db_row *row, int col)
{
  return (const char *)sqlite3_column_text(row_stmt(row), col);
}

static const void *sq_row_blob(const struct an_db_row *row, int col, size_t *len)
{
  sqlite3_stmt *st = row_stmt(row);
  if (sqlite3_column_type(st, col) == SQLITE_NULL) {
    *len = 0;
    return NULL;
  }
  const void *p = sqlite3_column_blob(st, col);
  *len = (size_t)sqlite3_column_bytes(st, col);
  return p ? p : ""; /* SQLite returns NULL for an empty blob; only SQL NULL reads as NULL */
}

static bool sq_row_is_null(const struct an_db_row *row, int col)
{
  return sqlite3_column_type(row_stmt(row), col) == SQLITE_NULL;
}

static int sq_row_columns(const struct an_db_row *row)
{
  return sqlite3_column_count(row_stmt(row));
}

static const char *sq_row_name(const struct an_db_row *row, int col)
{
  return sqlite3_column_name(row_stmt(row), col);
}

static enum an_db_type sq_row_kind(const struct an_db_row *row, int col)
{
  switch (sqlite3_column_type(row_stmt(row), col)) {
  case SQLITE_INTEGER:
    return AN_DB_T_INT;
  case SQLITE_BLOB:
    return AN_DB_T_BLOB;
  case SQLITE_NULL:
    return AN_DB_T_NULL;
  default:
    return AN_DB_T_TEXT; /* text, and the rare REAL, read as text */
  }
}

const struct an_db_ops an_db_sqlite_ops = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .query = sq_query,
    .exec_script = sq_exec_script,
    .query_unflushed = sq_query_unflushed,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .ping = sq_ping,
    .row_int = sq_row_int,
    .row_text = sq_row_text,
    .row_blob = sq_row_blob,
    .row_is_null = sq_row_is_null,
    .row_columns = sq_row_columns,
    .row_name = sq_row_name,
    .row_kind = sq_row_kind,
};
