#include "notify/sender.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit/audit.h"
#include "core/alloc.h"
#include "core/log.h"
#include "core/time.h"
#include "crypto/token.h"
#include "notify/mail.h"
#include "notify/smtp.h"
#include "store/db.h"
#include "store/mail.h"
#include "store/mail_attach.h"

/* How long a claim holds: longer than a whole batch can take ([mail] timeout_seconds per
 * message at most). */
#define LEASE_US ((int64_t)(AN_MAIL_BATCH * S.cfg->mail_timeout_seconds + 300) * 1000000)

static struct {
  const struct an_config *cfg;
  const struct an_keys *keys;
  struct an_db *db;
  char claimer[128];
  pthread_t thread;
  bool running;
  atomic_bool stop;
  pthread_mutex_t mu;
  pthread_cond_t cv;
} S = {.mu = PTHREAD_MUTEX_INITIALIZER};

/* A claimed message, owned by the sender. */
struct job {
  int64_t id, tenant_id, attempts;
  char *to, *subject, *body;
};

struct batch {
  struct job jobs[AN_MAIL_BATCH];
  int n;
};

static void batch_clear(struct batch *b)
{
  for (int i = 0; i < b->n; i++) {
    free(b->jobs[i].to);
    free(b->jobs[i].subject);
    free(b->jobs[i].body);
  }
  b->n = 0;
}

static void claimed_cb(void *cls, const struct an_mail *m)
{
  struct batch *b = cls;
  if (b->n >= AN_MAIL_BATCH)
    return;
  b->jobs[b->n++] = (struct job){m->id,
                                 m->tenant_id,
                                 m->attempts,
                                 an_strdup(m->to_addr),
                                 an_strdup(m->subject),
                                 an_strdup(m->body_text)};
}

static int claim_txn(struct an_db *db, void *cls)
{
  struct batch *b = cls;
  batch_clear(b); /* a retried transaction starts again */
  int64_t now = an_time_now_us();
  int rc = an_store_mail_fail_stale(db, now, AN_MAIL_MAX_ATTEMPTS,
                                    "the sender stopped during the last attempt");
  if (rc < 0)
    return rc;
  return an_store_mail_claim(db, S.claimer, now + LEASE_US, now, AN_MAIL_BATCH, claimed_cb, b);
}

struct outcome {
  const struct job *job;
  bool sent;
  const char *response;
};

/* Records one attempt and the message's new state, with its audit event. */
static int record_txn(struct an_db *db, void *cls)
{
  const struct outcome *o = cls;
  const struct job *j = o->job;
  int64_t now = an_time_now_us();
  bool give_up = !o->sent && j->attempts >= AN_MAIL_MAX_ATTEMPTS;
  const char *what = o->sent ? "sent" : give_up ? "failed" : "retry";
  int rc = an_store_mail_delivery_insert(db, j->id, j->attempts, now, what, o->response);
  if (rc >= 0)
    rc = o->sent
             ? an_store_mail_mark_sent(db, j->id, S.claimer, now)
             : an_store_mail_mark_retry(db, j->id, S.claimer, now + an_mail_backoff_us(j->attempts),
                                        o->response, give_up);
  if (rc < 0)
    return rc;
  if (rc == 0)
    an_log(AN_LOG_WARN, "mail claim lost before the attempt was recorded",
           json_pack("{s:I}", "mail_id", (json_int_t)j->id));
  struct an_ctx ctx;
  an_ctx_system(&ctx, S.cfg, S.keys, "mail sender", "mail-sender");
  ctx.now = now; /* the attempt's time, as recorded with the message */
  char *target = an_audit_target("mail", j->id);
  json_t *d = json_pack("{s:I, s:s, s:s}", "attempt", (json_int_t)j->attempts, "result", what,
                        "smtp_response", o->response);
  struct an_audit_rec rec = {.action = "mail.deliver",
                             .target = target,
                             .outcome = o->sent ? "success" : "failure",
                             .details = d,
                             .tenant_id = j->tenant_id};
  rc = an_audit_append(&ctx, db, &rec);
  json_decref(d);
  free(target);
  return rc;
}

/* The files of a message, copied out of the store's callback: each file's name, type and bytes
 * in one block of its own (blocks[i]), which f[i] points into. */
struct files {
  struct an_mime_file *f;
  char **blocks;
  size_t n;
  bool broken; /* a file could not be opened: the message is not sent without it */
};

static void file_cb(void *cls, const struct an_mail_attachment *a)
{
  struct files *fs = cls;
  size_t nl = strlen(a->filename) + 1, tl = strlen(a->content_type) + 1;
  struct an_mime_file *f = realloc(fs->f, (fs->n + 1) * sizeof *f);
  if (f)
    fs->f = f;
  char **blocks = f ? realloc(fs->blocks, (fs->n + 1) * sizeof *blocks) : NULL;
  if (blocks)
    fs->blocks = blocks;
  char *block = blocks ? malloc(nl + tl + a->size) : NULL;
  if (!block) {
    fs->broken = true;
    return;
  }
  memcpy(block, a->filename, nl);
  memcpy(block + nl, a->content_type, tl);
  memcpy(block + nl + tl, a->data, a->size);
  fs->broken |= a->size == 0 || nl == 1;
  blocks[fs->n] = block;
  f[fs->n++] = (struct an_mime_file){block, block + nl, (unsigned char *)block + nl + tl, a->size};
}

static void files_free(struct files *fs)
{
  for (size_t i = 0; i < fs->n; i++)
    free(fs->blocks[i]);
  free(fs->blocks);
  free(fs->f);
}

static void deliver(const struct job *j)
{
  char resp[512];
  struct files fs = {NULL, NULL, 0, false};
  bool sent = false;
  if (an_store_mail_attachments(S.db, j->id, file_cb, &fs) < 0 || fs.broken)
    snprintf(resp, sizeof resp, "cannot read the message's attachments");
  else
    sent = an_smtp_send_with(S.cfg, j->to, j->subject, j->body, fs.f, fs.n, &S.stop, resp,
                             sizeof resp);
  files_free(&fs);
  struct outcome o = {j, sent, resp};
  if (an_db_txn(S.db, record_txn, &o) < 0)
    an_log_bug("cannot record a mail delivery (the message is retried after its lease)",
               json_pack("{s:I, s:b}", "mail_id", (json_int_t)j->id, "sent", sent));
  an_log(sent ? AN_LOG_INFO : AN_LOG_WARN, sent ? "mail sent" : "mail not sent",
         json_pack("{s:I, s:I, s:s}", "mail_id", (json_int_t)j->id, "attempt",
                   (json_int_t)j->attempts, "smtp_response", resp));
}

/* Claims and delivers one batch. Returns the number claimed, or -1 on a database error. */
static int run_batch(void)
{
  struct batch b = {.n = 0};
  int rc = an_db_txn(S.db, claim_txn, &b);
  if (rc < 0) {
    batch_clear(&b);
    return -1;
  }
  int n = b.n, i = 0;
  for (; i < b.n && !atomic_load(&S.stop); i++)
    deliver(&b.jobs[i]);
  /* Stopping: what was not attempted goes back to the queue for the next sender (should this
   * fail, the claim runs out and another sender takes the message over after the lease). */
  for (; i < b.n; i++)
    if (an_store_mail_release(S.db, b.jobs[i].id, S.claimer) < 0)
      break;
  batch_clear(&b);
  return n;
}

/* Waits up to ms milliseconds, or until stopped. */
static void pause_ms(long ms)
{
  struct timespec ts = an_time_deadline(CLOCK_MONOTONIC, ms);
  pthread_mutex_lock(&S.mu);
  while (!atomic_load(&S.stop))
    if (pthread_cond_timedwait(&S.cv, &S.mu, &ts) == ETIMEDOUT)
      break;
  pthread_mutex_unlock(&S.mu);
}

static void *loop(void *arg)
{
  (void)arg;
  while (!atomic_load(&S.stop)) {
    int n = run_batch();
    if (n < AN_MAIL_BATCH) /* a full batch: more may be due at once */
      pause_ms(S.cfg->mail_poll_interval_ms);
  }
  return NULL;
}

static void make_claimer(void)
{
  char host[64] = "", rnd[9];
  gethostname(host, sizeof host - 1);
  an_random_hex(4, rnd);
  snprintf(S.claimer, sizeof S.claimer, "%s:%ld:%s", host, (long)getpid(), rnd);
}

bool an_mail_sender_start(const struct an_config *cfg, const struct an_keys *keys)
{
  if (!cfg->mail_relay || !cfg->mail_relay[0]) {
    an_log(AN_LOG_INFO, "mail relay not configured: mail stays in the outbox", NULL);
    return true;
  }
  char err[512];
  S.cfg = cfg;
  S.keys = keys;
  atomic_store(&S.stop, false);
  make_claimer();
  if (!an_smtp_init()) {
    an_log_bug("cannot initialise libcurl", NULL);
    return false;
  }
  S.db = an_db_open(cfg, err, sizeof err);
  if (!S.db) {
    an_log_bug("mail sender cannot open the database", json_pack("{s:s}", "error", err));
    an_smtp_cleanup();
    return false;
  }
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_cond_init(&S.cv, &ca);
  pthread_condattr_destroy(&ca);
  /* The thread starts with every signal blocked: SIGINT and SIGTERM belong to the thread that
   * waits for them (an_http_serve), and must never kill the process from here. */
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &old);
  int started = pthread_create(&S.thread, NULL, loop, NULL);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (started != 0) {
    an_log_bug("cannot start the mail sender thread", NULL);
    pthread_cond_destroy(&S.cv);
    an_db_close(S.db);
    S.db = NULL;
    an_smtp_cleanup();
    return false;
  }
  S.running = true;
  an_log(AN_LOG_INFO, "mail sender started", json_pack("{s:s}", "claimer", S.claimer));
  return true;
}

void an_mail_sender_stop(void)
{
  if (!S.running)
    return;
  pthread_mutex_lock(&S.mu);
  atomic_store(&S.stop, true);
  pthread_cond_broadcast(&S.cv);
  pthread_mutex_unlock(&S.mu);
  pthread_join(S.thread, NULL);
  pthread_cond_destroy(&S.cv);
  an_db_close(S.db);
  S.db = NULL;
  S.running = false;
  an_smtp_cleanup();
}
