/* Group commit for SQLite: one writer thread with a queue.
 *
 * SQLite admits one writer at a time and, with synchronous=FULL, every COMMIT waits for the disk
 * to flush. Running each request's transaction on its own connection therefore costs one turn
 * hand-off between threads and one flush per write, and 64 writers go no faster than one (issue
 * 19: 2,739 writes/s at 64 connections against 3,042 at one). Here the transaction bodies of
 * the waiting requests run one after another on the writer thread's connection inside ONE
 * transaction, each in a savepoint of its own, and one COMMIT (one flush) makes them all durable
 * together; only then is each request answered. So:
 *   - an acknowledged write is still committed with its audit event (the body's own savepoint,
 *     released into the committed transaction), and kill -9 loses either both or neither;
 *   - a body that rolls back or fails is undone to its savepoint alone; the others commit;
 *   - if the COMMIT itself fails, no request of the batch was answered yet: each is told
 *     AN_DB_SOFT and its runner retries it (bodies must be safe to run again anyway);
 *   - every body still sees every earlier write (they run in order on one connection), so the
 *     audit chain sealed in the writer's transaction stays in commit order.
 * The writer's connection takes its turn on the process's SQLite write queue (store/sqlite.c)
 * like any other connection, so writes outside transactions keep working beside it. */
#include "store/group.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "core/log.h"
#include "store/db_backend.h"

/* Most bodies in one transaction: bounds the time a batch holds the lock (a body is ~0.1 ms). */
#define GROUP_MAX_BATCH 128

struct job {
  an_db_txn_fn fn;
  void *cls;
  enum an_db_mode mode;
  int rc;
  bool done, unavailable;
  pthread_cond_t cv;
  void (*after[4])(void);
  struct job *next;
};

static struct {
  pthread_mutex_t m;
  pthread_cond_t wake;
  pthread_t thread;
  bool running, stopping;
  bool busy; /* the writer is running a batch */
  int alone; /* callers running their transaction on their own connection (0 or 1) */
  struct an_db *db;
  struct job *head, *tail;
} G = {.m = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

static atomic_uint_fast64_t n_batches, n_bodies, n_alone;

static const char SQL_SAVEPOINT[] = "SAVEPOINT an_group_body";
static const char SQL_RELEASE[] = "RELEASE an_group_body";
static const char SQL_ROLLBACK_TO[] = "ROLLBACK TO an_group_body";

/* Runs one body in its own savepoint. Returns its status; *broken when the transaction can no
 * longer be trusted (a savepoint statement failed: SQLite rolled the whole transaction back). */
static int run_body(struct an_db *db, struct job *j, bool *broken)
{
  if (an_db_query(db, SQL_SAVEPOINT, NULL, 0, NULL, NULL) < 0) {
    *broken = true;
    return AN_DB_SOFT;
  }
  memset(db->after_commit, 0, sizeof db->after_commit);
  int rc = j->fn(db, j->cls);
  if (rc >= 0) {
    memcpy(j->after, db->after_commit, sizeof j->after);
  } else {
    if (an_db_query(db, SQL_ROLLBACK_TO, NULL, 0, NULL, NULL) < 0)
      *broken = true;
    if (rc != AN_DB_SOFT && rc != AN_DB_ROLLBACK)
      rc = AN_DB_HARD; /* including values a body should not return */
  }
  if (an_db_query(db, SQL_RELEASE, NULL, 0, NULL, NULL) < 0)
    *broken = true;
  memset(db->after_commit, 0, sizeof db->after_commit);
  return rc;
}

/* Runs each registered after-commit callback of the batch once. */
static void run_after(struct job *batch)
{
  void (*seen[4 * GROUP_MAX_BATCH])(void);
  size_t n = 0;
  for (struct job *j = batch; j; j = j->next)
    for (size_t i = 0; i < 4 && j->after[i]; i++) {
      size_t k = 0;
      while (k < n && seen[k] != j->after[i])
        k++;
      if (k == n) {
        seen[n++] = j->after[i];
        j->after[i]();
      }
    }
}

/* One transaction for the whole batch; sets every job's rc. */
static void run_batch(struct an_db *db, struct job *batch)
{
  db->unavailable = false;
  int rc = db->ops->begin(db, batch->mode);
  if (rc < 0) {
    for (struct job *j = batch; j; j = j->next)
      j->rc = rc == AN_DB_SOFT ? AN_DB_SOFT : AN_DB_HARD;
    return;
  }
  db->in_txn = true;
  bool broken = false;
  for (struct job *j = batch; j; j = j->next)
    j->rc = broken ? AN_DB_SOFT : run_body(db, j, &broken);
  int c = broken ? AN_DB_SOFT : db->ops->commit(db);
  db->in_txn = false;
  if (c < 0) {
    db->ops->rollback(db);
    /* Nothing of the batch is durable: the bodies that succeeded are run again by their
     * runners (a soft error), those that failed keep their own status. */
    for (struct job *j = batch; j; j = j->next)
      if (j->rc >= 0)
        j->rc = c == AN_DB_HARD && !broken ? AN_DB_HARD : AN_DB_SOFT;
    return;
  }
  atomic_fetch_add(&n_batches, 1);
  run_after(batch);
}

static void *writer_main(void *arg)
{
  (void)arg;
  pthread_mutex_lock(&G.m);
  for (;;) {
    while (!G.head && !G.stopping)
      pthread_cond_wait(&G.wake, &G.m);
    if (!G.head)
      break; /* stopping, and nothing is left to write */
    /* Take the queue up to the batch limit; bodies of one mode only (SQLite writes the same way
     * in every write mode, so in practice this is everything waiting). */
    struct job *batch = G.head, *last = G.head;
    size_t n = 1;
    while (last->next && n < GROUP_MAX_BATCH && last->next->mode == batch->mode) {
      last = last->next;
      n++;
    }
    G.head = last->next;
    if (!G.head)
      G.tail = NULL;
    last->next = NULL;
    G.busy = true;
    pthread_mutex_unlock(&G.m);
    atomic_fetch_add(&n_bodies, n);
    run_batch(G.db, batch);
    bool unavailable = G.db->unavailable;
    pthread_mutex_lock(&G.m);
    for (struct job *j = batch, *next; j; j = next) {
      next = j->next; /* j lives on its caller's stack: read next before waking it */
      j->unavailable = unavailable;
      j->done = true;
      pthread_cond_signal(&j->cv);
    }
    G.busy = false;
  }
  pthread_mutex_unlock(&G.m);
  return NULL;
}

bool an_db_group_start(const struct an_config *cfg)
{
  if (!cfg->store_driver || strcmp(cfg->store_driver, "sqlite") != 0 || !cfg->store_sqlite_writer ||
      strcmp(cfg->store_sqlite_writer, "thread") != 0)
    return true;
  char err[512];
  struct an_db *db = an_db_open(cfg, err, sizeof err);
  if (!db) {
    an_log(AN_LOG_ERROR, "cannot open the writer's database connection",
           json_pack("{s:s}", "error", err));
    return false;
  }
  pthread_mutex_lock(&G.m);
  G.db = db;
  G.stopping = false;
  if (pthread_create(&G.thread, NULL, writer_main, NULL) != 0) {
    pthread_mutex_unlock(&G.m);
    an_db_close(db);
    G.db = NULL;
    an_log(AN_LOG_ERROR, "cannot start the database writer thread", NULL);
    return false;
  }
  G.running = true;
  pthread_mutex_unlock(&G.m);
  atomic_store(&an_db_group_hook, an_db_group_run);
  return true;
}

void an_db_group_stop(void)
{
  pthread_mutex_lock(&G.m);
  if (!G.running) {
    pthread_mutex_unlock(&G.m);
    return;
  }
  G.running = false; /* new transactions run on their own connections from now on */
  G.stopping = true;
  pthread_cond_signal(&G.wake);
  pthread_mutex_unlock(&G.m);
  pthread_join(G.thread, NULL); /* the queue is written out first */
  an_db_close(G.db);
  G.db = NULL;
}

bool an_db_group_run(struct an_db *db, enum an_db_mode mode, an_db_txn_fn fn, void *cls, int *rc,
                     int (*once)(struct an_db *db, enum an_db_mode mode, an_db_txn_fn fn,
                                 void *cls))
{
  if (mode == AN_DB_SNAPSHOT || db->ops != &an_db_sqlite_ops)
    return false;
  struct job j = {.fn = fn, .cls = cls, .mode = mode};
  pthread_mutex_lock(&G.m);
  if (!G.running || db == G.db) {
    pthread_mutex_unlock(&G.m);
    return false;
  }
  if (!G.busy && !G.head && !G.alone) {
    /* Nobody else writes: a batch of one would only add two thread wake-ups. Whoever comes
     * meanwhile queues for the writer, whose BEGIN then waits for this commit's turn. */
    G.alone++;
    pthread_mutex_unlock(&G.m);
    *rc = once(db, mode, fn, cls);
    pthread_mutex_lock(&G.m);
    G.alone--;
    pthread_mutex_unlock(&G.m);
    atomic_fetch_add(&n_alone, 1);
    return true;
  }
  pthread_cond_init(&j.cv, NULL);
  if (G.tail)
    G.tail->next = &j;
  else
    G.head = &j;
  G.tail = &j;
  pthread_cond_signal(&G.wake);
  while (!j.done)
    pthread_cond_wait(&j.cv, &G.m);
  pthread_mutex_unlock(&G.m);
  pthread_cond_destroy(&j.cv);
  if (j.unavailable)
    db->unavailable = true;
  *rc = j.rc;
  return true;
}

uint64_t an_db_group_batches(void)
{
  return atomic_load(&n_batches);
}

uint64_t an_db_group_bodies(void)
{
  return atomic_load(&n_bodies);
}

uint64_t an_db_group_alone(void)
{
  return atomic_load(&n_alone);
}
