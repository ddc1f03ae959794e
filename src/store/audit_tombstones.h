/* Audit retention per tenant (CHK-24): the tenant's setting, the tenants whose events are due,
 * and turning one tenant's old events into tombstones (audit_tombstones: the event's place in the
 * chain without its content), while the events of tenants with a longer retention stay. */
#ifndef AN_STORE_AUDIT_TOMBSTONES_H
#define AN_STORE_AUDIT_TOMBSTONES_H
#include <stdint.h>

#include "store/audit.h"
#include "store/db.h"

/* The tenant's retention: 0 = the operator's [audit] retention_days, -1 = until the tenant is
 * deleted, otherwise days. Returns 1, 0 when there is no such tenant, or an error. */
int an_store_audit_retention_get(struct an_db *db, int64_t tenant_id, int64_t *days);
/* Sets it. Returns 1, 0 when there is no such tenant, or an error. */
int an_store_audit_retention_set(struct an_db *db, int64_t tenant_id, int64_t days, int64_t now);
/* Calls cb(cls, tenant_id, days) for each tenant whose events expire: its own days (> 0), or
 * default_days when it has none and default_days > 0. Returns the count or an error. */
int an_store_audit_retention_tenants_all(struct an_db *db, int64_t default_days,
                                         void (*cb)(void *cls, int64_t tenant_id, int64_t days),
                                         void *cls);
/* The oldest sealed event's seq among the tenants that keep events longer than days (until
 * deleted, or more days); INT64_MAX when none. Returns 1 or an error. */
int an_store_audit_retention_hold_all(struct an_db *db, int64_t days, int64_t *seq);
/* Calls cb for up to limit sealed events of one tenant older than cutoff, in seq order, with
 * every field (so the caller can check each MAC before purging). Returns the count or an error. */
int an_store_audit_tenant_old(struct an_db *db, int64_t tenant_id, int64_t cutoff, int64_t limit,
                              void (*cb)(void *cls, const struct an_audit_row *e), void *cls);
/* Adds e (seq, at, tenant_id, prev_mac, mac, purged_at, tmac) as a tombstone. Returns 1 or an
 * error. */
int an_store_audit_tombstone_add(struct an_db *db, const struct an_audit_row *e);
/* Takes one tenant's sealed events with first_seq <= seq <= last_seq and at < cutoff off the
 * per-day counters, then deletes them. Returns the count deleted or an error. */
int an_store_audit_tenant_delete(struct an_db *db, int64_t tenant_id, int64_t cutoff,
                                 int64_t first_seq, int64_t last_seq);

#endif
