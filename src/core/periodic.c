#include "core/periodic.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "core/latency.h"
#include "core/time.h"

struct an_periodic {
  pthread_t thread;
  pthread_mutex_t lock;
  pthread_cond_t wake;
  bool stopping;
  void (*run)(void *arg);
  void *arg;
  long interval_ms;
};

static void *loop(void *cls)
{
  struct an_periodic *p = cls;
  pthread_mutex_lock(&p->lock);
  while (!p->stopping) {
    pthread_mutex_unlock(&p->lock);
    int64_t began = an_time_mono_us();
    p->run(p->arg);
    /* SLA-26: a run of a job counts as a batch job; the sub-second housekeeping ticks (request
     * deadlines, log flushing) are not jobs and would only dilute the figure */
    if (p->interval_ms >= 1000)
      an_latency_observe(AN_LAT_BATCH, an_time_mono_us() - began);
    pthread_mutex_lock(&p->lock);
    struct timespec until = an_time_deadline(CLOCK_REALTIME, p->interval_ms);
    while (!p->stopping && pthread_cond_timedwait(&p->wake, &p->lock, &until) == 0) {
    }
  }
  pthread_mutex_unlock(&p->lock);
  return NULL;
}

struct an_periodic *an_periodic_start(void (*run)(void *arg), void *arg, long interval_ms)
{
  struct an_periodic *p = calloc(1, sizeof *p);
  if (!p)
    return NULL;
  pthread_mutex_init(&p->lock, NULL);
  pthread_cond_init(&p->wake, NULL);
  p->run = run;
  p->arg = arg;
  p->interval_ms = interval_ms;
  if (pthread_create(&p->thread, NULL, loop, p) != 0) {
    pthread_cond_destroy(&p->wake);
    pthread_mutex_destroy(&p->lock);
    free(p);
    return NULL;
  }
  return p;
}

void an_periodic_stop(struct an_periodic *p)
{
  if (!p)
    return;
  pthread_mutex_lock(&p->lock);
  p->stopping = true;
  pthread_cond_broadcast(&p->wake);
  pthread_mutex_unlock(&p->lock);
  pthread_join(p->thread, NULL);
  pthread_cond_destroy(&p->wake);
  pthread_mutex_destroy(&p->lock);
  free(p);
}
