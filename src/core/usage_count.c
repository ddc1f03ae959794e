#include "core/usage_count.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#define DAY_US (INT64_C(86400) * 1000000)
#define JST_US (INT64_C(9) * 3600 * 1000000)

/* A small array: a few hundred tenants at most between two flushes, so a linear search under one
 * lock costs less than the request around it. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct an_usage_calls *pending;
static size_t used, cap;

int64_t an_usage_day_of(int64_t now_us)
{
  int64_t t = now_us + JST_US;
  return t >= 0 ? t / DAY_US : (t - DAY_US + 1) / DAY_US;
}

/* Adds n to (tenant_id, day); the caller holds the lock. False without memory. */
static bool add_locked(int64_t tenant_id, int64_t day, int64_t n)
{
  for (size_t i = 0; i < used; i++)
    if (pending[i].tenant_id == tenant_id && pending[i].day == day) {
      pending[i].count += n;
      return true;
    }
  if (used == cap) {
    size_t ncap = cap ? cap * 2 : 64;
    struct an_usage_calls *p = realloc(pending, ncap * sizeof *p);
    if (!p)
      return false;
    pending = p;
    cap = ncap;
  }
  pending[used++] = (struct an_usage_calls){tenant_id, day, n};
  return true;
}

void an_usage_count(int64_t tenant_id, int64_t now_us)
{
  if (tenant_id <= 0)
    return;
  pthread_mutex_lock(&lock);
  (void)add_locked(tenant_id, an_usage_day_of(now_us), 1); /* no memory: one call uncounted */
  pthread_mutex_unlock(&lock);
}

bool an_usage_take(struct an_usage_calls **out, size_t *n)
{
  pthread_mutex_lock(&lock);
  *out = pending;
  *n = used;
  bool any = used > 0;
  if (any) {
    pending = NULL;
    used = cap = 0;
  }
  pthread_mutex_unlock(&lock);
  if (!any)
    *out = NULL;
  return any;
}

void an_usage_untake(const struct an_usage_calls *in, size_t n)
{
  pthread_mutex_lock(&lock);
  for (size_t i = 0; i < n; i++)
    (void)add_locked(in[i].tenant_id, in[i].day, in[i].count);
  pthread_mutex_unlock(&lock);
}

int64_t an_usage_pending(int64_t tenant_id, int64_t day)
{
  int64_t n = 0;
  pthread_mutex_lock(&lock);
  for (size_t i = 0; i < used; i++)
    if (pending[i].tenant_id == tenant_id && pending[i].day == day)
      n = pending[i].count;
  pthread_mutex_unlock(&lock);
  return n;
}
