/* The audit event table and the chain head. Rows are only ever appended: there is no update or
 * delete of an event here (retention purging, when it comes, moves a checkpoint). */
#ifndef AN_STORE_AUDIT_H
#define AN_STORE_AUDIT_H
#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "store/db.h"

struct an_audit_row {
  int64_t seq; /* 0 while not yet sealed into the chain (PostgreSQL) */
  int64_t id;  /* PostgreSQL: the row's identity, the order of insertion; else 0 */
  int64_t at;
  const char *actor_kind;
  int64_t actor_id; /* 0 = none */
  const char *actor_label;
  int64_t tenant_id; /* 0 = none */
  const char *action;
  const char *target;
  const char *outcome;
  const char *client_ip;
  const char *request_id;
  const char *details; /* JSON text */
  uint8_t prev_mac[32];
  uint8_t mac[32];
  uint8_t emac[32]; /* PostgreSQL: the writer's MAC over the event itself, until sealed */
  /* A tombstone (an event its tenant's retention purged, CHK-24): when it was purged (0 = a
   * whole event) and the MAC made then over seq, at, tenant_id, both chain MACs and purged_at;
   * the content fields are empty. */
  int64_t purged_at;
  uint8_t tmac[32];
};
/* Reads columns 0..13 of an event row (seq, at, actor_kind, actor_id, actor_label, tenant_id,
 * action, target, outcome, client_ip, request_id, details, prev_mac, mac) into e; the text
 * points into the row. The fields after mac are left zero. */
void an_store_audit_row_read(const struct an_db_row *row, struct an_audit_row *e);

/* The chain head: the newest sealed event's seq and MAC, when it was sealed, and the head's own
 * signature (sig_set false while never signed). */
struct an_audit_head {
  int64_t seq;
  uint8_t mac[32];
  int64_t at;
  uint8_t sig[32];
  bool sig_set;
};

/* Reads the head; in a write transaction on PostgreSQL also takes its row lock (FOR UPDATE), so
 * sealers take turns. Returns 1 or an error. */
int an_store_audit_head_lock(struct an_db *db, struct an_audit_head *h);
/* Reads the head without locking. Returns 1 or an error. */
int an_store_audit_head_read(struct an_db *db, struct an_audit_head *h);
/* Stores the head. Returns 1 or an error. */
int an_store_audit_set_head(struct an_db *db, const struct an_audit_head *h);
/* Inserts one sealed event (seq, prev_mac, mac set). Returns 1 or an error. */
int an_store_audit_insert(struct an_db *db, const struct an_audit_row *e);
/* PostgreSQL: the next event identity (taken from the sequence, never given twice). */
int an_store_audit_next_id(struct an_db *db, int64_t *id);
/* PostgreSQL: inserts one event not yet sealed (id and emac set; seq, prev_mac, mac NULL).
 * Returns 1 or an error. */
int an_store_audit_insert_unsealed(struct an_db *db, const struct an_audit_row *e);
/* PostgreSQL: calls cb for the committed unsealed events in id order, at most limit (0 = all).
 * Returns the count or an error; 0 on SQLite, where every event is sealed as it is written. */
int an_store_audit_unsealed(struct an_db *db, int64_t limit,
                            void (*cb)(void *cls, const struct an_audit_row *e), void *cls);
/* PostgreSQL: seals event id with its seq and chain MACs. Returns 1, 0 when it was already
 * sealed, or an error. */
int an_store_audit_seal(struct an_db *db, int64_t id, int64_t seq, const uint8_t prev_mac[32],
                        const uint8_t mac[32]);
/* How many events wait to be sealed and the oldest one's time (0 when none). */
int an_store_audit_unsealed_stats(struct an_db *db, int64_t *count, int64_t *oldest_at);
/* Calls cb for each event and tombstone with seq > after_seq in seq order, at most limit. The
 * row's strings are valid only during the call. Returns the number of rows or an error. */
int an_store_audit_scan(struct an_db *db, int64_t after_seq, int64_t limit,
                        void (*cb)(void *cls, const struct an_audit_row *e), void *cls);

struct an_audit_filter {
  const char *actor;  /* exact actor label (user ID), "" = any */
  const char *action; /* exact action, "" = any */
  int64_t from;       /* at >= from (microseconds) */
  int64_t to;         /* at < to */
  int64_t limit;
  /* The keyset cursor: only events strictly before (before_at, before_key) in the viewer's order
   * (at, then the row key: seq on SQLite, id on PostgreSQL). INT64_MAX, INT64_MAX = from the
   * newest. */
  int64_t before_at;
  int64_t before_key;
};

/* Calls cb for one tenant's events (tenant_id > 0) matching f, newest first (at, then key), at most
 * f->limit; each row's id holds its key for the next cursor. Every filter combination reads one
 * index range from the cursor (migration 022), so a page costs the same at any depth. Unsealed
 * events (PostgreSQL) are listed with seq 0 in their place by time: the key is the id, given at
 * insert, so an event never moves between pages when it is sealed. Returns the count or an
 * error. */
int an_store_audit_list_tenant(struct an_db *db, int64_t tenant_id, const struct an_audit_filter *f,
                               void (*cb)(void *cls, const struct an_audit_row *e), void *cls);
/* The same over every tenant and the operator's own events (operator auditors). tenant_id 0 = all,
 * otherwise only that tenant's events. */
int an_store_audit_list_all(struct an_db *db, int64_t tenant_id, const struct an_audit_filter *f,
                            void (*cb)(void *cls, const struct an_audit_row *e), void *cls);
/* Writes the query plan of the list query that f and tenant_id (0 = all tenants) select into out
 * (one line per plan step; EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL), for the test
 * that every list query reads an index in the viewer's order. Returns >= 0 or an error. */
int an_store_audit_list_plan(struct an_db *db, int64_t tenant_id, const struct an_audit_filter *f,
                             struct an_buf *out);

/* The JST day number of a time in microseconds (the counters' day). */
int64_t an_audit_day(int64_t at);
/* Events counted for the days [from_day, to_day) of one scope (tenant_id > 0: that tenant; 0: all
 * events), optionally of one action ("" = any), from the per-day counters: a short index range,
 * never a scan of events. On PostgreSQL an event counts once sealed. Returns 1 or an error. */
int an_store_audit_count(struct an_db *db, int64_t tenant_id, const char *action, int64_t from_day,
                         int64_t to_day, int64_t *n);
/* Adds the events with after_seq < seq <= upto_seq to the per-day counters (in the sealing
 * transaction). Returns >= 0 or an error. */
int an_store_audit_count_sealed(struct an_db *db, int64_t after_seq, int64_t upto_seq);
/* After a purge of the events before cutoff: drops the counters of the days before cutoff's day
 * and counts that day again from the events left. Returns >= 0 or an error. */
int an_store_audit_count_purged(struct an_db *db, int64_t cutoff);

struct an_audit_checkpoint {
  int64_t seq;     /* the last purged event */
  uint8_t mac[32]; /* its MAC: the next event's prev_mac */
  int64_t cutoff;  /* events before this time were purged */
  int64_t purged;
  int64_t at;
};

/* The newest checkpoint. Returns 1, 0 when nothing was ever purged, or an error. */
int an_store_audit_checkpoint_last(struct an_db *db, struct an_audit_checkpoint *out);
/* Records a checkpoint. Returns 1 or an error. */
int an_store_audit_checkpoint_add(struct an_db *db, const struct an_audit_checkpoint *c);
/* The newest event or tombstone older than cutoff and with seq < below_seq (INT64_MAX = any):
 * seq and MAC. Returns 1, 0 when none, or an error. */
int an_store_audit_last_before(struct an_db *db, int64_t cutoff, int64_t below_seq, int64_t *seq,
                               uint8_t mac[32]);
/* Deletes the events and tombstones with seq <= up_to (retention purge only). Returns the count of
 * events or an error. */
int an_store_audit_delete_upto(struct an_db *db, int64_t up_to);

#endif
