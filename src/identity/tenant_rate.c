#include "identity/tenant_rate.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/log.h"
#include "store/ratelimits.h"

#define WINDOW_US 1000000LL /* the limit is per second */
#define SPENT_SLOTS 4096    /* credentials remembered as refused in one window, at most */

struct entry {
  int64_t tenant;
  bool refused;      /* a request was refused in this window */
  int64_t counted;   /* the cluster's count of this window as last learnt, with our syncs */
  int64_t local;     /* admitted here since the last sync */
  int64_t synced_at; /* when this instance last added to the shared counter (0: never) */
};

/* Entries exist only for tenants seen in the current window and are all dropped when the next
 * one starts, so memory follows the tenants active in one second, never the number of tenants. */
struct an_tenant_rate {
  pthread_mutex_t mu;
  long limit;
  int64_t sync_us;
  bool shared;
  int64_t window; /* start of the window the entries count (microseconds) */
  struct entry *e;
  size_t len, cap;
  /* Hashes of the credentials refused in this window: an open-addressing set (0 = empty). */
  uint8_t hash_key[crypto_shorthash_KEYBYTES];
  uint64_t spent[SPENT_SLOTS];
  size_t nspent;
  int64_t flooded[16]; /* tenants refused in the previous window (the first 16) */
  size_t nflooded;
};

struct an_tenant_rate *an_tenant_rate_new(const struct an_config *cfg)
{
  if (cfg->fairshare_tenant_rate <= 0)
    return NULL;
  struct an_tenant_rate *tr = an_calloc(sizeof *tr);
  pthread_mutex_init(&tr->mu, NULL);
  tr->limit = cfg->fairshare_tenant_rate;
  tr->sync_us = cfg->fairshare_rate_sync_ms * 1000LL;
  randombytes_buf(tr->hash_key, sizeof tr->hash_key);
  tr->shared = strcmp(cfg->fairshare_rate_store, "memory") != 0;
  if (!strcmp(cfg->fairshare_rate_store, "auto"))
    tr->shared = !strcmp(cfg->store_driver, "postgres"); /* SQLite serves one instance */
  return tr;
}

void an_tenant_rate_free(struct an_tenant_rate *tr)
{
  if (!tr)
    return;
  pthread_mutex_destroy(&tr->mu);
  free(tr->e);
  free(tr);
}

static struct entry *entry_of(struct an_tenant_rate *tr, int64_t tenant)
{
  for (size_t i = 0; i < tr->len; i++)
    if (tr->e[i].tenant == tenant)
      return &tr->e[i];
  if (tr->len == tr->cap) {
    tr->cap = tr->cap ? tr->cap * 2 : 16;
    tr->e = an_realloc(tr->e, tr->cap * sizeof *tr->e);
  }
  tr->e[tr->len] = (struct entry){.tenant = tenant};
  return &tr->e[tr->len++];
}

/* Adds n admitted requests to the shared counter and takes in the cluster's total. */
static void sync_shared(struct an_tenant_rate *tr, struct an_db *db, int64_t tenant, int64_t window,
                        int64_t n)
{
  char key[48];
  snprintf(key, sizeof key, "tenant-rate:%lld", (long long)tenant);
  int64_t total = 0;
  if (an_store_rate_add(db, key, window, n, &total) < 0) {
    an_log(AN_LOG_WARN, "tenant rate: the shared counter could not be updated",
           json_pack("{s:I}", "tenant_id", (json_int_t)tenant));
    return;
  }
  pthread_mutex_lock(&tr->mu);
  if (tr->window == window) {
    struct entry *e = entry_of(tr, tenant);
    if (total > e->counted)
      e->counted = total;
  }
  pthread_mutex_unlock(&tr->mu);
}

static uint64_t hash_of(const struct an_tenant_rate *tr, const char *credential)
{
  uint8_t h[crypto_shorthash_BYTES];
  crypto_shorthash(h, (const unsigned char *)credential, strlen(credential), tr->hash_key);
  uint64_t v;
  memcpy(&v, h, sizeof v);
  return v ? v : 1;
}

/* The slot of h in the spent set: where it is, or the empty one where it would go; NULL when the
 * set is full. Called with the lock held. */
static uint64_t *spent_slot(struct an_tenant_rate *tr, uint64_t h)
{
  for (size_t i = 0, at = h % SPENT_SLOTS; i < SPENT_SLOTS; i++, at = (at + 1) % SPENT_SLOTS)
    if (tr->spent[at] == h || tr->spent[at] == 0)
      return &tr->spent[at];
  return NULL;
}

/* Starts the window of now when it is newer (all counts and refusals are of one window). Called
 * with the lock held; returns the current window. */
static int64_t roll(struct an_tenant_rate *tr, int64_t now)
{
  int64_t window = now / WINDOW_US * WINDOW_US;
  if (window > tr->window) {
    tr->nflooded = 0;
    for (size_t i = 0; i < tr->len && tr->nflooded < 16; i++)
      if (tr->e[i].refused && window == tr->window + WINDOW_US)
        tr->flooded[tr->nflooded++] = tr->e[i].tenant;
    tr->window = window;
    tr->len = 0;
    if (tr->nspent) {
      memset(tr->spent, 0, sizeof tr->spent);
      tr->nspent = 0;
    }
  }
  return tr->window; /* a request whose clock reading lags counts in the current window */
}

static long retry_of(int64_t window, int64_t now)
{
  long s = (long)((window + WINDOW_US - now + 999999) / 1000000);
  return s < 1 ? 1 : s;
}

bool an_tenant_rate_spent(struct an_tenant_rate *tr, const char *credential, int64_t now,
                          long *retry)
{
  if (!tr || !credential || !credential[0])
    return false;
  uint64_t h = hash_of(tr, credential);
  pthread_mutex_lock(&tr->mu);
  int64_t window = roll(tr, now);
  uint64_t *slot = tr->nspent ? spent_slot(tr, h) : NULL;
  bool spent = slot && *slot == h;
  pthread_mutex_unlock(&tr->mu);
  if (spent)
    *retry = retry_of(window, now);
  return spent;
}

bool an_tenant_rate_take(struct an_tenant_rate *tr, const struct an_ctx *ctx, struct an_db *db,
                         const char *credential, long *retry)
{
  int64_t tenant = ctx->tenant_id;
  if (!tr || tenant <= 0)
    return true;
  int64_t flush = 0;
  uint64_t h = credential && credential[0] ? hash_of(tr, credential) : 0;
  pthread_mutex_lock(&tr->mu);
  int64_t window = roll(tr, ctx->now);
  struct entry *e = entry_of(tr, tenant);
  bool ok = e->counted + e->local < tr->limit;
  if (ok) {
    e->local++;
    if (tr->shared && db && ctx->now - e->synced_at >= tr->sync_us) {
      flush = e->local;
      e->counted += flush;
      e->local = 0;
      e->synced_at = ctx->now;
    }
  } else
    e->refused = true;
  if (!ok && h && tr->nspent < SPENT_SLOTS / 2) { /* half full at most: short probes */
    uint64_t *slot = spent_slot(tr, h);
    if (slot && *slot != h) {
      *slot = h;
      tr->nspent++;
    }
  }
  pthread_mutex_unlock(&tr->mu);
  if (!ok) {
    *retry = retry_of(window, ctx->now);
    return false;
  }
  if (flush)
    sync_shared(tr, db, tenant, window, flush);
  return true;
}

bool an_tenant_rate_flooding(struct an_tenant_rate *tr, int64_t tenant, int64_t now)
{
  if (!tr || tenant <= 0)
    return false;
  bool flooding = false;
  pthread_mutex_lock(&tr->mu);
  roll(tr, now);
  for (size_t i = 0; i < tr->nflooded && !flooding; i++)
    flooding = tr->flooded[i] == tenant;
  for (size_t i = 0; i < tr->len && !flooding; i++)
    flooding = tr->e[i].tenant == tenant && tr->e[i].refused;
  pthread_mutex_unlock(&tr->mu);
  return flooding;
}
