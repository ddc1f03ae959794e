#include "http/fairshare.h"

#include <pthread.h>
#include <stdlib.h>

#include "core/alloc.h"

struct slot {
  int64_t tenant;
  long running;
};

/* Only tenants with a running request have a slot (at most one per worker thread), so a linear
 * look over a short array is cheaper than a hash table, and memory never grows with tenants. */
struct an_fairshare {
  pthread_mutex_t mu;
  long limit;
  struct slot *slots;
  size_t len, cap;
};

struct an_fairshare *an_fairshare_new(long limit)
{
  if (limit <= 0)
    return NULL;
  struct an_fairshare *f = an_calloc(sizeof *f);
  pthread_mutex_init(&f->mu, NULL);
  f->limit = limit;
  return f;
}

void an_fairshare_free(struct an_fairshare *f)
{
  if (!f)
    return;
  pthread_mutex_destroy(&f->mu);
  free(f->slots);
  free(f);
}

static struct slot *find(struct an_fairshare *f, int64_t tenant)
{
  for (size_t i = 0; i < f->len; i++)
    if (f->slots[i].tenant == tenant)
      return &f->slots[i];
  return NULL;
}

bool an_fairshare_enter(struct an_fairshare *f, int64_t tenant)
{
  if (!f || !tenant)
    return true;
  pthread_mutex_lock(&f->mu);
  struct slot *s = find(f, tenant);
  bool ok = !s || s->running < f->limit;
  if (ok && !s) {
    if (f->len == f->cap) {
      f->cap = f->cap ? f->cap * 2 : 16;
      f->slots = an_realloc(f->slots, f->cap * sizeof *f->slots);
    }
    s = &f->slots[f->len++];
    *s = (struct slot){tenant, 0};
  }
  if (ok)
    s->running++;
  pthread_mutex_unlock(&f->mu);
  return ok;
}

void an_fairshare_leave(struct an_fairshare *f, int64_t tenant)
{
  if (!f || !tenant)
    return;
  pthread_mutex_lock(&f->mu);
  struct slot *s = find(f, tenant);
  if (s && --s->running <= 0)
    *s = f->slots[--f->len]; /* the last slot takes its place */
  pthread_mutex_unlock(&f->mu);
}

long an_fairshare_running(struct an_fairshare *f, int64_t tenant)
{
  if (!f)
    return 0;
  pthread_mutex_lock(&f->mu);
  struct slot *s = find(f, tenant);
  long n = s ? s->running : 0;
  pthread_mutex_unlock(&f->mu);
  return n;
}
