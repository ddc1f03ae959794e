/* The public database interface: dispatch to the configured backend, the transaction runner,
 * and the statement cache and error logging the backends share. */
#include "store/db.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/log.h"
#include "core/time.h"
#include "store/db_backend.h"

#ifndef NDEBUG
#include <signal.h>
#include <unistd.h>
#endif

/* Tried at least this often, however long they take; beyond that only while the retry budget
 * lasts. Few, because an attempt that is slow is one that waited on a lock already (SQLite's busy
 * wait, PostgreSQL's lock_timeout): a database held by someone else answers 503 in about the
 * budget instead of ten lock waits. */
#define TXN_MIN_ATTEMPTS 3

static atomic_uint_fast64_t giveups;

_Atomic(an_db_txn_hook) an_db_group_hook;

static const struct an_db_ops *const backends[] = {&an_db_sqlite_ops, &an_db_postgres_ops};

struct an_db *an_db_open(const struct an_config *cfg, char *err, size_t errlen)
{
  const char *driver = cfg->store_driver ? cfg->store_driver : "sqlite";
  for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++)
    if (strcmp(backends[i]->name, driver) == 0) {
      struct an_db *db = backends[i]->open(cfg, err, errlen);
      /* Each attempt may wait up to the busy timeout: retries stop once it is spent (at least a
       * second, for quick serialisation conflicts), so a busy database answers promptly. */
      if (db)
        db->retry_budget_us = (cfg->busy_timeout_ms > 1000 ? cfg->busy_timeout_ms : 1000) * 1000LL;
      return db;
    }
  snprintf(err, errlen, "[store] driver: unknown driver \"%s\"", driver);
  return NULL;
}

struct an_db *an_db_open_buf(const struct an_config *cfg, struct an_buf *err)
{
  /* The backends write a one-line message of bounded length; a heap buffer of that bound, and
   * the caller keeps the text in its growable buffer. */
  enum { BOUND = 4096 };
  char *tmp = an_calloc(BOUND);
  struct an_db *db = an_db_open(cfg, tmp, BOUND);
  if (!db)
    an_buf_puts(err, tmp[0] ? tmp : "cannot open the database");
  free(tmp);
  return db;
}

void an_db_close(struct an_db *db)
{
  if (!db)
    return;
  free(db->txn_events);
  db->txn_events = NULL;
  db->ops->close(db);
}

void an_db_note_event(struct an_db *db, int64_t id)
{
  if (!db->in_txn)
    return;
  if (db->n_txn_events == db->cap_txn_events) {
    db->cap_txn_events = db->cap_txn_events ? db->cap_txn_events * 2 : 8;
    db->txn_events = an_realloc(db->txn_events, db->cap_txn_events * sizeof *db->txn_events);
  }
  db->txn_events[db->n_txn_events++] = id;
}

const char *an_db_driver(const struct an_db *db)
{
  return db->driver;
}

bool an_db_is_postgres(const struct an_db *db)
{
  return db->ops == &an_db_postgres_ops;
}

/* Runs one statement through query (the backend's query or query_unflushed, which both behave as
 * query inside a transaction). Outside a transaction a connection that went away marks db
 * unavailable; inside one the transaction's own end decides. */
static int dispatch(struct an_db *db, bool unflushed, const char *sql,
                    const struct an_db_param *params, size_t n, an_db_row_cb cb, void *cls)
{
  if (!db || !sql || (n && !params))
    return AN_DB_HARD;
  if (!db->in_txn)
    db->unavailable = false;
  int rc = (unflushed ? db->ops->query_unflushed : db->ops->query)(db, sql, params, n, cb, cls);
  if (rc == AN_DB_SOFT && !db->in_txn)
    db->unavailable = true;
  return rc;
}

int an_db_query_unflushed(struct an_db *db, const char *sql, const struct an_db_param *params,
                          size_t n, an_db_row_cb cb, void *cls)
{
  return dispatch(db, true, sql, params, n, cb, cls);
}

int an_db_query(struct an_db *db, const char *sql, const struct an_db_param *params, size_t n,
                an_db_row_cb cb, void *cls)
{
  return dispatch(db, false, sql, params, n, cb, cls);
}

bool an_db_unavailable(const struct an_db *db)
{
  return db && db->unavailable;
}

int an_db_exec_script(struct an_db *db, const char *sql)
{
  if (!db || !sql)
    return AN_DB_HARD;
  return db->ops->exec_script(db, sql);
}

int64_t an_db_row_int(const struct an_db_row *row, int col)
{
  return row->ops->row_int(row, col);
}

const char *an_db_row_text(const struct an_db_row *row, int col)
{
  return row->ops->row_text(row, col);
}

const void *an_db_row_blob(const struct an_db_row *row, int col, size_t *len)
{
  return row->ops->row_blob(row, col, len);
}

bool an_db_row_is_null(const struct an_db_row *row, int col)
{
  return row->ops->row_is_null(row, col);
}

int an_db_row_columns(const struct an_db_row *row)
{
  return row->ops->row_columns(row);
}

const char *an_db_row_name(const struct an_db_row *row, int col)
{
  return row->ops->row_name(row, col);
}

enum an_db_type an_db_row_kind(const struct an_db_row *row, int col)
{
  return row->ops->row_kind(row, col);
}

int an_db_ping(struct an_db *db)
{
  return db ? db->ops->ping(db) : AN_DB_HARD;
}

bool an_db_in_txn(const struct an_db *db)
{
  return db && db->in_txn;
}

/* Sleeps before retry number attempt (>= 1): up to 2^attempt ms, capped, at least half of it,
 * randomised so that two colliding writers do not collide again in lock step. */
static void backoff(int attempt)
{
  static _Thread_local unsigned seed;
  if (!seed)
    seed = (unsigned)an_time_mono_us() ^ (unsigned)(uintptr_t)&seed;
  long max_us = 1000L << (attempt < 6 ? attempt : 6);
  if (max_us > 50000)
    max_us = 50000; /* conflicts clear in milliseconds: a long sleep only lengthens the tail */
  long us = max_us / 2 + rand_r(&seed) % (max_us / 2 + 1);
  struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
  nanosleep(&ts, NULL);
}

/* Runs and forgets the callbacks an_db_after_commit registered for the committed transaction. */
static void run_after_commit(struct an_db *db)
{
  void (*done[4])(void);
  memcpy(done, db->after_commit, sizeof done);
  memset(db->after_commit, 0, sizeof db->after_commit);
  for (size_t i = 0; i < 4 && done[i]; i++)
    done[i]();
}

/* The test build's fault point between the tenant database's commit and the shared one: while
 * the file named by ANSHIN_FAULT_KILL_BETWEEN_COMMITS exists, the process dies there as by
 * kill -9 (tests/api/test_dedicated_outbox.py). Compiled out of release builds (NDEBUG). */
static void fault_between_commits(void)
{
#ifndef NDEBUG
  const char *arm = getenv("ANSHIN_FAULT_KILL_BETWEEN_COMMITS");
  if (arm && *arm && access(arm, F_OK) == 0)
    raise(SIGKILL);
#endif
}

/* The audit outbox (migration 056, store/audit_outbox.h has the relay): the transaction's audit
 * events, read back from the shared database, written into the joined tenant database's
 * audit_outbox in its transaction, so a crash after its commit and before the shared one loses no
 * event; deleted after the shared commit. Here rather than in audit_outbox.c because the runner
 * calls it (store/db is below every other store module). */
#define OUTBOX_COLUMNS                                                                             \
  "id, at, actor_kind, actor_id, actor_label, tenant_id, action, target, outcome, client_ip, "     \
  "request_id, details, emac"

/* "{1,2,3}": the transaction's event ids as a PostgreSQL array literal (one text parameter). */
static char *event_ids(const struct an_db *db)
{
  struct an_buf b = {0};
  an_buf_puts(&b, "{");
  for (size_t i = 0; i < db->n_txn_events; i++)
    an_buf_printf(&b, "%s%lld", i ? "," : "", (long long)db->txn_events[i]);
  an_buf_puts(&b, "}");
  return an_buf_steal(&b);
}

static void json_cb(void *cls, const struct an_db_row *row)
{
  const char *t = an_db_row_text(row, 0);
  *(char **)cls = an_strdup(t ? t : "[]");
}

static int outbox_put(struct an_db *db)
{
  static const char READ[] =
      "SELECT COALESCE(json_agg(e ORDER BY e.id), '[]')::text FROM "
      "(SELECT " OUTBOX_COLUMNS " FROM audit_events WHERE id = ANY($1::bigint[])) e";
  static const char WRITE[] =
      "INSERT INTO audit_outbox (" OUTBOX_COLUMNS ") SELECT " OUTBOX_COLUMNS
      " FROM json_populate_recordset(NULL::audit_outbox, $1::json) ON CONFLICT (id) DO NOTHING";
  if (!db->joined || !db->n_txn_events)
    return 0;
  char *ids = event_ids(db), *json = NULL;
  struct an_db_param p[] = {AN_P_TEXT(ids)};
  int rc = an_db_query(db, READ, p, 1, json_cb, &json);
  free(ids);
  if (rc >= 0 && json && strcmp(json, "[]")) {
    struct an_db_param q[] = {AN_P_TEXT(json)};
    rc = an_db_query(db->joined, WRITE, q, 1, NULL, NULL);
  }
  free(json);
  return rc < 0 ? rc : 0;
}

/* After both commits: the outbox rows are no longer needed. A failure is only logged: the relay
 * finds those events in the chain and deletes the rows then. */
static void outbox_done(struct an_db *db, struct an_db *tenant)
{
  static const char SQL[] = "DELETE FROM audit_outbox WHERE id = ANY($1::bigint[])";
  if (!db->n_txn_events)
    return;
  char *ids = event_ids(db);
  struct an_db_param p[] = {AN_P_TEXT(ids)};
  if (an_db_query(tenant, SQL, p, 1, NULL, NULL) < 0)
    an_log(AN_LOG_WARN, "audit outbox rows left after commit; the relay removes them", NULL);
  free(ids);
}

/* Commits the tenant database's transaction joined to db's (store/placement.c), if any: first,
 * so that the acknowledgement, which waits for both, never covers a change that is not durable.
 * Returns 0 or the commit's error (the joined transaction is then rolled back). */
static int commit_joined(struct an_db *db)
{
  struct an_db *j = db->joined;
  if (!j)
    return 0;
  db->joined = NULL;
  int c = j->ops->commit(j);
  if (c < 0)
    j->ops->rollback(j);
  j->in_txn = false;
  return c;
}

static void rollback_joined(struct an_db *db)
{
  struct an_db *j = db->joined;
  if (!j)
    return;
  db->joined = NULL;
  j->ops->rollback(j);
  j->in_txn = false;
}

/* One attempt: begin, fn, commit; rolls back on anything but success. */
static int txn_once(struct an_db *db, enum an_db_mode mode, an_db_txn_fn fn, void *cls)
{
  int rc = db->ops->begin(db, mode);
  if (rc < 0)
    return rc;
  db->in_txn = true;
  db->txn_mode = mode;
  db->n_txn_events = 0;
  memset(db->after_commit, 0, sizeof db->after_commit);
  rc = fn(db, cls);
  if (rc >= 0) {
    int put = outbox_put(db);
    rc = put < 0 ? put : rc;
  }
  if (rc >= 0) {
    struct an_db *j = db->joined;
    bool had_joined = j != NULL;
    int cj = commit_joined(db), c = cj;
    if (had_joined && cj >= 0)
      fault_between_commits();
    if (cj >= 0)
      c = db->ops->commit(db);
    if (c >= 0) {
      db->in_txn = false;
      if (had_joined)
        outbox_done(db, j);
      run_after_commit(db);
      return rc;
    }
    if (had_joined && cj >= 0)
      an_log(AN_LOG_ERROR, "a tenant database's transaction committed, the shared one did not",
             json_pack("{s:i}", "code", c));
    rc = c;
  }
  rollback_joined(db);
  db->ops->rollback(db);
  db->in_txn = false;
  memset(db->after_commit, 0, sizeof db->after_commit);
  if (rc != AN_DB_SOFT && rc != AN_DB_ROLLBACK)
    rc = AN_DB_HARD; /* including values fn should not return */
  return rc;
}

struct guarded {
  struct an_db_guard *g;
  an_db_txn_fn fn;
  void *cls;
};

/* The body with the guard's step first, in the same transaction (or savepoint). */
static int guarded_body(struct an_db *db, void *cls)
{
  struct guarded *w = cls;
  int rc = w->g->fn(db, w->g->cls);
  return rc < 0 ? rc : w->fn(db, w->cls);
}

void an_db_set_guard(struct an_db *db, struct an_db_guard *g)
{
  if (db)
    db->guard = g;
}

static int txn_runner(struct an_db *db, enum an_db_mode mode, an_db_txn_fn fn, void *cls);

int an_db_txn_mode(struct an_db *db, enum an_db_mode mode, an_db_txn_fn fn, void *cls)
{
  if (!db)
    return AN_DB_HARD;
  if (db->in_txn) /* nested: the outer runner owns BEGIN, COMMIT and retries */
    return fn(db, cls);
  struct an_db_guard *g = db->guard;
  if (!g || g->committed || mode == AN_DB_SNAPSHOT)
    return txn_runner(db, mode, fn, cls);
  struct guarded w = {g, fn, cls};
  int rc = txn_runner(db, mode, guarded_body, &w);
  if (rc >= 0)
    g->committed = true;
  return rc;
}

static int txn_runner(struct an_db *db, enum an_db_mode mode, an_db_txn_fn fn, void *cls)
{
  /* A conflict that waiting resolves is retried, not reported: at least TXN_MIN_ATTEMPTS times
   * and for as long as the retry budget lasts. */
  db->unavailable = false;
  int rc = AN_DB_SOFT, attempt = 0;
  int64_t start = an_time_mono_us();
  for (;; attempt++) {
    if (attempt) {
      if (attempt >= TXN_MIN_ATTEMPTS && an_time_mono_us() - start >= db->retry_budget_us)
        break;
      backoff(attempt);
    }
    an_db_txn_hook hook = atomic_load(&an_db_group_hook);
    if (!hook || !hook(db, mode, fn, cls, &rc, txn_once)) /* SQLite: the writer's next batch */
      rc = txn_once(db, mode, fn, cls);
    if (rc != AN_DB_SOFT)
      return rc;
  }
  db->unavailable = true; /* busy for as long as a caller should wait: 503, not 500 */
  atomic_fetch_add(&giveups, 1);
  an_log(AN_LOG_WARN, "database transaction gave up after retries",
         json_pack("{s:s, s:i}", "driver", db->driver, "attempts", attempt));
  return rc;
}

int an_db_txn(struct an_db *db, an_db_txn_fn fn, void *cls)
{
  return an_db_txn_mode(db, AN_DB_SERIALIZABLE, fn, cls);
}

void an_db_after_commit(struct an_db *db, void (*fn)(void))
{
  if (!db || !db->in_txn)
    return;
  for (size_t i = 0; i < 4; i++)
    if (!db->after_commit[i] || db->after_commit[i] == fn) {
      db->after_commit[i] = fn;
      return;
    }
  an_log_bug("more than 4 after-commit callbacks in one transaction", NULL);
}

uint64_t an_db_txn_giveups(void)
{
  return atomic_load(&giveups);
}

/* The first non-blank line of sql, at most 120 bytes, cut at a UTF-8 character boundary. */
static size_t first_line(const char *sql, const char **start)
{
  while (*sql == ' ' || *sql == '\t' || *sql == '\n' || *sql == '\r')
    sql++;
  size_t n = strcspn(sql, "\r\n");
  if (n > 120) {
    n = 120;
    while (n && ((unsigned char)sql[n] & 0xC0) == 0x80)
      n--;
  }
  *start = sql;
  return n;
}

void an_db_fail(struct an_db *db, const char *sql, const char *msg, const char *code)
{
  const char *line = "";
  size_t n = sql ? first_line(sql, &line) : 0;
  msg = msg ? msg : "unknown error";
  size_t mlen = strlen(msg);
  while (mlen && (msg[mlen - 1] == '\n' || msg[mlen - 1] == ' '))
    mlen--; /* libpq ends its messages with a newline */
  snprintf(db->last_error, sizeof db->last_error, "%.*s", (int)mlen, msg);
  json_t *f =
      json_pack("{s:s, s:s%, s:s}", "driver", db->driver, "sql", line, n, "error", db->last_error);
  if (f && code)
    json_object_set_new(f, "code", json_string(code));
  an_log_bug("database error", f);
}

/* Pointer hash (Fibonacci hashing on the address); the table is a power of two. */
static size_t slot_of(const char *sql, size_t cap)
{
  return (size_t)(((uint64_t)(uintptr_t)sql * 0x9E3779B97F4A7C15ull) >> 32) & (cap - 1);
}

static void cache_grow(struct an_db_cache *c)
{
  struct an_db_cache old = *c;
  c->cap = old.cap ? old.cap * 2 : 64;
  c->slots = an_calloc(c->cap * sizeof *c->slots);
  for (size_t i = 0; i < old.cap; i++) {
    if (!old.slots[i].sql)
      continue;
    size_t j = slot_of(old.slots[i].sql, c->cap);
    while (c->slots[j].sql)
      j = (j + 1) & (c->cap - 1);
    c->slots[j] = old.slots[i];
  }
  free(old.slots);
}

struct an_db_cache_slot *an_db_cache_slot(struct an_db_cache *c, const char *sql)
{
  if ((c->len + 1) * 2 > c->cap)
    cache_grow(c); /* at most half full, so probing stays short and always ends */
  size_t i = slot_of(sql, c->cap);
  while (c->slots[i].sql && c->slots[i].sql != sql)
    i = (i + 1) & (c->cap - 1);
  if (!c->slots[i].sql) {
    c->slots[i].sql = sql;
    c->len++;
  }
  return &c->slots[i];
}

void an_db_cache_clear(struct an_db_cache *c, void (*drop)(void *ctx, void *stmt), void *ctx)
{
  for (size_t i = 0; i < c->cap; i++)
    if (c->slots[i].stmt)
      drop(ctx, c->slots[i].stmt);
  free(c->slots);
  c->slots = NULL;
  c->cap = c->len = 0;
}
