#include "core/ratelimit.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

/* One counted key, chained in its bucket. The whole key is kept and compared: a hash only picks
 * the bucket. */
struct entry {
  struct entry *next;
  int64_t window;
  long count;
  char key[];
};

struct an_ratelimit {
  long limit;
  int64_t window_us;
  size_t max_keys;
  pthread_mutex_t lock;
  struct entry **buckets;
  size_t nbuckets; /* a power of two */
  size_t count;
  int64_t swept_window; /* keys of windows before this one are gone */
  /* SipHash key, random per limiter: chain lengths cannot be steered from outside. */
  unsigned char hash_key[crypto_shorthash_KEYBYTES];
};

struct an_ratelimit *an_ratelimit_new(long limit, long window_seconds, size_t max_keys)
{
  struct an_ratelimit *rl = an_calloc(sizeof *rl);
  rl->limit = limit;
  rl->window_us = (window_seconds > 0 ? window_seconds : 60) * 1000000LL;
  rl->max_keys = max_keys ? max_keys : AN_RATELIMIT_MAX_KEYS;
  rl->nbuckets = 1024;
  rl->buckets = an_calloc(rl->nbuckets * sizeof *rl->buckets);
  if (sodium_init() < 0)
    abort();
  randombytes_buf(rl->hash_key, sizeof rl->hash_key);
  pthread_mutex_init(&rl->lock, NULL);
  return rl;
}

static void free_chain(struct entry *e)
{
  while (e) {
    struct entry *next = e->next;
    free(e);
    e = next;
  }
}

void an_ratelimit_free(struct an_ratelimit *rl)
{
  if (!rl)
    return;
  for (size_t i = 0; i < rl->nbuckets; i++)
    free_chain(rl->buckets[i]);
  free(rl->buckets);
  pthread_mutex_destroy(&rl->lock);
  free(rl);
}

static size_t bucket_of(const struct an_ratelimit *rl, const char *key, size_t nbuckets)
{
  uint64_t h;
  crypto_shorthash((unsigned char *)&h, (const unsigned char *)key, strlen(key), rl->hash_key);
  return (size_t)(h & (nbuckets - 1));
}

/* Drops every key whose window is over. Runs once per window (and when full), so its cost is
 * spread over the window's events. */
static void sweep(struct an_ratelimit *rl, int64_t window)
{
  for (size_t i = 0; i < rl->nbuckets; i++) {
    struct entry **pp = &rl->buckets[i];
    while (*pp) {
      struct entry *e = *pp;
      if (e->window < window) {
        *pp = e->next;
        free(e);
        rl->count--;
      } else {
        pp = &e->next;
      }
    }
  }
  rl->swept_window = window;
}

/* Doubles the bucket array when the chains grow longer than one on average. */
static void grow(struct an_ratelimit *rl)
{
  size_t n = rl->nbuckets * 2;
  struct entry **b = an_calloc(n * sizeof *b);
  for (size_t i = 0; i < rl->nbuckets; i++) {
    struct entry *e = rl->buckets[i];
    while (e) {
      struct entry *next = e->next;
      size_t j = bucket_of(rl, e->key, n);
      e->next = b[j];
      b[j] = e;
      e = next;
    }
  }
  free(rl->buckets);
  rl->buckets = b;
  rl->nbuckets = n;
}

/* The key's entry, made when new. NULL when the limiter is full of this window's keys. */
static struct entry *lookup(struct an_ratelimit *rl, const char *key, int64_t window)
{
  if (window != rl->swept_window)
    sweep(rl, window);
  size_t i = bucket_of(rl, key, rl->nbuckets);
  for (struct entry *e = rl->buckets[i]; e; e = e->next)
    if (strcmp(e->key, key) == 0)
      return e;
  if (rl->count >= rl->max_keys)
    return NULL;
  if (rl->count >= rl->nbuckets) {
    grow(rl);
    i = bucket_of(rl, key, rl->nbuckets);
  }
  size_t len = strlen(key);
  struct entry *e = an_calloc(sizeof *e + len + 1);
  memcpy(e->key, key, len + 1);
  e->window = window;
  e->count = 0;
  e->next = rl->buckets[i];
  rl->buckets[i] = e;
  rl->count++;
  return e;
}

bool an_ratelimit_take(struct an_ratelimit *rl, const char *key, int64_t now, long *retry_after)
{
  if (!rl || rl->limit <= 0)
    return true;
  int64_t window = now / rl->window_us;
  pthread_mutex_lock(&rl->lock);
  struct entry *e = lookup(rl, key, window);
  bool ok = false;
  if (e) {
    if (e->window != window) {
      e->window = window;
      e->count = 0;
    }
    ok = ++e->count <= rl->limit;
  }
  pthread_mutex_unlock(&rl->lock);
  if (!ok && retry_after) {
    int64_t left = (window + 1) * rl->window_us - now;
    *retry_after = (long)((left + 999999) / 1000000);
    if (*retry_after < 1)
      *retry_after = 1;
  }
  return ok;
}

size_t an_ratelimit_size(struct an_ratelimit *rl)
{
  pthread_mutex_lock(&rl->lock);
  size_t n = rl->count;
  pthread_mutex_unlock(&rl->lock);
  return n;
}
