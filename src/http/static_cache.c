#include "http/static_cache.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

struct version {
  dev_t dev;
  ino_t ino;
  off_t size;
  struct timespec mtime, ctime;
};

struct entry {
  char *rel;
  struct version v;
  char *data;
  size_t len;
  struct entry *next;
};

#define BUCKETS 256

static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static struct entry *table[BUCKETS];

static struct version version_of(const struct stat *st)
{
  return (struct version){st->st_dev, st->st_ino, st->st_size, st->st_mtim, st->st_ctim};
}

static bool same(const struct version *a, const struct version *b)
{
  return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
         a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec &&
         a->ctime.tv_sec == b->ctime.tv_sec && a->ctime.tv_nsec == b->ctime.tv_nsec;
}

static size_t bucket(const char *rel)
{
  uint32_t h = 2166136261u; /* FNV-1a */
  for (const unsigned char *p = (const unsigned char *)rel; *p; p++)
    h = (h ^ *p) * 16777619u;
  return h % BUCKETS;
}

/* The entry of rel; the caller holds the lock. */
static struct entry *find(const char *rel)
{
  for (struct entry *e = table[bucket(rel)]; e; e = e->next)
    if (strcmp(e->rel, rel) == 0)
      return e;
  return NULL;
}

bool an_static_cache_get(const char *rel, const struct stat *st, char **data, size_t *len)
{
  struct version v = version_of(st);
  bool hit = false;
  pthread_rwlock_rdlock(&lock);
  const struct entry *e = find(rel);
  if (e && same(&e->v, &v)) {
    *data = an_realloc(NULL, e->len ? e->len : 1);
    memcpy(*data, e->data, e->len);
    *len = e->len;
    hit = true;
  }
  pthread_rwlock_unlock(&lock);
  return hit;
}

void an_static_cache_put(const char *rel, const struct stat *st, const char *data, size_t len)
{
  char *copy = an_realloc(NULL, len ? len : 1);
  memcpy(copy, data, len);
  pthread_rwlock_wrlock(&lock);
  struct entry *e = find(rel);
  if (!e) {
    e = an_calloc(sizeof *e);
    e->rel = an_strdup(rel);
    size_t b = bucket(rel);
    e->next = table[b];
    table[b] = e;
  }
  free(e->data);
  e->v = version_of(st);
  e->data = copy;
  e->len = len;
  pthread_rwlock_unlock(&lock);
}
