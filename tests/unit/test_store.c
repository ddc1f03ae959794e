/* The store suite, one source for both backends: ANSHIN_TEST_DRIVER=sqlite (default) or postgres
 * (conninfo in ANSHIN_TEST_PG_URL; exits 77, "skipped", when it is unset or unreachable).
 * Every run works in a fresh database: a mkdtemp directory, or new PostgreSQL schemas. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/config.h"
#include "core/time.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/pool.h"
#include "store/rows.h"

static struct {
  bool pg;
  char dir[64];         /* SQLite: the temporary directory */
  const char *base_url; /* PostgreSQL: conninfo of the test database */
  struct an_db *admin;  /* PostgreSQL: creates and drops the schemas */
  char *schemas[8];
  int n_schemas;
  struct an_config cfg; /* the main database */
  struct an_db *db;
} T;

static const char SQL_TABLES_SQLITE[] =
    "CREATE TABLE t_vals (id BIGINT PRIMARY KEY, i BIGINT, s TEXT, b BLOB);"
    "CREATE TABLE t_counter (id INTEGER PRIMARY KEY, n BIGINT NOT NULL);";
static const char SQL_TABLES_PG[] =
    "CREATE TABLE t_vals (id BIGINT PRIMARY KEY, i BIGINT, s TEXT, b BYTEA);"
    "CREATE TABLE t_counter (id INTEGER PRIMARY KEY, n BIGINT NOT NULL);";
static const char SQL_CLEAN[] = "DELETE FROM t_vals";
static const char SQL_CLEAN_COUNTER[] = "DELETE FROM t_counter";
static const char SQL_INSERT[] = "INSERT INTO t_vals (id, i, s, b) VALUES ($1, $2, $3, $4)";
static const char SQL_INSERT_ID[] = "INSERT INTO t_vals (id) VALUES ($1)";
static const char SQL_GET[] = "SELECT i, s, b FROM t_vals WHERE id = $1";
static const char SQL_COUNT_ID[] = "SELECT COUNT(*) FROM t_vals WHERE id = $1";

/* ---- fixtures ---- */

static void set(struct an_config *cfg, const char *key, const char *value)
{
  char err[256];
  if (!an_config_set(cfg, "store", key, value, err, sizeof err))
    fail_msg("config: %s", err);
}

/* A configuration for a fresh, empty database named by suffix. */
static void make_config(struct an_config *cfg, const char *suffix, const char *busy_ms)
{
  memset(cfg, 0, sizeof *cfg);
  set(cfg, "driver", T.pg ? "postgres" : "sqlite");
  set(cfg, "busy_timeout_ms", busy_ms);
  if (!T.pg) { /* a nested path, so opening must create the directories */
    char *path = an_asprintf("%s/%s/sub/anshin.db", T.dir, suffix);
    set(cfg, "path", path);
    free(path);
    return;
  }
  char *schema = an_asprintf("t_%d_%llx_%s", (int)getpid(),
                             (unsigned long long)(an_time_now_us() & 0xffffff), suffix);
  char *ddl = an_asprintf("CREATE SCHEMA %s", schema);
  assert_int_equal(an_db_exec_script(T.admin, ddl), 0);
  free(ddl);
  T.schemas[T.n_schemas++] = schema;
  bool uri = strncmp(T.base_url, "postgres", 8) == 0 && strstr(T.base_url, "://");
  char *url = uri ? an_asprintf("%s%coptions=-csearch_path%%3D%s", T.base_url,
                                strchr(T.base_url, '?') ? '&' : '?', schema)
                  : an_asprintf("%s options=-csearch_path=%s", T.base_url, schema);
  set(cfg, "url", url);
  free(url);
}

static struct an_db *open_db(const struct an_config *cfg)
{
  char err[512];
  struct an_db *db = an_db_open(cfg, err, sizeof err);
  if (!db)
    fail_msg("an_db_open: %s", err);
  return db;
}

static int group_setup(void **state)
{
  (void)state;
  if (!T.pg) {
    strcpy(T.dir, "/tmp/anshin-store-XXXXXX");
    assert_non_null(mkdtemp(T.dir));
  }
  make_config(&T.cfg, "main", "5000");
  T.db = open_db(&T.cfg);
  assert_int_equal(an_db_exec_script(T.db, T.pg ? SQL_TABLES_PG : SQL_TABLES_SQLITE), 0);
  return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  (void)st, (void)flag, (void)ftw;
  return remove(path);
}

static int group_teardown(void **state)
{
  (void)state;
  an_db_close(T.db);
  an_config_free(&T.cfg);
  for (int i = 0; i < T.n_schemas; i++) {
    char *ddl = an_asprintf("DROP SCHEMA %s CASCADE", T.schemas[i]);
    an_db_exec_script(T.admin, ddl);
    free(ddl);
    free(T.schemas[i]);
  }
  if (!T.pg)
    nftw(T.dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
  return 0;
}

static int clean(void **state)
{
  (void)state;
  assert_true(an_db_query(T.db, SQL_CLEAN, NULL, 0, NULL, NULL) >= 0);
  assert_true(an_db_query(T.db, SQL_CLEAN_COUNTER, NULL, 0, NULL, NULL) >= 0);
  return 0;
}

/* ---- row readers ---- */

struct val {
  int rows;
  int64_t i;
  bool i_null, s_null, b_null;
  char s[256];
  unsigned char b[300];
  size_t bn;
};

static void read_val(void *cls, const struct an_db_row *row)
{
  struct val *v = cls;
  v->rows++;
  v->i = an_db_row_int(row, 0);
  v->i_null = an_db_row_is_null(row, 0);
  const char *s = an_db_row_text(row, 1);
  v->s_null = s == NULL;
  snprintf(v->s, sizeof v->s, "%s", s ? s : "");
  const void *b = an_db_row_blob(row, 2, &v->bn);
  v->b_null = b == NULL;
  if (b && v->bn <= sizeof v->b)
    memcpy(v->b, b, v->bn);
}

static struct val get(struct an_db *db, int64_t id)
{
  struct val v = {0};
  struct an_db_param p[] = {AN_P_INT(id)};
  int rc = an_db_query(db, SQL_GET, p, 1, read_val, &v);
  assert_int_equal(rc, v.rows);
  return v;
}

static void read_int(void *cls, const struct an_db_row *row)
{
  *(int64_t *)cls = an_db_row_int(row, 0);
}

static int64_t count_id(struct an_db *db, int64_t id)
{
  int64_t n = -1;
  struct an_db_param p[] = {AN_P_INT(id)};
  assert_int_equal(an_db_query(db, SQL_COUNT_ID, p, 1, read_int, &n), 1);
  return n;
}

static int insert_id(struct an_db *db, int64_t id)
{
  struct an_db_param p[] = {AN_P_INT(id)};
  return an_db_query(db, SQL_INSERT_ID, p, 1, NULL, NULL);
}

/* ---- tests ---- */

static void test_open_ping(void **state)
{
  (void)state;
  assert_int_equal(an_db_ping(T.db), 0);
  assert_string_equal(an_db_driver(T.db), T.pg ? "postgres" : "sqlite");
  assert_int_equal(an_db_is_postgres(T.db), T.pg);
  assert_false(an_db_in_txn(T.db));
}

static void test_migrate_idempotent(void **state)
{
  (void)state;
  struct an_config cfg;
  make_config(&cfg, "mig", "5000");
  struct an_db *db = open_db(&cfg);
  const struct an_migration *list = T.pg ? an_migrations_postgres : an_migrations_sqlite;
  int known = 0, last = 0;
  for (const struct an_migration *m = list; m->sql; m++, known++)
    last = m->version;
  char err[512] = "";
  assert_int_equal(an_store_schema_version(db), 0);
  int first = an_store_migrate(db, err, sizeof err);
  if (first < 0)
    fail_msg("migrate: %s", err);
  assert_int_equal(first, known);
  assert_int_equal(an_store_schema_version(db), last);
  assert_int_equal(an_store_migrate(db, err, sizeof err), 0);
  assert_int_equal(an_store_schema_version(db), last);
  an_db_close(db);
  an_config_free(&cfg);
}

/* A pointer, not an array: AN_P_TEXT(array) trips GCC -Waddress under -Werror. */
static const char *const JA = "日本語の「テキスト」 'single' \"double\" \\ back; -- ％ ©";

static void test_types_roundtrip(void **state)
{
  (void)state;
  static const unsigned char nul_blob[] = {0x00, 'a', 0x00, 0x00, 0xff, 0x5c, 0x78, 0x00};
  unsigned char all[256];
  for (int k = 0; k < 256; k++)
    all[k] = (unsigned char)k;
  struct an_db_param rows[][4] = {
      {AN_P_INT(1), AN_P_INT(INT64_MIN), AN_P_TEXT(JA), AN_P_BLOB(nul_blob, sizeof nul_blob)},
      {AN_P_INT(2), AN_P_INT(INT64_MAX), AN_P_TEXT(""), AN_P_BLOB(NULL, 0)},
      {AN_P_INT(3), AN_P_NULL, AN_P_TEXT(NULL), AN_P_NULL},
      {AN_P_INT(-1), AN_P_INT(0), AN_P_TEXT("x"), AN_P_BLOB(all, sizeof all)},
  };
  for (size_t r = 0; r < 4; r++)
    assert_int_equal(an_db_query(T.db, SQL_INSERT, rows[r], 4, NULL, NULL), 1);

  struct val v = get(T.db, 1);
  assert_int_equal(v.rows, 1);
  assert_true(v.i == INT64_MIN);
  assert_string_equal(v.s, JA);
  assert_int_equal(v.bn, sizeof nul_blob);
  assert_memory_equal(v.b, nul_blob, sizeof nul_blob);

  v = get(T.db, 2);
  assert_true(v.i == INT64_MAX);
  assert_false(v.s_null);
  assert_string_equal(v.s, "");
  assert_false(v.b_null); /* an empty blob is not NULL */
  assert_int_equal(v.bn, 0);

  v = get(T.db, 3);
  assert_true(v.i_null && v.s_null && v.b_null);
  assert_int_equal(v.i, 0);
  assert_int_equal(v.bn, 0);

  v = get(T.db, -1);
  assert_false(v.i_null);
  assert_int_equal(v.i, 0);
  assert_int_equal(v.bn, sizeof all);
  assert_memory_equal(v.b, all, sizeof all);

  assert_int_equal(get(T.db, 4).rows, 0);
}

static void test_param_order(void **state)
{
  (void)state;
  static const char ins[] = "INSERT INTO t_vals (id, s, i) VALUES ($2, $1, $2)";
  static const char sel[] = "SELECT i, s, b FROM t_vals WHERE s = $2 AND id = $1";
  static const char wrong[] = "SELECT s FROM t_vals WHERE id = $1";
  struct an_db_param p[] = {AN_P_TEXT("second-first"), AN_P_INT(42)};
  assert_int_equal(an_db_query(T.db, ins, p, 2, NULL, NULL), 1);
  struct val v = {0};
  struct an_db_param q[] = {AN_P_INT(42), AN_P_TEXT("second-first")};
  assert_int_equal(an_db_query(T.db, sel, q, 2, read_val, &v), 1);
  assert_int_equal(v.i, 42);
  assert_string_equal(v.s, "second-first");
  /* More parameters than placeholders is a bug on both backends. */
  assert_int_equal(an_db_query(T.db, wrong, q, 2, NULL, NULL), AN_DB_HARD);
}

static void count_cb(void *cls, const struct an_db_row *row)
{
  (void)row;
  (*(int *)cls)++;
}

static void test_row_counts(void **state)
{
  (void)state;
  static const char ins3[] = "INSERT INTO t_vals (id, i) VALUES ($1, 0), ($2, 0), ($3, 0)";
  static const char upd[] = "UPDATE t_vals SET i = i + 1 WHERE id >= $1";
  static const char sel[] = "SELECT id FROM t_vals ORDER BY id";
  static const char del[] = "DELETE FROM t_vals WHERE id = $1";
  assert_int_equal(insert_id(T.db, 10), 1);
  struct an_db_param three[] = {AN_P_INT(11), AN_P_INT(12), AN_P_INT(13)};
  assert_int_equal(an_db_query(T.db, ins3, three, 3, NULL, NULL), 3);
  struct an_db_param from[] = {AN_P_INT(11)};
  assert_int_equal(an_db_query(T.db, upd, from, 1, NULL, NULL), 3);
  struct an_db_param none[] = {AN_P_INT(1000)};
  assert_int_equal(an_db_query(T.db, upd, none, 1, NULL, NULL), 0);
  int seen = 0;
  assert_int_equal(an_db_query(T.db, sel, NULL, 0, count_cb, &seen), 4);
  assert_int_equal(seen, 4);
  assert_int_equal(an_db_query(T.db, sel, NULL, 0, NULL, NULL), 4);
  assert_int_equal(an_db_query(T.db, del, from, 1, NULL, NULL), 1);
  assert_int_equal(an_db_query(T.db, del, from, 1, NULL, NULL), 0);
  assert_int_equal(an_db_query(T.db, SQL_CLEAN, NULL, 0, NULL, NULL), 3);
}

struct body {
  int64_t id;
  int result;
  int calls;
  bool saw_txn;
};

static int insert_body(struct an_db *db, void *cls)
{
  struct body *b = cls;
  b->calls++;
  b->saw_txn = an_db_in_txn(db);
  int rc = insert_id(db, b->id);
  return rc < 0 ? rc : b->result;
}

static void test_txn_commit(void **state)
{
  (void)state;
  struct body b = {100, 7, 0, false};
  assert_int_equal(an_db_txn(T.db, insert_body, &b), 7);
  assert_int_equal(b.calls, 1);
  assert_true(b.saw_txn);
  assert_false(an_db_in_txn(T.db));
  struct an_db *other = open_db(&T.cfg); /* committed means visible to another connection */
  assert_int_equal(count_id(other, 100), 1);
  an_db_close(other);
}

static void test_txn_rollback(void **state)
{
  (void)state;
  struct body b = {101, AN_DB_ROLLBACK, 0, false};
  assert_int_equal(an_db_txn(T.db, insert_body, &b), AN_DB_ROLLBACK);
  assert_int_equal(b.calls, 1);
  assert_false(an_db_in_txn(T.db));
  assert_int_equal(count_id(T.db, 101), 0);
}

static int hard_body(struct an_db *db, void *cls)
{
  int *calls = cls;
  (*calls)++;
  int rc = insert_id(db, 102);
  if (rc >= 0)
    rc = insert_id(db, 102); /* primary key violation */
  return rc;
}

static void test_txn_hard_error(void **state)
{
  (void)state;
  int calls = 0;
  assert_int_equal(an_db_txn(T.db, hard_body, &calls), AN_DB_HARD);
  assert_int_equal(calls, 1); /* hard errors are not retried */
  assert_false(an_db_in_txn(T.db));
  assert_int_equal(count_id(T.db, 102), 0);
  assert_int_equal(insert_id(T.db, 103), 1); /* the connection is usable afterwards */
}

static int outer_body(struct an_db *db, void *cls)
{
  struct body *inner = cls;
  if (insert_id(db, 104) != 1)
    return AN_DB_HARD;
  int rc = an_db_txn(db, insert_body, inner);
  if (rc != inner->result || !an_db_in_txn(db))
    return AN_DB_HARD;
  return AN_DB_ROLLBACK; /* undoes the inner work too: there was no inner COMMIT */
}

static void test_txn_nested(void **state)
{
  (void)state;
  struct body inner = {105, 5, 0, false};
  assert_int_equal(an_db_txn(T.db, outer_body, &inner), AN_DB_ROLLBACK);
  assert_int_equal(inner.calls, 1);
  assert_true(inner.saw_txn);
  assert_int_equal(count_id(T.db, 104), 0);
  assert_int_equal(count_id(T.db, 105), 0);
}

/* SQLite: a second connection holds the write lock for 200 ms; with a 10 ms busy timeout the
 * first connection only gets through by retrying. */
struct hold {
  sem_t locked;
  int rc;
};

static void sleep_ms(long ms)
{
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static int hold_body(struct an_db *db, void *cls)
{
  struct hold *h = cls;
  int rc = insert_id(db, 200);
  sem_post(&h->locked);
  sleep_ms(200);
  return rc;
}

static void *holder(void *arg)
{
  struct hold *h = arg;
  char err[256];
  struct an_db *db = an_db_open(&T.cfg, err, sizeof err);
  h->rc = db ? an_db_txn(db, hold_body, h) : AN_DB_HARD;
  if (!db)
    sem_post(&h->locked);
  an_db_close(db);
  return NULL;
}

static void test_sqlite_busy_retry(void **state)
{
  (void)state;
  if (T.pg)
    skip();
  struct an_config quick = T.cfg;
  quick.busy_timeout_ms = 10;
  struct an_db *db = open_db(&quick);
  struct hold h = {.rc = 0};
  sem_init(&h.locked, 0, 0);
  pthread_t t;
  assert_int_equal(pthread_create(&t, NULL, holder, &h), 0);
  sem_wait(&h.locked);
  int64_t t0 = an_time_mono_us();
  struct body b = {201, 0, 0, false};
  int rc = an_db_txn(db, insert_body, &b);
  int64_t waited_ms = (an_time_mono_us() - t0) / 1000;
  pthread_join(t, NULL);
  sem_destroy(&h.locked);
  an_db_close(db);
  assert_int_equal(h.rc, 1);
  assert_int_equal(rc, 0);
  assert_true(waited_ms >= 100); /* far beyond one 10 ms busy timeout: it retried */
  assert_int_equal(count_id(T.db, 200), 1);
  assert_int_equal(count_id(T.db, 201), 1);
}

/* Two threads increment one counter row 50 times each, read-modify-write in a transaction.
 * On PostgreSQL the collisions are serialisation failures that an_db_txn retries. */
static const char SQL_COUNTER_INIT[] = "INSERT INTO t_counter (id, n) VALUES (1, 0)";
static const char SQL_COUNTER_GET[] = "SELECT n FROM t_counter WHERE id = 1";
static const char SQL_COUNTER_SET[] = "UPDATE t_counter SET n = $1 WHERE id = 1";

struct worker {
  struct an_db *db;
  int failures;
  atomic_int *calls;
};

static int incr_body(struct an_db *db, void *cls)
{
  atomic_fetch_add((atomic_int *)cls, 1);
  int64_t n = -1;
  int rc = an_db_query(db, SQL_COUNTER_GET, NULL, 0, read_int, &n);
  if (rc != 1)
    return rc < 0 ? rc : AN_DB_HARD;
  struct an_db_param p[] = {AN_P_INT(n + 1)};
  rc = an_db_query(db, SQL_COUNTER_SET, p, 1, NULL, NULL);
  return rc == 1 ? 0 : rc < 0 ? rc : AN_DB_HARD;
}

static void *incrementer(void *arg)
{
  struct worker *w = arg;
  w->db = an_pool_get();
  for (int k = 0; k < 50; k++)
    if (!w->db || an_db_txn(w->db, incr_body, w->calls) < 0)
      w->failures++;
  return NULL;
}

static void test_concurrent_counter(void **state)
{
  (void)state;
  assert_int_equal(an_db_query(T.db, SQL_COUNTER_INIT, NULL, 0, NULL, NULL), 1);
  an_pool_init(&T.cfg);
  atomic_int calls = 0;
  struct worker w[2] = {{NULL, 0, &calls}, {NULL, 0, &calls}};
  pthread_t t[2];
  for (int k = 0; k < 2; k++)
    assert_int_equal(pthread_create(&t[k], NULL, incrementer, &w[k]), 0);
  for (int k = 0; k < 2; k++)
    pthread_join(t[k], NULL);
  an_pool_shutdown();
  assert_non_null(w[0].db);
  assert_true(w[0].db != w[1].db);
  assert_int_equal(w[0].failures + w[1].failures, 0);
  int64_t n = -1;
  assert_int_equal(an_db_query(T.db, SQL_COUNTER_GET, NULL, 0, read_int, &n), 1);
  assert_int_equal(n, 100);
  printf("counter: 100 commits took %d attempts\n", atomic_load(&calls));
}

/* PostgreSQL: a session killed by the server is reset, its prepared statements are prepared
 * again, and the transaction runner gets through. */
static void test_pg_reconnect(void **state)
{
  (void)state;
  static const char pid_sql[] = "SELECT pg_backend_pid()";
  static const char kill_sql[] = "SELECT pg_terminate_backend(CAST($1 AS INTEGER))";
  if (!T.pg)
    skip();
  struct an_db *db = open_db(&T.cfg);
  int64_t pid = 0, pid2 = 0;
  assert_int_equal(an_db_query(db, pid_sql, NULL, 0, read_int, &pid), 1);
  assert_int_equal(count_id(db, 300), 0); /* prepares SQL_COUNT_ID in the first session */
  struct an_db_param p[] = {AN_P_INT(pid)};
  assert_int_equal(an_db_query(T.admin, kill_sql, p, 1, NULL, NULL), 1);
  sleep_ms(50);
  struct body b = {300, 0, 0, false};
  assert_int_equal(an_db_txn(db, insert_body, &b), 0);
  assert_int_equal(an_db_query(db, pid_sql, NULL, 0, read_int, &pid2), 1);
  assert_true(pid2 != pid);
  assert_int_equal(count_id(db, 300), 1);
  an_db_close(db);
}

/* The body of test_pg_commit_lost: inserts, then has the admin connection end this session, so
 * the COMMIT that follows meets a dead connection. */
struct cut {
  struct body b;
  int64_t pid;
};

static int insert_then_cut(struct an_db *db, void *cls)
{
  static const char kill_sql[] = "SELECT pg_terminate_backend(CAST($1 AS INTEGER))";
  struct cut *c = cls;
  int rc = insert_body(db, &c->b);
  struct an_db_param p[] = {AN_P_INT(c->pid)};
  assert_int_equal(an_db_query(T.admin, kill_sql, p, 1, NULL, NULL), 1);
  sleep_ms(50);
  return rc;
}

/* PostgreSQL: a connection lost while COMMIT was under way is never retried (the commit may have
 * happened, TOS-25): the runner reports a hard error marked unavailable (a 503 for the client),
 * having run the body once; the next transaction gets a new session. */
static void test_pg_commit_lost(void **state)
{
  (void)state;
  static const char pid_sql[] = "SELECT pg_backend_pid()";
  if (!T.pg)
    skip();
  struct an_db *db = open_db(&T.cfg);
  struct cut c = {{310, 0, 0, false}, 0};
  assert_int_equal(an_db_query(db, pid_sql, NULL, 0, read_int, &c.pid), 1);
  assert_int_equal(an_db_txn(db, insert_then_cut, &c), AN_DB_HARD);
  assert_true(an_db_unavailable(db));
  assert_int_equal(c.b.calls, 1);
  struct body b = {311, 0, 0, false};
  assert_int_equal(an_db_txn(db, insert_body, &b), 0);
  assert_int_equal(count_id(db, 311), 1);
  an_db_close(db);
}

static void *pool_thread(void *arg)
{
  struct an_db **out = arg;
  out[0] = an_pool_get();
  out[1] = an_pool_get();
  if (out[0] && an_db_ping(out[0]) != 0)
    out[0] = NULL;
  return NULL;
}

static void test_pool(void **state)
{
  (void)state;
  an_pool_init(&T.cfg);
  struct an_db *mine = an_pool_get();
  assert_non_null(mine);
  assert_ptr_equal(an_pool_get(), mine);
  struct an_db *theirs[2] = {NULL, NULL};
  pthread_t t;
  assert_int_equal(pthread_create(&t, NULL, pool_thread, theirs), 0);
  pthread_join(t, NULL);
  assert_non_null(theirs[0]);
  assert_ptr_equal(theirs[0], theirs[1]);
  assert_ptr_not_equal(theirs[0], mine);
  an_pool_shutdown();
  struct an_db *again = an_pool_get(); /* after shutdown a fresh connection, never a closed one */
  assert_non_null(again);
  assert_int_equal(an_db_ping(again), 0);
  an_pool_shutdown();
}

static int skip_run(const char *reason)
{
  printf("store_postgres: skipped: %s\n", reason);
  return 77;
}

/* ---- typed rows (store/rows.h, core/spec.h) ---- */

struct tv {
  int64_t id, i;
  char *s;
  int64_t made_at;
  uint64_t nulls;
};
#define TV struct tv
static const struct an_field TV_FIELDS[] = {
    AN_FIELD(TV, id, AN_F_INT, false),
    AN_FIELD(TV, i, AN_F_INT, true),
    AN_FIELD(TV, s, AN_F_TEXT, true),
    AN_FIELD(TV, made_at, AN_F_TIME, true),
};
static const struct an_spec TV_SPEC = AN_SPEC(TV, TV_FIELDS, nulls);
#undef TV

static const char SQL_TYPED[] = "SELECT id, i, s FROM t_vals WHERE id >= $1 ORDER BY id";
static const char SQL_TYPED_ALIAS[] = "SELECT id, i AS made_at FROM t_vals WHERE id = $1";
static const char SQL_TYPED_MISSPELT[] = "SELECT id, i, s AS z FROM t_vals WHERE id = $1";
static const char SQL_TYPED_NO_ID[] = "SELECT i, s FROM t_vals WHERE id = $1";
static const char SQL_TYPED_WRONG_TYPE[] = "SELECT s AS id FROM t_vals WHERE id = $1";

static void insert_val(int64_t id, const int64_t *i, const char *s)
{
  struct an_db_param p[] = {AN_P_INT(id), i ? AN_P_INT(*i) : AN_P_NULL, AN_P_TEXT(s), AN_P_NULL};
  assert_int_equal(an_db_query(T.db, SQL_INSERT, p, 4, NULL, NULL), 1);
}

/* Columns are bound by name to typed fields, NULL marks the field NULL, a field the query does
 * not select stays NULL; the same struct encodes to JSON (times as RFC 3339). */
static void test_typed_rows(void **state)
{
  (void)state;
  int64_t seven = 7, at = 1764892800000000; /* 2025-12-05T00:00:00Z */
  insert_val(1, &seven, "一");
  insert_val(2, NULL, NULL);
  insert_val(3, &at, "x");
  struct tv *items = NULL;
  size_t n = 0;
  struct an_db_param p[] = {AN_P_INT(1)};
  assert_int_equal(an_store_typed_rows(T.db, SQL_TYPED, p, 1, &TV_SPEC, (void **)&items, &n), 3);
  assert_int_equal(n, 3);
  assert_int_equal(items[0].id, 1);
  assert_int_equal(items[0].i, 7);
  assert_string_equal(items[0].s, "一");
  assert_true(an_spec_is_null(&TV_SPEC, &items[0], 3)); /* made_at not selected */
  assert_true(an_spec_is_null(&TV_SPEC, &items[1], 1));
  assert_null(items[1].s);
  json_t *j = an_spec_to_json(&TV_SPEC, &items[1]);
  char *text = json_dumps(j, JSON_COMPACT);
  assert_string_equal(text, "{\"id\":2,\"i\":null,\"s\":null,\"made_at\":null}");
  free(text);
  json_decref(j);
  an_spec_free_array(&TV_SPEC, items, n);
  struct tv one;
  struct an_db_param p3[] = {AN_P_INT(3)};
  assert_int_equal(an_store_typed_row(T.db, SQL_TYPED_ALIAS, p3, 1, &TV_SPEC, &one), 1);
  j = an_spec_to_json(&TV_SPEC, &one);
  assert_string_equal(json_string_value(json_object_get(j, "made_at")), "2025-12-05T00:00:00.000Z");
  json_decref(j);
  an_spec_clear(&TV_SPEC, &one);
  struct an_db_param p9[] = {AN_P_INT(9)};
  assert_int_equal(an_store_typed_row(T.db, SQL_TYPED_ALIAS, p9, 1, &TV_SPEC, &one), 0);
}

/* A misspelt column, a required field the query does not select and a value of another type
 * fail loudly (AN_DB_HARD) instead of reading "" or 0. */
static void test_typed_rows_mismatch(void **state)
{
  (void)state;
  int64_t seven = 7;
  insert_val(1, &seven, "a");
  struct an_db_param p[] = {AN_P_INT(1)};
  struct tv one;
  assert_int_equal(an_store_typed_row(T.db, SQL_TYPED_MISSPELT, p, 1, &TV_SPEC, &one), AN_DB_HARD);
  assert_null(one.s);
  assert_int_equal(an_store_typed_row(T.db, SQL_TYPED_NO_ID, p, 1, &TV_SPEC, &one), AN_DB_HARD);
  assert_int_equal(an_store_typed_row(T.db, SQL_TYPED_WRONG_TYPE, p, 1, &TV_SPEC, &one),
                   AN_DB_HARD);
  struct tv *items = (struct tv *)&one;
  size_t n = 5;
  assert_int_equal(
      an_store_typed_rows(T.db, SQL_TYPED_MISSPELT, p, 1, &TV_SPEC, (void **)&items, &n),
      AN_DB_HARD);
  assert_null(items);
  assert_int_equal(n, 0);
}

static void read_text(void *cls, const struct an_db_row *row)
{
  snprintf(cls, 16, "%s", an_db_row_text(row, 0));
}

static int unflushed_body(struct an_db *db, void *cls)
{
  struct an_db_param p[] = {AN_P_INT(*(int64_t *)cls)};
  static const char ins[] = "INSERT INTO t_vals (id) VALUES ($1)";
  int rc = an_db_query_unflushed(db, ins, p, 1, NULL, NULL);
  return rc < 0 ? rc : AN_DB_ROLLBACK; /* inside a transaction it is the transaction's */
}

/* an_db_query_unflushed (issue 9 item 7, SLA-21's reservation): commits and is seen by another
 * connection; the connection's flush setting is back to full afterwards; inside a transaction it
 * is an ordinary statement of that transaction. */
static void test_query_unflushed(void **state)
{
  (void)state;
  static const char ins[] = "INSERT INTO t_vals (id) VALUES ($1)";
  static const char sync_sqlite[] = "PRAGMA synchronous";
  static const char sync_pg[] = "SELECT current_setting('synchronous_commit')";
  const char *sync_sql = T.pg ? sync_pg : sync_sqlite;
  char before[16] = "", setting[16] = "";
  assert_int_equal(an_db_query(T.db, sync_sql, NULL, 0, read_text, before), 1);
  if (!T.pg)
    assert_string_equal(before, "2"); /* FULL */
  struct an_db_param p[] = {AN_P_INT(300)};
  assert_int_equal(an_db_query_unflushed(T.db, ins, p, 1, NULL, NULL), 1);
  struct an_db *other = open_db(&T.cfg);
  assert_int_equal(count_id(other, 300), 1);
  an_db_close(other);
  assert_int_equal(an_db_query(T.db, sync_sql, NULL, 0, read_text, setting), 1);
  assert_string_equal(setting, before); /* the session's own setting again */
  int64_t id = 301;
  assert_int_equal(an_db_txn(T.db, unflushed_body, &id), AN_DB_ROLLBACK);
  assert_int_equal(count_id(T.db, 301), 0);
}

int main(void)
{
  const char *driver = getenv("ANSHIN_TEST_DRIVER");
  T.pg = driver && strcmp(driver, "postgres") == 0;
  if (T.pg) {
    T.base_url = getenv("ANSHIN_TEST_PG_URL");
    if (!T.base_url || !*T.base_url)
      return skip_run("ANSHIN_TEST_PG_URL is not set");
    struct an_config cfg = {0};
    char err[512];
    if (!an_config_set(&cfg, "store", "driver", "postgres", err, sizeof err) ||
        !an_config_set(&cfg, "store", "url", T.base_url, err, sizeof err))
      return skip_run(err);
    T.admin = an_db_open(&cfg, err, sizeof err);
    an_config_free(&cfg);
    if (!T.admin)
      return skip_run(err);
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_open_ping),
      cmocka_unit_test(test_migrate_idempotent),
      cmocka_unit_test_setup(test_types_roundtrip, clean),
      cmocka_unit_test_setup(test_param_order, clean),
      cmocka_unit_test_setup(test_row_counts, clean),
      cmocka_unit_test_setup(test_txn_commit, clean),
      cmocka_unit_test_setup(test_txn_rollback, clean),
      cmocka_unit_test_setup(test_txn_hard_error, clean),
      cmocka_unit_test_setup(test_txn_nested, clean),
      cmocka_unit_test_setup(test_sqlite_busy_retry, clean),
      cmocka_unit_test_setup(test_concurrent_counter, clean),
      cmocka_unit_test_setup(test_pg_reconnect, clean),
      cmocka_unit_test_setup(test_pg_commit_lost, clean),
      cmocka_unit_test(test_pool),
      cmocka_unit_test_setup(test_typed_rows, clean),
      cmocka_unit_test_setup(test_typed_rows_mismatch, clean),
      cmocka_unit_test_setup(test_query_unflushed, clean),
  };
  int failed = cmocka_run_group_tests_name(T.pg ? "store_postgres" : "store_sqlite", tests,
                                           group_setup, group_teardown);
  an_db_close(T.admin);
  return failed ? 1 : 0;
}
