#include "http/offthread.h"

#include <pthread.h>
#include <stdlib.h>

#include "core/alloc.h"
#include "core/cores.h"
#include "core/log.h"
#include "http/router.h"
#include "store/pool.h"

struct job {
  struct an_request *r;
  an_offthread_fn fn;
  void *arg;
  struct job *next;
};

/* One FIFO queue: jobs run in arrival order, so a flood of logins cannot starve an earlier one. */
static struct {
  pthread_mutex_t lock;
  pthread_cond_t wake;
  struct job *head, *tail;
  bool stopping;
  pthread_t *threads;
  long nthreads;
} q = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

static struct job *take(void)
{
  pthread_mutex_lock(&q.lock);
  while (!q.head && !q.stopping)
    pthread_cond_wait(&q.wake, &q.lock);
  struct job *j = q.head;
  if (j) {
    q.head = j->next;
    if (!q.head)
      q.tail = NULL;
  }
  pthread_mutex_unlock(&q.lock);
  return j;
}

/* The job with this thread's database connection; a reply it makes is held (an_reply_response
 * sees r->deferred) until the connection resumes on its worker. */
static void run(struct job *j)
{
  struct an_request *r = j->r;
  struct an_db *db = an_pool_get();
  if (!db)
    an_reply_problem(r, AN_EC_GENERIC_UNAVAILABLE, NULL, NULL);
  else {
    r->db = db;
    j->fn(r, j->arg);
  }
  free(j->arg);
  if (!r->status) {
    an_log_bug("off-thread job returned without a reply",
               json_pack("{s:s}", "route", r->route ? r->route->pattern : r->path));
    an_reply_problem(r, AN_EC_GENERIC_INTERNAL, NULL, NULL);
  }
  r->db = NULL; /* the worker must not use this thread's connection */
  struct MHD_Connection *conn = r->conn;
  free(j);
  MHD_resume_connection(conn); /* r belongs to the worker again from here */
}

static void *loop(void *arg)
{
  (void)arg;
  struct job *j;
  while ((j = take()))
    run(j);
  return NULL;
}

bool an_offthread_start(long threads)
{
  threads = an_cores_or(threads);
  q.threads = an_calloc((size_t)threads * sizeof *q.threads);
  for (long i = 0; i < threads; i++) {
    if (pthread_create(&q.threads[q.nthreads], NULL, loop, NULL) != 0)
      break;
    q.nthreads++;
  }
  return q.nthreads > 0;
}

void an_offthread_stop(void)
{
  pthread_mutex_lock(&q.lock);
  q.stopping = true; /* the threads still empty the queue before they end */
  pthread_cond_broadcast(&q.wake);
  pthread_mutex_unlock(&q.lock);
  for (long i = 0; i < q.nthreads; i++)
    pthread_join(q.threads[i], NULL);
  free(q.threads);
  q.threads = NULL;
  q.nthreads = 0;
}

an_ret an_reply_offthread(struct an_request *r, an_offthread_fn fn, void *arg)
{
  pthread_mutex_lock(&q.lock);
  bool running = q.nthreads > 0 && !q.stopping;
  if (running) {
    struct job *j = an_calloc(sizeof *j);
    j->r = r;
    j->fn = fn;
    j->arg = arg;
    /* Set before the job can run: from here on the worker reads nothing the job writes. */
    r->deferred = true;
    MHD_suspend_connection(r->conn);
    if (q.tail)
      q.tail->next = j;
    else
      q.head = j;
    q.tail = j;
    pthread_cond_signal(&q.wake);
  }
  pthread_mutex_unlock(&q.lock);
  if (running)
    return MHD_YES;
  an_ret ret = fn(r, arg);
  free(arg);
  return ret;
}

an_ret an_offthread_resume(struct an_request *r)
{
  struct MHD_Response *resp = r->pending;
  r->pending = NULL;
  r->deferred = false;
  if (!resp)
    return MHD_NO;
  an_ret ret = MHD_queue_response(r->conn, r->status, resp);
  MHD_destroy_response(resp);
  return ret;
}
