/* The hashing pool: requests queue jobs, a fixed number of threads run them. The threads run at
 * nice 10 (weight 110 against a request thread's 1024 under Linux's fair scheduler), so a hash
 * in progress gives way to any request thread that becomes runnable: during a login flood on 2
 * cores the hashes kept both cores and `GET /api/v1/me` waited for them (p99 111.8 ms against
 * a target of 20). Throughput of logins is unchanged when nothing else wants the cores. */
#include "identity/login_gate.h"

#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/log.h"

/* How much lower than the request threads the hashing threads run. */
#define HASH_NICE 10

struct job {
  const char *hash, *pw;            /* verify */
  const struct an_pwparams *params; /* hash (params set) */
  char *out;
  bool ok, done;
  struct job *next;
};

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work = PTHREAD_COND_INITIALIZER; /* a job was queued */
static pthread_cond_t finished = PTHREAD_COND_INITIALIZER;
static struct job *head, *tail;
static long threads; /* started; 0 = not yet */

static void run(struct job *j)
{
  j->ok =
      j->params ? an_password_hash(j->params, j->pw, j->out) : an_password_verify(j->hash, j->pw);
}

static void *hasher_main(void *arg)
{
  (void)arg;
  /* Per thread on Linux: PRIO_PROCESS with a thread id. Raising one's nice needs no privilege. */
  if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), HASH_NICE) != 0)
    an_log(AN_LOG_WARN, "cannot lower the priority of a password hashing thread", NULL);
  pthread_mutex_lock(&m);
  for (;;) {
    while (!head)
      pthread_cond_wait(&work, &m);
    struct job *j = head;
    head = j->next;
    if (!head)
      tail = NULL;
    pthread_mutex_unlock(&m);
    run(j);
    pthread_mutex_lock(&m);
    j->done = true;
    pthread_cond_broadcast(&finished);
  }
  return NULL;
}

/* Starts the threads once, with m held. */
static void start_locked(long slots)
{
  if (threads)
    return;
  if (slots <= 0)
    slots = sysconf(_SC_NPROCESSORS_ONLN);
  if (slots <= 0)
    slots = 1;
  for (long i = 0; i < slots; i++) {
    pthread_t t;
    if (pthread_create(&t, NULL, hasher_main, NULL) != 0)
      break;
    pthread_detach(t);
    threads++;
  }
  if (!threads)
    threads = -1; /* none could start: hash on the caller's thread */
}

void an_login_gate_init(long slots)
{
  pthread_mutex_lock(&m);
  start_locked(slots);
  pthread_mutex_unlock(&m);
}

static bool submit(struct job *j)
{
  pthread_mutex_lock(&m);
  start_locked(0);
  if (threads < 0) {
    pthread_mutex_unlock(&m);
    run(j);
    return j->ok;
  }
  if (tail)
    tail->next = j;
  else
    head = j;
  tail = j;
  pthread_cond_signal(&work);
  while (!j->done)
    pthread_cond_wait(&finished, &m);
  pthread_mutex_unlock(&m);
  return j->ok;
}

bool an_login_gate_verify(const char *hash, const char *pw)
{
  struct job j = {.hash = hash, .pw = pw};
  return submit(&j);
}

bool an_login_gate_hash(const struct an_pwparams *p, const char *pw, char out[AN_PASSWORD_HASH_MAX])
{
  struct job j = {.params = p, .pw = pw, .out = out};
  return submit(&j);
}
