/* The audit sequencer (PostgreSQL): writers insert their events unsealed, each with its own MAC,
 * in the business transaction; this thread gives the committed ones their place in the chain.
 * Exactly one instance seals at a time (the 'audit.sequence' lease, held like a durable job's),
 * and sealing takes the head's row lock, so even two sealers could only take turns. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "core/log.h"
#include "core/time.h"
#include "crypto/keys.h"
#include "crypto/token.h"
#include "store/audit.h"
#include "store/audit_outbox.h"
#include "store/group.h"
#include "store/jobs.h"

#define BATCH 512
#define LEASE_US (5 * 1000000LL) /* a dead holder's lease runs out after this */
#define RENEW_US (1 * 1000000LL) /* the holder renews this often */
#define POLL_MS 200              /* looks for other instances' events this often */
#define CHECK_US (1 * 1000000LL) /* measures the lag this often */
/* Relays the dedicated tenants' audit outboxes when the lease is taken (so at start, and after
 * a holder died) and then this often: a row there means a crash between two commits. */
#define RELAY_US (3600 * 1000000LL)

struct sealing {
  const struct an_keys *keys;
  struct an_audit_head head;
  int64_t now;
  int64_t limit;
  /* what to seal, decided in the row callback and written after the scan */
  struct pending {
    int64_t id, seq;
    uint8_t prev[32], mac[32];
  } * rows;
  size_t n, cap;
};

static void seal_cb(void *cls, const struct an_audit_row *e)
{
  struct sealing *s = cls;
  uint8_t mac[32];
  an_audit_event_mac(s->keys, e, mac);
  if (!an_ct_equal(mac, e->emac, 32)) {
    /* Left unsealed: audit verify names it, and the chain goes on without it. */
    an_log(AN_LOG_ERROR, "audit event altered before sealing",
           json_pack("{s:I}", "id", (json_int_t)e->id));
    return;
  }
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 64;
    s->rows = realloc(s->rows, s->cap * sizeof *s->rows);
    if (!s->rows)
      abort();
  }
  struct pending *p = &s->rows[s->n++];
  struct an_audit_row row = *e;
  row.seq = s->head.seq + 1;
  memcpy(row.prev_mac, s->head.mac, 32);
  an_audit_mac(s->keys, &row, row.mac);
  p->id = e->id;
  p->seq = row.seq;
  memcpy(p->prev, row.prev_mac, 32);
  memcpy(p->mac, row.mac, 32);
  s->head.seq = row.seq;
  memcpy(s->head.mac, row.mac, 32);
}

static int seal_txn(struct an_db *db, void *cls)
{
  struct sealing *s = cls;
  s->n = 0;
  int rc = an_store_audit_head_lock(db, &s->head);
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_HARD;
  /* READ COMMITTED: this statement's snapshot is taken after the lock, so it sees every event
   * committed so far and every seal of the sequencer before. */
  if ((rc = an_store_audit_unsealed(db, s->limit, seal_cb, s)) < 0)
    return rc;
  if (s->n == 0)
    return 0;
  const int64_t first = s->rows[0].seq;
  for (size_t i = 0; i < s->n; i++) {
    struct pending *p = &s->rows[i];
    rc = an_store_audit_seal(db, p->id, p->seq, p->prev, p->mac);
    if (rc != 1)
      return rc < 0 ? rc : AN_DB_HARD; /* someone else sealed it: impossible under the lock */
  }
  /* The per-day counters count an event once it has its place (one statement per batch). */
  if ((rc = an_store_audit_count_sealed(db, first - 1, s->head.seq)) < 0)
    return rc;
  s->head.at = s->now;
  an_audit_head_sig(s->keys, &s->head, s->head.sig);
  rc = an_store_audit_set_head(db, &s->head);
  return rc < 0 ? rc : (int)s->n;
}

int an_audit_seal(struct an_db *db, const struct an_keys *keys, int64_t now, int64_t limit,
                  int64_t *sealed)
{
  *sealed = 0;
  if (!an_db_is_postgres(db))
    return 0; /* SQLite seals in the writing transaction */
  struct sealing s = {.keys = keys, .now = now, .limit = limit ? limit : BATCH};
  int rc;
  do {
    rc = an_db_txn_mode(db, AN_DB_READ_COMMITTED, seal_txn, &s);
    if (rc > 0)
      *sealed += rc;
  } while (rc == (int)s.limit && !limit);
  free(s.rows);
  return rc < 0 ? rc : 0;
}

/* The thread. */
static pthread_t thread;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake;
static bool running, stopping, kicked;
static const struct an_config *config;
static const struct an_keys *keyring;
static char holder[33];
static atomic_int_fast64_t unsealed_count, unsealed_oldest_us, sealed_total;
static atomic_bool lease_held;

void an_audit_kick(void)
{
  pthread_mutex_lock(&lock);
  kicked = true;
  if (running)
    pthread_cond_signal(&wake);
  pthread_mutex_unlock(&lock);
}

/* Measures how far sealing is behind and alerts past the bound (at most every 10 s). */
static void check_lag(struct an_db *db, int64_t now)
{
  static int64_t last_alert;
  int64_t count = 0, oldest = 0;
  if (an_store_audit_unsealed_stats(db, &count, &oldest) < 0)
    return;
  int64_t age = oldest ? now - oldest : 0;
  atomic_store(&unsealed_count, count);
  atomic_store(&unsealed_oldest_us, age > 0 ? age : 0);
  if (age > AN_AUDIT_SEAL_BOUND_SECONDS * 1000000LL && now - last_alert > 10 * 1000000LL) {
    last_alert = now;
    an_log(AN_LOG_ERROR, "audit sealing behind",
           json_pack("{s:I, s:I, s:i}", "unsealed", (json_int_t)count, "oldest_ms",
                     (json_int_t)(age / 1000), "bound_s", AN_AUDIT_SEAL_BOUND_SECONDS));
  }
}

static void seal_all(struct an_db *db)
{
  int64_t n = 0;
  if (an_audit_seal(db, keyring, an_time_now_us(), 0, &n) < 0)
    an_log(AN_LOG_WARN, "audit sealing failed; retried", NULL);
  atomic_fetch_add(&sealed_total, n);
}

/* Puts the events a crash left in dedicated tenants' outboxes into the chain (unsealed: the next
 * seal_all gives them their place). Only the lease holder runs it, so once across instances; it
 * is idempotent besides. */
static void relay(struct an_db *db)
{
  int64_t moved = 0;
  if (an_store_audit_outbox_relay(db, &moved) < 0)
    an_log(AN_LOG_WARN, "audit outbox relay incomplete; retried", NULL);
  if (moved)
    seal_all(db);
}

static void wait_for_work(void)
{
  struct timespec until;
  clock_gettime(CLOCK_MONOTONIC, &until);
  until.tv_nsec += POLL_MS * 1000000L;
  if (until.tv_nsec >= 1000000000L) {
    until.tv_sec++;
    until.tv_nsec -= 1000000000L;
  }
  pthread_mutex_lock(&lock);
  while (!kicked && !stopping)
    if (pthread_cond_timedwait(&wake, &lock, &until) != 0)
      break;
  kicked = false;
  pthread_mutex_unlock(&lock);
}

static void *run(void *arg)
{
  (void)arg;
  struct an_db *db = NULL;
  int64_t renew_at = 0, check_at = 0, relay_at = 0;
  bool held = false;
  for (;;) {
    pthread_mutex_lock(&lock);
    bool stop = stopping;
    pthread_mutex_unlock(&lock);
    if (stop)
      break;
    if (!db) {
      char err[256];
      db = an_db_open(config, err, sizeof err);
      if (!db) {
        an_log(AN_LOG_WARN, "audit sequencer: cannot open the database",
               json_pack("{s:s}", "error", err));
        wait_for_work();
        continue;
      }
    }
    int64_t now = an_time_now_us();
    if (now >= renew_at) {
      int rc = an_store_job_lease(db, "audit.sequence", holder, now, now + LEASE_US);
      if (rc == 1 && !held)
        relay_at = now; /* just taken: relay what a crash may have left */
      held = rc == 1;
      atomic_store(&lease_held, held);
      renew_at = now + RENEW_US;
    }
    if (held) {
      if (now >= relay_at) {
        relay(db);
        relay_at = now + RELAY_US;
      }
      seal_all(db);
      if (now >= check_at) {
        check_lag(db, now);
        check_at = now + CHECK_US;
      }
    }
    wait_for_work();
  }
  if (db) {
    seal_all(db); /* stopping: every committed event sealed before the server exits */
    if (held)
      an_store_job_lease(db, "audit.sequence", holder, 0, 0); /* hand the lease on at once */
    an_db_close(db);
  }
  return NULL;
}

/* Signs a head left unsigned by a version before migration 020. */
static int sign_txn(struct an_db *db, void *cls)
{
  struct an_audit_head h;
  int rc = an_store_audit_head_lock(db, &h);
  if (rc <= 0 || h.sig_set || h.seq == 0)
    return rc < 0 ? rc : 0;
  h.at = an_time_now_us();
  const struct an_keys *const *keys = cls;
  an_audit_head_sig(*keys, &h, h.sig);
  return an_store_audit_set_head(db, &h);
}

bool an_audit_sequencer_start(const struct an_config *cfg, const struct an_keys *keys)
{
  char err[256];
  struct an_db *db = an_db_open(cfg, err, sizeof err);
  if (!db) {
    an_log(AN_LOG_ERROR, "audit sequencer: cannot open the database",
           json_pack("{s:s}", "error", err));
    return false;
  }
  int rc = an_db_txn(db, sign_txn, &keys);
  bool pg = an_db_is_postgres(db);
  an_db_close(db);
  if (rc < 0)
    return false;
  if (!pg)
    return true;
  config = cfg;
  keyring = keys;
  an_random_hex(16, holder);
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  pthread_cond_init(&wake, &attr);
  pthread_condattr_destroy(&attr);
  stopping = false;
  if (pthread_create(&thread, NULL, run, NULL) != 0)
    return false;
  pthread_mutex_lock(&lock);
  running = true;
  pthread_mutex_unlock(&lock);
  return true;
}

void an_audit_sequencer_stop(void)
{
  pthread_mutex_lock(&lock);
  bool was = running;
  stopping = true;
  pthread_cond_signal(&wake);
  pthread_mutex_unlock(&lock);
  if (!was)
    return;
  pthread_join(thread, NULL);
  pthread_mutex_lock(&lock);
  running = false;
  pthread_mutex_unlock(&lock);
  pthread_cond_destroy(&wake);
}

void an_audit_metrics(struct an_buf *out)
{
  an_buf_printf(out,
                "# HELP anshin_db_txn_giveups_total Transactions that ran out of retries.\n"
                "# TYPE anshin_db_txn_giveups_total counter\n"
                "anshin_db_txn_giveups_total %llu\n",
                (unsigned long long)an_db_txn_giveups());
  an_buf_printf(
      out,
      "# HELP anshin_db_group_batches_total SQLite write transactions of the writer "
      "thread (each commits a batch of request transactions).\n"
      "# TYPE anshin_db_group_batches_total counter\n"
      "anshin_db_group_batches_total %llu\n"
      "# HELP anshin_db_group_bodies_total Request transactions run by the writer thread.\n"
      "# TYPE anshin_db_group_bodies_total counter\n"
      "anshin_db_group_bodies_total %llu\n"
      "# HELP anshin_db_group_alone_total Request transactions run on their own connection "
      "because nobody else was writing.\n"
      "# TYPE anshin_db_group_alone_total counter\n"
      "anshin_db_group_alone_total %llu\n",
      (unsigned long long)an_db_group_batches(), (unsigned long long)an_db_group_bodies(),
      (unsigned long long)an_db_group_alone());
  if (!config)
    return;
  an_buf_printf(
      out,
      "# HELP anshin_audit_unsealed_events Audit events committed but not yet sealed.\n"
      "# TYPE anshin_audit_unsealed_events gauge\n"
      "anshin_audit_unsealed_events %lld\n"
      "# HELP anshin_audit_unsealed_oldest_seconds Age of the oldest unsealed event "
      "(alert above %d).\n"
      "# TYPE anshin_audit_unsealed_oldest_seconds gauge\n"
      "anshin_audit_unsealed_oldest_seconds %.3f\n"
      "# HELP anshin_audit_sequencer_lease 1 while this instance holds the sealing lease.\n"
      "# TYPE anshin_audit_sequencer_lease gauge\n"
      "anshin_audit_sequencer_lease %d\n",
      (long long)atomic_load(&unsealed_count), AN_AUDIT_SEAL_BOUND_SECONDS,
      (double)atomic_load(&unsealed_oldest_us) / 1e6, atomic_load(&lease_held) ? 1 : 0);
}
