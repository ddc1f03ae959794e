#include "core/ratelimit.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

#define SLOTS 8192 /* keys beyond this share slots: a collision only makes a limit stricter */

struct slot {
  uint64_t hash;
  int64_t window;
  long count;
};

struct an_ratelimit {
  long limit;
  int64_t window_us;
  pthread_mutex_t lock;
  struct slot slots[SLOTS];
};

struct an_ratelimit *an_ratelimit_new(long limit, long window_seconds)
{
  struct an_ratelimit *rl = an_calloc(sizeof *rl);
  rl->limit = limit;
  rl->window_us = (window_seconds > 0 ? window_seconds : 60) * 1000000LL;
  pthread_mutex_init(&rl->lock, NULL);
  return rl;
}

void an_ratelimit_free(struct an_ratelimit *rl)
{
  if (!rl)
    return;
  pthread_mutex_destroy(&rl->lock);
  free(rl);
}

/* FNV-1a: keys are short and not attacker-chosen for collisions that matter (see SLOTS). */
static uint64_t hash(const char *s)
{
  uint64_t h = 1469598103934665603ULL;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return h;
}

bool an_ratelimit_take(struct an_ratelimit *rl, const char *key, int64_t now, long *retry_after)
{
  if (!rl || rl->limit <= 0)
    return true;
  uint64_t h = hash(key);
  int64_t window = now / rl->window_us;
  pthread_mutex_lock(&rl->lock);
  struct slot *s = &rl->slots[h % SLOTS];
  if (s->hash != h || s->window != window) {
    s->hash = h;
    s->window = window;
    s->count = 0;
  }
  bool ok = ++s->count <= rl->limit;
  pthread_mutex_unlock(&rl->lock);
  if (!ok && retry_after) {
    int64_t left = (window + 1) * rl->window_us - now;
    *retry_after = (long)((left + 999999) / 1000000);
    if (*retry_after < 1)
      *retry_after = 1;
  }
  return ok;
}
