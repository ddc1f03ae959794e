/* Audit retention per tenant (CHK-24). The chain is one for all tenants, so a tenant's purge
 * cannot cut it at a checkpoint while other tenants' older events stay: each purged event leaves
 * a tombstone instead (its seq, time, tenant and chain MACs, no content) sealed by a MAC of its
 * own, and `anshin audit verify` walks through tombstones as through events. An event is purged
 * only after its own MAC is checked, so a purge never launders an edit. The checkpoint purge of
 * [audit] retention_days later sweeps the leading tombstones away with the events before it. */
#ifndef AN_AUDIT_TENANT_RETENTION_H
#define AN_AUDIT_TENANT_RETENTION_H
#include <jansson.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"

/* The stored setting's "until the tenant is deleted" value. */
#define AN_AUDIT_RETENTION_UNTIL_DELETED (-1)

/* ctx's tenant's setting: {days (null when not its own), until_deleted, default_days (the
 * operator's, null = for ever), effective_days (null = kept), minimum_days}. Sets *out or returns
 * AN_EC_AUTH_FORBIDDEN (no tenant scope) / AN_EC_GENERIC_INTERNAL. */
enum an_ec an_audit_retention_get(const struct an_ctx *ctx, struct an_db *db, json_t **out);
/* Sets ctx's tenant's retention: days >= AN_AUDIT_MIN_RETENTION_DAYS, -1 until deleted, 0 the
 * operator's default; audited audit.retention_update. Returns AN_EC_OK, AN_EC_GENERIC_INVALID_FIELD
 * (days below the floor), AN_EC_AUTH_FORBIDDEN or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_audit_retention_set(const struct an_ctx *ctx, struct an_db *db, int64_t days);

/* Purges one tenant's sealed events older than days (>= the floor) into tombstones, in
 * transactions of a bounded batch; each batch appends audit.purge_tenant (tenant's own event:
 * cutoff, count). Sets *purged. Returns 1 (0 when nothing was due) or an error (an event failing
 * its MAC stops the purge: logged, nothing of that batch purged). */
int an_audit_purge_tenant(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                          int64_t days, int64_t *purged);
/* Runs an_audit_purge_tenant for every tenant whose events expire (its own days, or default_days
 * when it has none; 0 = for ever). Sets *purged to the total. Returns >= 0 or an error. */
int an_audit_purge_tenants(const struct an_ctx *ctx, struct an_db *db, int64_t default_days,
                           int64_t *purged);

#endif
