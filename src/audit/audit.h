/* The audit log: every state change and security event appends an event in the same transaction
 * as the change. Events form a chain: each event's HMAC-SHA256 (key derived from the master key,
 * never stored in the database) covers its own fields and the previous event's MAC, so an edited,
 * deleted, inserted or reordered event breaks verification from that point on. */
#ifndef AN_AUDIT_AUDIT_H
#define AN_AUDIT_AUDIT_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/config.h"
#include "core/ctx.h"
#include "core/errors.h"
#include "store/audit.h"
#include "store/db.h"

struct an_keys;

struct an_audit_rec {
  const char *action;      /* dotted name, e.g. "auth.login" */
  const char *target;      /* what it acted on, e.g. "staff:3"; "" when none */
  const char *outcome;     /* "success", "failure" or "denied" */
  json_t *details;         /* borrowed; NULL for {} */
  const char *actor_label; /* overrides ctx->actor (e.g. the login name tried); may be NULL */
  int64_t tenant_id;       /* overrides ctx->tenant_id when nonzero */
};

/* Optional event classes a tenant may leave out for its users (WP-18); security events
 * (authentication, denials, changes of settings, roles and data) are always collected. */
#define AN_AUDIT_CLASS_SCREEN 1u   /* screen.open */
#define AN_AUDIT_CLASS_READ 2u     /* data.read */
#define AN_AUDIT_CLASS_DOWNLOAD 4u /* data.download */
/* The classes a "screen,read,download" list leaves out. */
unsigned an_audit_classes_off(const char *csv);
/* The class of an action (0 = always collected). */
unsigned an_audit_class_of(const char *action);

/* Appends one event for ctx. Must run inside an_db_txn on db, so the event commits or rolls back
 * with the change it records. Returns 1 or an AN_DB_* error (the caller's transaction fails). */
int an_audit_append(const struct an_ctx *ctx, struct an_db *db, const struct an_audit_rec *rec);

/* Appends one event in a transaction of its own (security events that record no other change,
 * such as a failed login). Returns 1 or an error. */
int an_audit_record(const struct an_ctx *ctx, struct an_db *db, const struct an_audit_rec *rec);

/* The target of an event about one record, "kind:id" (e.g. "staff:3"), newly allocated: the
 * caller frees it. Never NULL (running out of memory aborts, core/alloc.h). */
char *an_audit_target(const char *kind, int64_t id);
/* Appends a successful change of the object kind:id (target "kind:id", e.g. "staff:3") with
 * details, which it takes over (NULL for {}; a failed json_pack is NULL too), for tenant_id when
 * nonzero (else ctx's). Like an_audit_append: inside the change's transaction; 1 or an error. */
int an_audit_changed(const struct an_ctx *ctx, struct an_db *db, const char *action,
                     const char *kind, int64_t id, int64_t tenant_id, json_t *details);
/* an_audit_changed with another outcome ("failure", "denied"). */
int an_audit_outcome(const struct an_ctx *ctx, struct an_db *db, const char *action,
                     const char *kind, int64_t id, int64_t tenant_id, const char *outcome,
                     json_t *details);

/* The end of a transaction body that changed the row r->id: rc is the store's answer (1 changed,
 * 0 not there, < 0 an error). Sets r->found; when changed, records action on kind:id (no
 * details). Returns what the body returns (AN_DB_ROLLBACK when the row was not there). */
int an_audit_row_changed(struct an_ctx_row *r, struct an_db *db, int rc, const char *action,
                         const char *kind);
/* The answer of a transaction that changes one record: rc is an_db_txn's, found whether its body
 * found the record. AN_EC_GENERIC_INTERNAL for an error other than the body's rollback, else
 * AN_EC_OK when the record was found (and changed), AN_EC_GENERIC_NOT_FOUND when not. */
enum an_ec an_audit_change_ec(int rc, bool found);
/* Runs body (an an_db_txn body taking a struct an_ctx_row) on the row id for ctx: AN_EC_OK when
 * it changed the row, AN_EC_GENERIC_NOT_FOUND when the row was not there, else
 * AN_EC_GENERIC_INTERNAL. */
enum an_ec an_audit_row_txn(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                            an_db_txn_fn body);

struct an_audit_report {
  int64_t events;   /* sealed events checked */
  int64_t unsealed; /* events committed but not yet sealed by the sequencer (PostgreSQL) */
  int64_t oldest_unsealed_at; /* the oldest of them (microseconds), 0 when none */
  int64_t bad_id;             /* an unsealed event that fails, by id; 0 when none */
  int64_t checkpoint;         /* verification started after this purged seq (0 = from the start) */
  int64_t head_seq;           /* the head's sequence number */
  int64_t bad_seq;            /* first event that fails, 0 when intact */
  char reason[160];           /* why it fails */
};

/* Walks the whole chain from one consistent snapshot, so it may run beside live writers: the
 * sealed events up to the signed head, then the events not yet sealed (each against its own
 * MAC). Returns 1 when intact, 0 when broken (rep says where and why), or an AN_DB_* error when
 * the database cannot be read. */
int an_audit_verify(struct an_db *db, const struct an_keys *keys, struct an_audit_report *rep);

/* The shortest retention the product allows (CHK-7, MARK-7-1-1: access logs kept a year). */
#define AN_AUDIT_MIN_RETENTION_DAYS 365

/* Purges events older than retention_days (>= AN_AUDIT_MIN_RETENTION_DAYS) in one transaction:
 * records a checkpoint (the last purged event's seq and MAC), deletes the events, and appends an
 * audit.purge event that vouches for the checkpoint, so `audit verify` still proves the rest.
 * The checkpoint never passes the oldest event of a tenant that keeps its events longer (CHK-24,
 * audit/tenant_retention.h); tombstones before it go with it.
 * Sets *purged. Returns 1 (0 when nothing was old enough) or an error. */
int an_audit_purge(const struct an_ctx *ctx, struct an_db *db, int64_t retention_days,
                   int64_t *purged);

/* Computes an event's chain MAC from seq, its fields and prev_mac (exposed for tests). */
void an_audit_mac(const struct an_keys *keys, const struct an_audit_row *e, uint8_t out[32]);
/* The writer's MAC of an event not yet sealed: over its id and its fields. */
void an_audit_event_mac(const struct an_keys *keys, const struct an_audit_row *e, uint8_t out[32]);
/* A tombstone's MAC (CHK-24): over its seq, time, tenant, both chain MACs and purged_at. */
void an_audit_tombstone_mac(const struct an_keys *keys, const struct an_audit_row *e,
                            uint8_t out[32]);
/* The head's signature: over its seq, MAC and time. */
void an_audit_head_sig(const struct an_keys *keys, const struct an_audit_head *h, uint8_t out[32]);

/* How long an event may wait to be sealed into the chain before the server alerts (log error
 * "audit sealing behind" and /metrics anshin_audit_unsealed_oldest_seconds): the sequencer seals
 * within milliseconds of a commit on its own instance and within its poll (200 ms) of another's;
 * the bound also covers taking over the lease of an instance that died (5 s). */
#define AN_AUDIT_SEAL_BOUND_SECONDS 10

/* Starts the audit sequencer for a server (PostgreSQL: a thread that, while it holds the
 * 'audit.sequence' lease, seals committed events into the chain; SQLite seals as it writes).
 * Also signs a head left unsigned by an older version. Returns false when it cannot start. */
bool an_audit_sequencer_start(const struct an_config *cfg, const struct an_keys *keys);
/* Stops it, sealing every committed event first (whoever holds the lease). */
void an_audit_sequencer_stop(void);
/* Wakes the sequencer: a transaction that appended events has committed. */
void an_audit_kick(void);
/* Seals up to limit committed events (0 = all) in one transaction; *sealed gets the count.
 * Returns >= 0 or an error. For the sequencer, the CLI and tests. */
int an_audit_seal(struct an_db *db, const struct an_keys *keys, int64_t now, int64_t limit,
                  int64_t *sealed);
/* Appends the sequencer's figures to a /metrics exposition. */
void an_audit_metrics(struct an_buf *out);

#endif
