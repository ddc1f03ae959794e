/* SQLite group commit (store/group.c, issue 19): the write transactions of many threads run on
 * one writer thread, several per COMMIT, each body in its own savepoint. Checked here: a body that
 * rolls back or fails is undone alone while the others of its batch commit; every caller gets its
 * own body's result; batches really hold several bodies; a nested transaction runs inline;
 * after-commit callbacks run once per batch; after stopping, transactions run on the callers'
 * connections again. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/config.h"
#include "store/db.h"
#include "store/group.h"

#define THREADS 16
#define PER_THREAD 60

static struct {
  char dir[64];
  struct an_config cfg;
  struct an_db *db;
} T;

static const char SQL_TABLE[] = "CREATE TABLE g_vals (id INTEGER PRIMARY KEY, v BIGINT)";
static const char SQL_INSERT[] = "INSERT INTO g_vals (id, v) VALUES ($1, $2)";
static const char SQL_COUNT[] = "SELECT COUNT(*) FROM g_vals";
static const char SQL_HAS[] = "SELECT COUNT(*) FROM g_vals WHERE id = $1";

static atomic_int after_calls;

static void set(const char *key, const char *value)
{
  char err[256];
  if (!an_config_set(&T.cfg, "store", key, value, err, sizeof err))
    fail_msg("config: %s", err);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  (void)st, (void)flag, (void)ftw;
  return remove(path);
}

static int setup(void **state)
{
  (void)state;
  strcpy(T.dir, "/tmp/anshin-group-XXXXXX");
  assert_non_null(mkdtemp(T.dir));
  memset(&T.cfg, 0, sizeof T.cfg);
  char *path = an_asprintf("%s/g.db", T.dir);
  set("driver", "sqlite");
  set("path", path);
  set("busy_timeout_ms", "5000");
  set("sqlite_writer", "thread");
  free(path);
  char err[512];
  T.db = an_db_open(&T.cfg, err, sizeof err);
  assert_non_null(T.db);
  assert_int_equal(an_db_exec_script(T.db, SQL_TABLE), 0);
  assert_true(an_db_group_start(&T.cfg));
  return 0;
}

static int teardown(void **state)
{
  (void)state;
  an_db_group_stop();
  an_db_close(T.db);
  an_config_free(&T.cfg);
  nftw(T.dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
  return 0;
}

static int64_t count_of(struct an_db *db, const char *sql, const struct an_db_param *p, size_t n);

static void count_cb(void *cls, const struct an_db_row *row)
{
  *(int64_t *)cls = an_db_row_int(row, 0);
}

static int64_t count_of(struct an_db *db, const char *sql, const struct an_db_param *p, size_t n)
{
  int64_t c = -1;
  assert_true(an_db_query(db, sql, p, n, count_cb, &c) >= 0);
  return c;
}

static void after(void)
{
  atomic_fetch_add(&after_calls, 1);
}

/* What a body does: insert its id, then succeed, roll back, or fail. */
enum outcome { COMMIT, ROLL_BACK, FAIL };

static enum outcome outcome_of(int64_t id)
{
  return id % 5 == 0 ? ROLL_BACK : id % 7 == 0 ? FAIL : COMMIT;
}

static int inner_txn(struct an_db *db, void *cls)
{
  (void)db;
  return (int)(intptr_t)cls;
}

static int body(struct an_db *db, void *cls)
{
  int64_t id = *(int64_t *)cls;
  struct an_db_param p[] = {AN_P_INT(id), AN_P_INT(id * 2)};
  if (an_db_query(db, SQL_INSERT, p, 2, NULL, NULL) != 1)
    return AN_DB_HARD;
  an_db_after_commit(db, after);
  /* A nested transaction runs inline, in the batch's transaction. */
  if (an_db_txn(db, inner_txn, (void *)(intptr_t)3) != 3)
    return AN_DB_HARD;
  switch (outcome_of(id)) {
  case ROLL_BACK:
    return AN_DB_ROLLBACK;
  case FAIL:
    return AN_DB_HARD;
  default:
    return 1;
  }
}

static atomic_int wrong_results;

static void *writer(void *arg)
{
  int t = (int)(intptr_t)arg;
  char err[512];
  struct an_db *db = an_db_open(&T.cfg, err, sizeof err);
  if (!db) {
    atomic_fetch_add(&wrong_results, 1000);
    return NULL;
  }
  for (int i = 1; i <= PER_THREAD; i++) {
    int64_t id = (int64_t)t * 1000 + i;
    int rc = an_db_txn(db, body, &id);
    int want = outcome_of(id) == COMMIT      ? 1
               : outcome_of(id) == ROLL_BACK ? AN_DB_ROLLBACK
                                             : AN_DB_HARD;
    if (rc != want)
      atomic_fetch_add(&wrong_results, 1);
  }
  an_db_close(db);
  return NULL;
}

static void bodies_of_one_batch_commit_or_roll_back_alone(void **state)
{
  (void)state;
  uint64_t batches0 = an_db_group_batches(), bodies0 = an_db_group_bodies(),
           alone0 = an_db_group_alone();
  pthread_t th[THREADS];
  for (int t = 0; t < THREADS; t++)
    assert_int_equal(pthread_create(&th[t], NULL, writer, (void *)(intptr_t)(t + 1)), 0);
  for (int t = 0; t < THREADS; t++)
    pthread_join(th[t], NULL);
  assert_int_equal(atomic_load(&wrong_results), 0);
  int64_t committed = 0;
  for (int t = 1; t <= THREADS; t++)
    for (int i = 1; i <= PER_THREAD; i++) {
      int64_t id = (int64_t)t * 1000 + i;
      struct an_db_param p[] = {AN_P_INT(id)};
      int64_t has = count_of(T.db, SQL_HAS, p, 1);
      assert_int_equal(has, outcome_of(id) == COMMIT ? 1 : 0);
      committed += has;
    }
  assert_int_equal(count_of(T.db, SQL_COUNT, NULL, 0), committed);
  uint64_t bodies = an_db_group_bodies() - bodies0, batches = an_db_group_batches() - batches0;
  uint64_t alone = an_db_group_alone() - alone0;
  /* Every body went through the writer or, when nobody else was writing, ran on its caller's
   * connection; with 16 threads writing, batches held several at a time. */
  assert_int_equal(bodies + alone, THREADS * PER_THREAD);
  assert_true(batches >= 1 && batches < bodies);
  /* Each committed batch ran the callback once, however many of its bodies registered it. */
  assert_true(atomic_load(&after_calls) >= 1 &&
              (uint64_t)atomic_load(&after_calls) <= batches + alone);
}

/* Nobody else writing: the transaction runs on the caller's connection, no hand-off. */
static void a_lone_writer_runs_on_its_own_connection(void **state)
{
  (void)state;
  uint64_t bodies0 = an_db_group_bodies(), alone0 = an_db_group_alone();
  int64_t id = 999997; /* commits: neither a multiple of 5 nor of 7 */
  assert_int_equal(outcome_of(id), COMMIT);
  assert_int_equal(an_db_txn(T.db, body, &id), 1);
  assert_int_equal(an_db_group_bodies(), bodies0);
  assert_int_equal(an_db_group_alone(), alone0 + 1);
}

static void after_stopping_transactions_run_on_their_own_connection(void **state)
{
  (void)state;
  an_db_group_stop();
  uint64_t bodies0 = an_db_group_bodies();
  int64_t id = 999998; /* commits: neither a multiple of 5 nor of 7 */
  assert_int_equal(outcome_of(id), COMMIT);
  assert_int_equal(an_db_txn(T.db, body, &id), 1);
  assert_int_equal(an_db_group_bodies(), bodies0);
  struct an_db_param p[] = {AN_P_INT(id)};
  assert_int_equal(count_of(T.db, SQL_HAS, p, 1), 1);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(bodies_of_one_batch_commit_or_roll_back_alone),
      cmocka_unit_test(a_lone_writer_runs_on_its_own_connection),
      cmocka_unit_test(after_stopping_transactions_run_on_their_own_connection),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
