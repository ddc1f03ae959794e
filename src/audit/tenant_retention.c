#include "audit/tenant_retention.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "audit/audited.h"
#include "core/log.h"
#include "crypto/keys.h"
#include "crypto/token.h"
#include "store/audit_tombstones.h"

#define DAY_US (86400LL * 1000000LL)
#define BATCH 1000

static json_t *days_or_null(int64_t d)
{
  return d > 0 ? json_integer((json_int_t)d) : json_null();
}

enum an_ec an_audit_retention_get(const struct an_ctx *ctx, struct an_db *db, json_t **out)
{
  int64_t t = an_scope_tenant(ctx), days = 0;
  if (!t)
    return AN_EC_AUTH_FORBIDDEN;
  if (an_store_audit_retention_get(db, t, &days) <= 0)
    return AN_EC_GENERIC_INTERNAL;
  int64_t def = ctx->cfg->audit_retention_days;
  int64_t eff = days == AN_AUDIT_RETENTION_UNTIL_DELETED ? 0 : (days > 0 ? days : def);
  *out =
      json_pack("{s:o, s:b, s:o, s:o, s:i}", "days", days_or_null(days), "until_deleted",
                days == AN_AUDIT_RETENTION_UNTIL_DELETED, "default_days", days_or_null(def),
                "effective_days", days_or_null(eff), "minimum_days", AN_AUDIT_MIN_RETENTION_DAYS);
  return AN_EC_OK;
}

static const struct an_audited_number retention_update = {
    an_store_audit_retention_set, "audit.retention_update", "tenant", "audit_retention_days"};

enum an_ec an_audit_retention_set(const struct an_ctx *ctx, struct an_db *db, int64_t days)
{
  bool valid =
      days == 0 || days == AN_AUDIT_RETENTION_UNTIL_DELETED || days >= AN_AUDIT_MIN_RETENTION_DAYS;
  return an_audited_tenant_number(ctx, db, &retention_update, days, valid);
}

struct batch {
  const struct an_ctx *ctx;
  int64_t tenant_id, cutoff;
  int64_t first, last, n;
  bool bad; /* an event failed its MAC */
  int rc;
  struct an_db *db;
};

/* Checks one due event's MAC, then leaves its tombstone. */
static void tomb_cb(void *cls, const struct an_audit_row *e)
{
  struct batch *b = cls;
  if (b->bad || b->rc < 0)
    return;
  uint8_t mac[32];
  an_audit_mac(b->ctx->keys, e, mac);
  if (!an_ct_equal(mac, e->mac, 32)) {
    b->bad = true;
    an_log_bug(
        "audit retention: an event fails its MAC; the tenant's purge stops",
        json_pack("{s:I, s:I}", "seq", (json_int_t)e->seq, "tenant_id", (json_int_t)b->tenant_id));
    return;
  }
  struct an_audit_row t = *e;
  t.purged_at = b->ctx->now;
  an_audit_tombstone_mac(b->ctx->keys, &t, t.tmac);
  int rc = an_store_audit_tombstone_add(b->db, &t);
  if (rc < 0) {
    b->rc = rc;
    return;
  }
  if (!b->n)
    b->first = e->seq;
  b->last = e->seq;
  b->n++;
}

static int batch_txn(struct an_db *db, void *cls)
{
  struct batch *b = cls;
  b->db = db;
  b->n = b->first = b->last = 0;
  b->bad = false;
  b->rc = 0;
  int rc = an_store_audit_tenant_old(db, b->tenant_id, b->cutoff, BATCH, tomb_cb, b);
  if (rc < 0 || b->rc < 0)
    return rc < 0 ? rc : b->rc;
  if (b->bad)
    return AN_DB_ROLLBACK;
  if (!b->n)
    return 0;
  rc = an_store_audit_tenant_delete(db, b->tenant_id, b->cutoff, b->first, b->last);
  if (rc < 0)
    return rc;
  if (rc != b->n) {
    an_log_bug("audit retention: purged count differs", NULL);
    return AN_DB_HARD;
  }
  return an_audit_changed(b->ctx, db, "audit.purge_tenant", "tenant", b->tenant_id, b->tenant_id,
                          json_pack("{s:I, s:I, s:I, s:I}", "cutoff", (json_int_t)b->cutoff,
                                    "purged", (json_int_t)b->n, "first_seq", (json_int_t)b->first,
                                    "last_seq", (json_int_t)b->last));
}

int an_audit_purge_tenant(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                          int64_t days, int64_t *purged)
{
  *purged = 0;
  if (tenant_id <= 0 || days < AN_AUDIT_MIN_RETENTION_DAYS)
    return AN_DB_HARD;
  struct batch b = {.ctx = ctx, .tenant_id = tenant_id, .cutoff = ctx->now - days * DAY_US};
  for (;;) {
    int rc = an_db_txn(db, batch_txn, &b);
    if (rc == AN_DB_ROLLBACK)
      return AN_DB_HARD;
    if (rc < 0)
      return rc;
    *purged += b.n;
    if (b.n < BATCH)
      break;
  }
  return *purged > 0;
}

struct due {
  int64_t *ids, *days;
  size_t n, cap;
};

static void due_cb(void *cls, int64_t tenant_id, int64_t days)
{
  struct due *d = cls;
  if (d->n == d->cap) {
    size_t cap = d->cap ? d->cap * 2 : 64;
    int64_t *ids = realloc(d->ids, cap * sizeof *ids);
    if (!ids)
      return;
    d->ids = ids;
    int64_t *ds = realloc(d->days, cap * sizeof *ds);
    if (!ds)
      return;
    d->days = ds;
    d->cap = cap;
  }
  d->ids[d->n] = tenant_id;
  d->days[d->n++] = days;
}

int an_audit_purge_tenants(const struct an_ctx *ctx, struct an_db *db, int64_t default_days,
                           int64_t *purged)
{
  *purged = 0;
  struct due d = {0};
  int rc = an_store_audit_retention_tenants_all(db, default_days, due_cb, &d);
  /* One tenant's failure (logged) does not keep the others' events past their retention. */
  int err = rc < 0 ? rc : 0;
  for (size_t i = 0; rc >= 0 && i < d.n; i++) {
    int64_t n = 0;
    int one = an_audit_purge_tenant(ctx, db, d.ids[i], d.days[i], &n);
    if (one < 0)
      err = one;
    *purged += n;
  }
  free(d.ids);
  free(d.days);
  return err;
}
