#include "identity/tenant_rate.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/log.h"
#include "store/ratelimits.h"

#define WINDOW_US 1000000LL /* the limit is per second */

struct entry {
  int64_t tenant;
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
};

struct an_tenant_rate *an_tenant_rate_new(const struct an_config *cfg)
{
  if (cfg->fairshare_tenant_rate <= 0)
    return NULL;
  struct an_tenant_rate *tr = an_calloc(sizeof *tr);
  pthread_mutex_init(&tr->mu, NULL);
  tr->limit = cfg->fairshare_tenant_rate;
  tr->sync_us = cfg->fairshare_rate_sync_ms * 1000LL;
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

bool an_tenant_rate_take(struct an_tenant_rate *tr, const struct an_ctx *ctx, struct an_db *db,
                         long *retry)
{
  int64_t tenant = ctx->tenant_id;
  if (!tr || tenant <= 0)
    return true;
  int64_t window = ctx->now / WINDOW_US * WINDOW_US, flush = 0;
  pthread_mutex_lock(&tr->mu);
  if (window > tr->window) {
    tr->window = window;
    tr->len = 0;
  } else
    window = tr->window; /* a request whose clock reading lags counts in the current window */
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
  }
  pthread_mutex_unlock(&tr->mu);
  if (!ok) {
    *retry = (long)((window + WINDOW_US - ctx->now + 999999) / 1000000);
    if (*retry < 1)
      *retry = 1;
    return false;
  }
  if (flush)
    sync_shared(tr, db, tenant, window, flush);
  return true;
}
