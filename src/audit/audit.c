#include "audit/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/dirty.h"
#include "core/log.h"
#include "crypto/keys.h"
#include "crypto/token.h"
#include "store/audit.h"
#include "store/audit_tombstones.h"
#include "store/seal.h"

/* The MAC input is every field, each as a 4-byte big-endian length and its bytes, so no two
 * different events can serialise alike. */
static void put(struct an_buf *b, const void *p, size_t n)
{
  unsigned char len[4] = {(unsigned char)(n >> 24), (unsigned char)(n >> 16),
                          (unsigned char)(n >> 8), (unsigned char)n};
  an_buf_append(b, len, 4);
  an_buf_append(b, p, n);
}

static void put_str(struct an_buf *b, const char *s)
{
  put(b, s ? s : "", s ? strlen(s) : 0);
}

static void put_int(struct an_buf *b, int64_t v)
{
  char s[24];
  int n = snprintf(s, sizeof s, "%lld", (long long)v);
  put(b, s, (size_t)n);
}

/* The event's own fields, as both MACs cover them. */
static void put_fields(struct an_buf *b, const struct an_audit_row *e)
{
  put_int(b, e->at);
  put_str(b, e->actor_kind);
  put_int(b, e->actor_id);
  put_str(b, e->actor_label);
  put_int(b, e->tenant_id);
  put_str(b, e->action);
  put_str(b, e->target);
  put_str(b, e->outcome);
  put_str(b, e->client_ip);
  put_str(b, e->request_id);
  put_str(b, e->details);
}

/* Every MAC's input starts with its kind's label (so one kind's bytes never pass for another's)
 * and the number that places it (seq or id). */
static void mac_begin(struct an_buf *b, const char *label, int64_t n)
{
  put_str(b, label);
  put_int(b, n);
}

/* MACs the input under the audit key into out and releases it. */
static void mac_end(const struct an_keys *keys, struct an_buf *b, uint8_t out[32])
{
  an_hmac_sha256(keys->audit_mac, b->data, b->len, out);
  an_buf_free(b);
}

void an_audit_mac(const struct an_keys *keys, const struct an_audit_row *e, uint8_t out[32])
{
  struct an_buf b = {0};
  mac_begin(&b, "anshin-audit-v1", e->seq);
  put_fields(&b, e);
  put(&b, e->prev_mac, 32);
  mac_end(keys, &b, out);
}

void an_audit_event_mac(const struct an_keys *keys, const struct an_audit_row *e, uint8_t out[32])
{
  struct an_buf b = {0};
  mac_begin(&b, "anshin-audit-event-v1", e->id);
  put_fields(&b, e);
  mac_end(keys, &b, out);
}

void an_audit_tombstone_mac(const struct an_keys *keys, const struct an_audit_row *e,
                            uint8_t out[32])
{
  struct an_buf b = {0};
  mac_begin(&b, "anshin-audit-tombstone-v1", e->seq);
  put_int(&b, e->at);
  put_int(&b, e->tenant_id);
  put(&b, e->prev_mac, 32);
  put(&b, e->mac, 32);
  put_int(&b, e->purged_at);
  mac_end(keys, &b, out);
}

void an_audit_head_sig(const struct an_keys *keys, const struct an_audit_head *h, uint8_t out[32])
{
  struct an_buf b = {0};
  mac_begin(&b, "anshin-audit-head-v1", h->seq);
  put(&b, h->mac, 32);
  put_int(&b, h->at);
  mac_end(keys, &b, out);
}

/* SQLite: the event is sealed in the writing transaction, which holds the one write lock. */
static int append_sealed(const struct an_ctx *ctx, struct an_db *db, struct an_audit_row *e)
{
  struct an_audit_head h;
  int rc = an_store_audit_head_lock(db, &h);
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_HARD;
  e->seq = h.seq + 1;
  memcpy(e->prev_mac, h.mac, 32);
  an_audit_mac(ctx->keys, e, e->mac);
  if ((rc = an_store_audit_insert(db, e)) <= 0)
    return rc < 0 ? rc : AN_DB_HARD;
  h.seq = e->seq;
  memcpy(h.mac, e->mac, 32);
  h.at = e->at;
  an_audit_head_sig(ctx->keys, &h, h.sig);
  if ((rc = an_store_audit_count_sealed(db, e->seq - 1, e->seq)) < 0)
    return rc;
  return an_store_audit_set_head(db, &h);
}

/* PostgreSQL: the event is inserted with its own MAC and sealed after commit by the sequencer,
 * so concurrent writers never meet on the head row. */
static int append_unsealed(const struct an_ctx *ctx, struct an_db *db, struct an_audit_row *e)
{
  int rc = an_store_audit_next_id(db, &e->id);
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_HARD;
  an_audit_event_mac(ctx->keys, e, e->emac);
  rc = an_store_audit_insert_unsealed(db, e);
  if (rc > 0)
    an_db_after_commit(db, an_audit_kick);
  return rc;
}

unsigned an_audit_class_of(const char *action)
{
  if (strcmp(action, "screen.open") == 0)
    return AN_AUDIT_CLASS_SCREEN;
  if (strcmp(action, "data.read") == 0)
    return AN_AUDIT_CLASS_READ;
  if (strcmp(action, "data.download") == 0)
    return AN_AUDIT_CLASS_DOWNLOAD;
  return 0;
}

unsigned an_audit_classes_off(const char *csv)
{
  unsigned off = AN_AUDIT_CLASS_SCREEN | AN_AUDIT_CLASS_READ | AN_AUDIT_CLASS_DOWNLOAD;
  static const struct {
    const char *name;
    unsigned bit;
  } names[] = {{"screen", AN_AUDIT_CLASS_SCREEN},
               {"read", AN_AUDIT_CLASS_READ},
               {"download", AN_AUDIT_CLASS_DOWNLOAD}};
  for (const char *p = csv; p && *p;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
      if (strlen(names[i].name) == len && strncmp(names[i].name, p, len) == 0)
        off &= ~names[i].bit;
    p = comma ? comma + 1 : NULL;
  }
  return off;
}

/* An optional event of a tenant user whose tenant does not collect its class (WP-18). */
static bool suppressed(const struct an_ctx *ctx, const struct an_audit_rec *rec)
{
  return ctx->audit_off && ctx->subject == AN_SUBJECT_USER &&
         (ctx->audit_off & an_audit_class_of(rec->action));
}

int an_audit_append(const struct an_ctx *ctx, struct an_db *db, const struct an_audit_rec *rec)
{
  if (suppressed(ctx, rec))
    return 1;
  if (!an_db_in_txn(db)) {
    an_log_bug("audit append outside a transaction", json_pack("{s:s}", "action", rec->action));
    return AN_DB_HARD;
  }
  /* A watched change (core/dirty.h: the self-assessment's evaluation on change) is published
   * when this transaction commits. */
  if (an_dirty_note(rec->action))
    an_db_after_commit(db, an_dirty_commit);
  struct an_audit_row e = {0};
  e.tenant_id = rec->tenant_id ? rec->tenant_id : ctx->tenant_id;
  /* A tenant's event names people only sealed under the tenant's key (issue 14 item 1): the
   * chain's MACs cover the sealed text and outlive the key. An event of no tenant (an
   * application, a public request, a staff member's address) is sealed under the operator key. */
  json_t *sealed = NULL;
  if (rec->details &&
      (e.tenant_id ? an_store_seal_need(db, e.tenant_id) == 1 : an_store_seal_ready())) {
    sealed = json_deep_copy(rec->details);
    if (sealed && !an_store_seal_details(e.tenant_id, sealed)) {
      json_decref(sealed);
      return AN_DB_HARD;
    }
  }
  const json_t *shown = sealed ? sealed : rec->details;
  char *details = shown ? json_dumps(shown, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
  json_decref(sealed);
  e.at = ctx->now;
  e.actor_kind = an_subject_name(ctx->subject);
  e.actor_id = ctx->subject_id;
  e.actor_label = rec->actor_label ? rec->actor_label : ctx->actor;
  e.action = rec->action;
  e.target = rec->target ? rec->target : "";
  e.outcome = rec->outcome ? rec->outcome : "success";
  e.client_ip = ctx->client_ip;
  e.request_id = ctx->request_id;
  e.details = details ? details : "{}";
  int rc = an_db_is_postgres(db) ? append_unsealed(ctx, db, &e) : append_sealed(ctx, db, &e);
  free(details);
  return rc < 0 ? rc : (rc == 0 ? AN_DB_HARD : 1);
}

struct record_ctx {
  const struct an_ctx *ctx;
  const struct an_audit_rec *rec;
};

static int record_txn(struct an_db *db, void *cls)
{
  struct record_ctx *r = cls;
  return an_audit_append(r->ctx, db, r->rec);
}

int an_audit_record(const struct an_ctx *ctx, struct an_db *db, const struct an_audit_rec *rec)
{
  if (suppressed(ctx, rec))
    return 1;
  struct record_ctx r = {ctx, rec};
  return an_db_txn(db, record_txn, &r);
}

char *an_audit_target(const char *kind, int64_t id)
{
  return an_asprintf("%s:%lld", kind, (long long)id);
}

int an_audit_outcome(const struct an_ctx *ctx, struct an_db *db, const char *action,
                     const char *kind, int64_t id, int64_t tenant_id, const char *outcome,
                     json_t *details)
{
  char *target = an_audit_target(kind, id);
  struct an_audit_rec rec = {.action = action,
                             .target = target,
                             .outcome = outcome,
                             .details = details,
                             .tenant_id = tenant_id};
  int rc = an_audit_append(ctx, db, &rec);
  json_decref(details);
  free(target);
  return rc;
}

int an_audit_changed(const struct an_ctx *ctx, struct an_db *db, const char *action,
                     const char *kind, int64_t id, int64_t tenant_id, json_t *details)
{
  return an_audit_outcome(ctx, db, action, kind, id, tenant_id, "success", details);
}

int an_audit_row_changed(struct an_ctx_row *r, struct an_db *db, int rc, const char *action,
                         const char *kind)
{
  r->found = rc == 1;
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  return an_audit_changed(r->ctx, db, action, kind, r->id, 0, NULL);
}

enum an_ec an_audit_change_ec(int rc, bool found)
{
  if (rc < 0 && rc != AN_DB_ROLLBACK)
    return AN_EC_GENERIC_INTERNAL;
  return found ? AN_EC_OK : AN_EC_GENERIC_NOT_FOUND;
}

enum an_ec an_audit_row_txn(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                            an_db_txn_fn body)
{
  struct an_ctx_row r = {ctx, id, false};
  int rc = an_db_txn(db, body, &r);
  return an_audit_change_ec(rc, r.found);
}

struct verify {
  const struct an_keys *keys;
  struct an_audit_report *rep;
  int64_t last_seq;
  uint8_t last_mac[32];
  bool broken;
  const struct an_audit_checkpoint *cp; /* the newest checkpoint, or NULL */
  bool cp_vouched;
};

/* True when e is the audit.purge event that vouches for checkpoint cp, and the purge respected
 * the minimum retention. */
static bool vouches(const struct an_audit_row *e, const struct an_audit_checkpoint *cp)
{
  if (!cp || strcmp(e->action, "audit.purge") != 0)
    return false;
  json_t *d = json_loads(e->details ? e->details : "{}", 0, NULL);
  char mac[65];
  an_hex_encode(cp->mac, 32, mac);
  bool ok = d && json_integer_value(json_object_get(d, "up_to_seq")) == cp->seq &&
            json_is_string(json_object_get(d, "mac")) &&
            strcmp(json_string_value(json_object_get(d, "mac")), mac) == 0 &&
            json_integer_value(json_object_get(d, "cutoff")) == cp->cutoff &&
            cp->cutoff <= e->at - AN_AUDIT_MIN_RETENTION_DAYS * 86400LL * 1000000LL;
  json_decref(d);
  return ok;
}

static void fail(struct verify *v, int64_t seq, const char *why)
{
  v->broken = true;
  v->rep->bad_seq = seq;
  snprintf(v->rep->reason, sizeof v->rep->reason, "%s", why);
}

/* A tombstone's own MAC, made when its tenant's retention purged the event: its place in the
 * chain (the next event's MAC covers its chain MAC), its tenant and time, and when it was purged
 * (at least AN_AUDIT_MIN_RETENTION_DAYS after the event). */
static bool tombstone_ok(const struct an_keys *keys, const struct an_audit_row *e)
{
  uint8_t mac[32];
  an_audit_tombstone_mac(keys, e, mac);
  return an_ct_equal(mac, e->tmac, 32) && e->tenant_id > 0 &&
         e->at <= e->purged_at - AN_AUDIT_MIN_RETENTION_DAYS * 86400LL * 1000000LL;
}

static void verify_cb(void *cls, const struct an_audit_row *e)
{
  struct verify *v = cls;
  if (v->broken)
    return;
  uint8_t mac[32];
  v->rep->events++;
  const char *why = NULL;
  if (e->seq != v->last_seq + 1)
    why = e->seq > v->last_seq + 1 ? "event missing before this one" : "sequence out of order";
  else if (!an_ct_equal(e->prev_mac, v->last_mac, 32))
    why = "does not link to the previous event";
  else if (e->purged_at) {
    if (!tombstone_ok(v->keys, e))
      why = "purged event's tombstone does not match its MAC (edited or forged)";
  } else {
    an_audit_mac(v->keys, e, mac);
    if (!an_ct_equal(mac, e->mac, 32))
      why = "content does not match its MAC (edited or forged)";
  }
  if (why) {
    fail(v, e->seq, why);
    return;
  }
  if (!v->cp_vouched && vouches(e, v->cp))
    v->cp_vouched = true;
  v->last_seq = e->seq;
  memcpy(v->last_mac, e->mac, 32);
}

/* An event not yet sealed (PostgreSQL) must carry its writer's MAC; a purge it records vouches
 * for the checkpoint just as a sealed one would. */
static void unsealed_cb(void *cls, const struct an_audit_row *e)
{
  struct verify *v = cls;
  if (v->broken)
    return;
  uint8_t mac[32];
  an_audit_event_mac(v->keys, e, mac);
  if (!an_ct_equal(mac, e->emac, 32)) {
    v->rep->bad_id = e->id;
    fail(v, 0, "an event not yet sealed does not match its MAC (edited or forged)");
    return;
  }
  v->rep->unsealed++;
  if (!v->rep->oldest_unsealed_at || e->at < v->rep->oldest_unsealed_at)
    v->rep->oldest_unsealed_at = e->at;
  if (!v->cp_vouched && vouches(e, v->cp))
    v->cp_vouched = true;
}

/* The whole check, inside one read-only snapshot. Returns 1, 0 or an error. */
static int verify_txn(struct an_db *db, void *cls)
{
  struct verify *v = cls;
  struct an_audit_report *rep = v->rep;
  const struct an_keys *keys = v->keys;
  static struct an_audit_checkpoint cp_none;
  struct an_audit_checkpoint cp = cp_none;
  struct an_audit_head head;
  memset(rep, 0, sizeof *rep);
  v->last_seq = 0;
  memset(v->last_mac, 0, 32);
  v->broken = v->cp_vouched = false;
  v->cp = NULL;
  int rc = an_store_audit_head_read(db, &head);
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_HARD;
  rep->head_seq = head.seq;
  /* After a retention purge the chain continues from the newest checkpoint. */
  rc = an_store_audit_checkpoint_last(db, &cp);
  if (rc < 0)
    return rc;
  if (rc == 1) {
    v->cp = &cp;
    v->last_seq = rep->checkpoint = cp.seq;
    memcpy(v->last_mac, cp.mac, 32);
  }
  for (;;) {
    rc = an_store_audit_scan(db, v->last_seq, 1000, verify_cb, v);
    if (rc < 0)
      return rc;
    if (v->broken)
      return 0;
    if (rc < 1000)
      break;
  }
  if ((rc = an_store_audit_unsealed(db, 0, unsealed_cb, v)) < 0)
    return rc;
  if (v->broken)
    return 0;
  if (v->cp && !v->cp_vouched) {
    fail(v, cp.seq, "purge checkpoint not vouched for by an audit.purge event in the chain");
    return 0;
  }
  if (v->last_seq != head.seq || !an_ct_equal(v->last_mac, head.mac, 32)) {
    fail(v, v->last_seq + 1,
         v->last_seq < head.seq ? "events missing at the end of the chain"
                                : "chain head does not match the newest event");
    return 0;
  }
  uint8_t sig[32];
  an_audit_head_sig(keys, &head, sig);
  if (head.seq > 0 && (!head.sig_set || !an_ct_equal(sig, head.sig, 32))) {
    fail(v, head.seq,
         head.sig_set ? "chain head's signature does not match (head moved)"
                      : "chain head is not signed");
    return 0;
  }
  return 1;
}

int an_audit_verify(struct an_db *db, const struct an_keys *keys, struct an_audit_report *rep)
{
  struct verify v = {.keys = keys, .rep = rep};
  return an_db_txn_mode(db, AN_DB_SNAPSHOT, verify_txn, &v);
}

struct purge {
  const struct an_ctx *ctx;
  int64_t cutoff;
  int64_t purged;
  int64_t days;
};

static int purge_txn(struct an_db *db, void *cls)
{
  struct purge *p = cls;
  struct an_audit_checkpoint cp = {.cutoff = p->cutoff, .at = p->ctx->now};
  p->purged = 0;
  /* Events of tenants that keep theirs longer (CHK-24) hold the checkpoint back: it stops just
   * before the oldest of them, and the other tenants' older events become tombstones. */
  int64_t hold = INT64_MAX;
  int rc = an_store_audit_retention_hold_all(db, p->days, &hold);
  if (rc < 0)
    return rc;
  rc = an_store_audit_last_before(db, p->cutoff, hold, &cp.seq, cp.mac);
  if (rc <= 0)
    return rc; /* nothing old enough */
  rc = an_store_audit_delete_upto(db, cp.seq);
  if (rc < 0)
    return rc;
  cp.purged = p->purged = rc;
  if ((rc = an_store_audit_count_purged(db, p->cutoff)) < 0)
    return rc;
  if ((rc = an_store_audit_checkpoint_add(db, &cp)) < 0)
    return rc;
  char mac[65];
  an_hex_encode(cp.mac, 32, mac);
  json_t *d = json_pack("{s:I, s:s, s:I, s:I}", "up_to_seq", (json_int_t)cp.seq, "mac", mac,
                        "cutoff", (json_int_t)cp.cutoff, "purged", (json_int_t)cp.purged);
  struct an_audit_rec rec = {
      .action = "audit.purge", .target = "audit_events", .outcome = "success", .details = d};
  rc = an_audit_append(p->ctx, db, &rec);
  json_decref(d);
  return rc;
}

int an_audit_purge(const struct an_ctx *ctx, struct an_db *db, int64_t retention_days,
                   int64_t *purged)
{
  *purged = 0;
  if (retention_days < AN_AUDIT_MIN_RETENTION_DAYS)
    return AN_DB_HARD;
  struct purge p = {ctx, ctx->now - retention_days * 86400LL * 1000000LL, 0, retention_days};
  int rc = an_db_txn(db, purge_txn, &p);
  *purged = p.purged;
  return rc < 0 ? rc : p.purged > 0;
}
