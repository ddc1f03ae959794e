#include "core/dirty.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "core/time.h"

#define SLOTS 32

/* A set of action names; more than SLOTS distinct names count as `over`. */
struct marks {
  char name[SLOTS][AN_DIRTY_ACTION_MAX];
  size_t n, over;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static const char *const *_Atomic watched;
static struct marks pending, ready;
static int64_t ready_at;

static void add(struct marks *m, const char *action)
{
  for (size_t i = 0; i < m->n; i++)
    if (!strcmp(m->name[i], action))
      return;
  if (m->n < SLOTS)
    snprintf(m->name[m->n++], AN_DIRTY_ACTION_MAX, "%s", action);
  else
    m->over++;
}

void an_dirty_watch(const char *const *prefixes)
{
  pthread_mutex_lock(&lock);
  atomic_store(&watched, prefixes);
  memset(&pending, 0, sizeof pending);
  memset(&ready, 0, sizeof ready);
  pthread_mutex_unlock(&lock);
}

bool an_dirty_note(const char *action)
{
  const char *const *w = atomic_load(&watched);
  bool hit = false;
  for (; w && *w && action && !hit; w++)
    hit = !strncmp(action, *w, strlen(*w));
  if (!hit)
    return false;
  pthread_mutex_lock(&lock);
  add(&pending, action);
  pthread_mutex_unlock(&lock);
  return true;
}

void an_dirty_commit(void)
{
  pthread_mutex_lock(&lock);
  for (size_t i = 0; i < pending.n; i++)
    add(&ready, pending.name[i]);
  ready.over += pending.over;
  if (pending.n)
    ready_at = an_time_mono_us();
  memset(&pending, 0, sizeof pending);
  pthread_mutex_unlock(&lock);
}

size_t an_dirty_take(int64_t now_us, int64_t settle_us, char (*out)[AN_DIRTY_ACTION_MAX],
                     size_t cap)
{
  pthread_mutex_lock(&lock);
  size_t n = 0;
  if (ready.n && now_us - ready_at >= settle_us) {
    n = ready.n + ready.over;
    for (size_t i = 0; i < ready.n && i < cap; i++)
      memcpy(out[i], ready.name[i], AN_DIRTY_ACTION_MAX);
    memset(&ready, 0, sizeof ready);
  }
  pthread_mutex_unlock(&lock);
  return n;
}
