#include "market/public_cache.h"

#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/calendar.h"
#include "core/config.h"
#include "core/time.h"
#include "crypto/token.h"
#include "market/catalogue.h"
#include "market/documents.h"
#include "market/market.h"
#include "store/catalogue.h"
#include "store/public_version.h"

#define MAX_DOCS 8 /* document kinds kept; more kinds are built on every request */

struct slot {
  struct an_public_page *page;
  uint64_t generation;       /* an_store_public_generation() read before the page was built */
  char kind[48];             /* documents: the kind ("" = free slot) */
  char date[AN_DATE_STRLEN]; /* documents: the day it was built for */
};

static struct {
  pthread_mutex_t mu;
  struct slot catalogue, docs[MAX_DOCS];
  struct an_public_fingerprint fingerprint; /* what the pages were built under */
  bool have_fingerprint;
  int64_t checked_us; /* monotonic time of the last fingerprint check */
} cache = {.mu = PTHREAD_MUTEX_INITIALIZER};

static struct an_public_page *page_new(json_t *doc)
{
  char *text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
  json_decref(doc);
  if (!text)
    return NULL;
  struct an_public_page *p = an_calloc(sizeof *p);
  p->body = text;
  p->len = strlen(text);
  uint8_t h[16];
  crypto_generichash(h, sizeof h, (const unsigned char *)text, p->len, NULL, 0);
  p->etag[0] = '"';
  an_hex_encode(h, sizeof h, p->etag + 1);
  p->etag[33] = '"';
  p->etag[34] = '\0';
  atomic_store(&p->refs, 1);
  return p;
}

void an_public_page_release(struct an_public_page *page)
{
  if (page && atomic_fetch_sub(&page->refs, 1) == 1) {
    free(page->body);
    free(page);
  }
}

static struct an_public_page *page_ref(struct an_public_page *page)
{
  atomic_fetch_add(&page->refs, 1);
  return page;
}

static void slot_drop(struct slot *s)
{
  an_public_page_release(s->page);
  s->page = NULL;
}

static void drop_all(void)
{
  slot_drop(&cache.catalogue);
  for (int i = 0; i < MAX_DOCS; i++)
    slot_drop(&cache.docs[i]);
}

void an_public_cache_clear(void)
{
  pthread_mutex_lock(&cache.mu);
  drop_all();
  cache.have_fingerprint = false;
  pthread_mutex_unlock(&cache.mu);
}

/* Under the lock: drops every page when the database's fingerprint moved since the pages were
 * built (another instance's change), looking no more often than the configured interval. False
 * when the fingerprint could not be read (then nothing cached may be trusted). */
static bool check_fingerprint(const struct an_ctx *ctx, struct an_db *db)
{
  int64_t now = an_time_mono_us(), every = ctx->cfg->public_cache_check_ms * 1000LL;
  if (cache.have_fingerprint && every > 0 && now - cache.checked_us < every)
    return true;
  struct an_public_fingerprint f;
  if (an_store_public_fingerprint(db, &f) < 0) {
    drop_all();
    cache.have_fingerprint = false;
    return false;
  }
  if (!cache.have_fingerprint || memcmp(&f, &cache.fingerprint, sizeof f) != 0)
    drop_all();
  cache.fingerprint = f;
  cache.have_fingerprint = true;
  cache.checked_us = now;
  return true;
}

/* The catalogue's answer, built from the database. */
static json_t *build_catalogue(struct an_db *db)
{
  struct an_service *all = NULL;
  size_t n = 0;
  if (an_store_service_list_all(db, &all, &n) < 0)
    return NULL;
  json_t *open = json_array();
  for (size_t i = 0; i < n; i++) {
    if (!strcmp(all[i].status, "discontinued"))
      continue;
    json_t *s = an_service_to_json(&all[i]);
    for (size_t j = 0; j < all[i].nplans; j++)
      an_plan_add_prices(json_array_get(json_object_get(s, "plans"), j), &all[i].plans[j]);
    json_array_append_new(open, s);
  }
  an_services_free(all, n);
  return json_pack("{s:o}", "services", open);
}

/* The slot's page when it is still good for generation gen (and date, for documents). */
static struct an_public_page *fresh(const struct slot *s, uint64_t gen, const char *date)
{
  if (!s->page || s->generation != gen || (date && strcmp(s->date, date)))
    return NULL;
  return page_ref(s->page);
}

static void keep(struct slot *s, struct an_public_page *page, uint64_t gen, const char *date)
{
  slot_drop(s);
  s->page = page_ref(page);
  s->generation = gen;
  snprintf(s->date, sizeof s->date, "%s", date ? date : "");
}

enum an_ec an_public_catalogue(const struct an_ctx *ctx, struct an_db *db,
                               struct an_public_page **out)
{
  pthread_mutex_lock(&cache.mu);
  bool trusted = check_fingerprint(ctx, db);
  uint64_t gen = an_store_public_generation(); /* before reading what the page shows */
  *out = trusted ? fresh(&cache.catalogue, gen, NULL) : NULL;
  if (!*out && (*out = page_new(build_catalogue(db))) && trusted)
    keep(&cache.catalogue, *out, gen, NULL);
  pthread_mutex_unlock(&cache.mu);
  return *out ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
}

/* The slot for kind: its own, else a free one, else NULL (not cached). */
static struct slot *doc_slot(const char *kind)
{
  struct slot *free_slot = NULL;
  for (int i = 0; i < MAX_DOCS; i++) {
    if (!strcmp(cache.docs[i].kind, kind))
      return &cache.docs[i];
    if (!cache.docs[i].kind[0] && !free_slot)
      free_slot = &cache.docs[i];
  }
  if (free_slot && strlen(kind) < sizeof free_slot->kind)
    snprintf(free_slot->kind, sizeof free_slot->kind, "%s", kind);
  else
    free_slot = NULL;
  return free_slot;
}

enum an_ec an_public_document(const struct an_ctx *ctx, struct an_db *db, const char *kind,
                              struct an_public_page **out)
{
  *out = NULL;
  if (!an_document_kind_valid(kind))
    return AN_EC_GENERIC_NOT_FOUND;
  char today[AN_DATE_STRLEN];
  an_market_date_of(ctx->now, today);
  pthread_mutex_lock(&cache.mu);
  bool trusted = check_fingerprint(ctx, db);
  uint64_t gen = an_store_public_generation();
  struct slot *s = trusted ? doc_slot(kind) : NULL;
  enum an_ec ec = AN_EC_OK;
  *out = s ? fresh(s, gen, today) : NULL;
  if (!*out) {
    json_t *doc = NULL;
    ec = an_document_public(ctx, db, kind, &doc);
    if (ec == AN_EC_OK && !(*out = page_new(doc)))
      ec = AN_EC_GENERIC_INTERNAL;
    if (ec == AN_EC_OK && s)
      keep(s, *out, gen, today);
  }
  pthread_mutex_unlock(&cache.mu);
  return ec;
}
