/* The audit event table and the chain head. Rows are only ever appended: there is no update or
 * delete of an event here (retention purging, when it comes, moves a checkpoint). */
#ifndef AN_STORE_AUDIT_H
#define AN_STORE_AUDIT_H
#include <stdint.h>

#include "store/db.h"

struct an_audit_row {
  int64_t seq;
  int64_t at;
  const char *actor_kind;
  int64_t actor_id;        /* 0 = none */
  const char *actor_label;
  int64_t tenant_id;       /* 0 = none */
  const char *action;
  const char *target;
  const char *outcome;
  const char *client_ip;
  const char *request_id;
  const char *details;     /* JSON text */
  uint8_t prev_mac[32];
  uint8_t mac[32];
};

/* Advances the head: seq + 1. Returns 1 with the new seq and the previous MAC, or an error.
 * Holds the head's lock until the transaction ends, which serialises appends. */
int an_store_audit_advance(struct an_db *db, int64_t *seq, uint8_t prev_mac[32]);
/* Inserts one event. Returns 1 or an error. */
int an_store_audit_insert(struct an_db *db, const struct an_audit_row *e);
/* Stores the MAC of the newest event in the head. Returns 1 or an error. */
int an_store_audit_set_head_mac(struct an_db *db, const uint8_t mac[32]);
/* Reads the head. Returns 1 or an error. */
int an_store_audit_head(struct an_db *db, int64_t *seq, uint8_t mac[32]);
/* Calls cb for each event with seq > after_seq in seq order, at most limit. The row's strings are
 * valid only during the call. Returns the number of rows or an error. */
int an_store_audit_scan(struct an_db *db, int64_t after_seq, int64_t limit,
                        void (*cb)(void *cls, const struct an_audit_row *e), void *cls);

struct an_audit_filter {
  const char *actor;  /* exact actor label (user ID), "" = any */
  const char *action; /* exact action, "" = any */
  int64_t from;       /* at >= from (microseconds) */
  int64_t to;         /* at < to */
  int64_t limit;
  int64_t offset;
};

/* Calls cb for one tenant's events (tenant_id > 0) matching f, newest first. Returns the count or
 * an error. */
int an_store_audit_list_tenant(struct an_db *db, int64_t tenant_id, const struct an_audit_filter *f,
                               void (*cb)(void *cls, const struct an_audit_row *e), void *cls);
/* The same over every tenant and the operator's own events (operator auditors). tenant_id 0 = all,
 * otherwise only that tenant's events. */
int an_store_audit_list_all(struct an_db *db, int64_t tenant_id, const struct an_audit_filter *f,
                            void (*cb)(void *cls, const struct an_audit_row *e), void *cls);

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
/* The newest event older than cutoff: seq and MAC. Returns 1, 0 when none, or an error. */
int an_store_audit_last_before(struct an_db *db, int64_t cutoff, int64_t *seq, uint8_t mac[32]);
/* Deletes the events with seq <= up_to (retention purge only). Returns the count or an error. */
int an_store_audit_delete_upto(struct an_db *db, int64_t up_to);

#endif
