#include "store/audit.h"

#include <string.h>

static void blob32(const struct an_db_row *row, int col, uint8_t out[32])
{
  size_t len = 0;
  const void *p = an_db_row_blob(row, col, &len);
  memset(out, 0, 32);
  /* A MAC of the wrong length stays zero-padded and so fails verification. */
  if (p)
    memcpy(out, p, len < 32 ? len : 32);
}

struct head {
  int64_t *seq;
  uint8_t *mac;
};

static void head_cb(void *cls, const struct an_db_row *row)
{
  struct head *h = cls;
  *h->seq = an_db_row_int(row, 0);
  blob32(row, 1, h->mac);
}

static void full_head_cb(void *cls, const struct an_db_row *row)
{
  struct an_audit_head *h = cls;
  h->seq = an_db_row_int(row, 0);
  blob32(row, 1, h->mac);
  h->at = an_db_row_int(row, 2);
  h->sig_set = !an_db_row_is_null(row, 3);
  blob32(row, 3, h->sig);
}

#define HEAD_COLS "SELECT seq, mac, at, sig FROM audit_head WHERE id = 1"

int an_store_audit_head_lock(struct an_db *db, struct an_audit_head *h)
{
  static const char SQL_PG[] = HEAD_COLS " FOR UPDATE";
  static const char SQL[] = HEAD_COLS; /* SQLite: the write transaction holds the one lock */
  return an_db_query(db, an_db_is_postgres(db) ? SQL_PG : SQL, NULL, 0, full_head_cb, h);
}

int an_store_audit_head_read(struct an_db *db, struct an_audit_head *h)
{
  static const char SQL[] = HEAD_COLS;
  return an_db_query(db, SQL, NULL, 0, full_head_cb, h);
}

int an_store_audit_set_head(struct an_db *db, const struct an_audit_head *h)
{
  static const char SQL[] = "UPDATE audit_head SET seq = $1, mac = $2, at = $3, sig = $4 WHERE id = 1";
  struct an_db_param p[] = {AN_P_INT(h->seq), AN_P_BLOB(h->mac, 32), AN_P_INT(h->at),
                            AN_P_BLOB(h->sig, 32)};
  return an_db_query(db, SQL, p, 4, NULL, NULL);
}

int an_store_audit_insert(struct an_db *db, const struct an_audit_row *e)
{
  static const char SQL[] =
      "INSERT INTO audit_events (seq, at, actor_kind, actor_id, actor_label, tenant_id, action, "
      "target, outcome, client_ip, request_id, details, prev_mac, mac) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";
  struct an_db_param p[] = {AN_P_INT(e->seq),
                            AN_P_INT(e->at),
                            AN_P_TEXT(e->actor_kind),
                            e->actor_id ? AN_P_INT(e->actor_id) : AN_P_NULL,
                            AN_P_TEXT(e->actor_label),
                            e->tenant_id ? AN_P_INT(e->tenant_id) : AN_P_NULL,
                            AN_P_TEXT(e->action),
                            AN_P_TEXT(e->target),
                            AN_P_TEXT(e->outcome),
                            AN_P_TEXT(e->client_ip),
                            AN_P_TEXT(e->request_id),
                            AN_P_TEXT(e->details),
                            AN_P_BLOB(e->prev_mac, 32),
                            AN_P_BLOB(e->mac, 32)};
  return an_db_query(db, SQL, p, 14, NULL, NULL);
}

static void int_cb(void *cls, const struct an_db_row *row)
{
  *(int64_t *)cls = an_db_row_int(row, 0);
}

int an_store_audit_next_id(struct an_db *db, int64_t *id)
{
  static const char SQL[] = "SELECT nextval(pg_get_serial_sequence('audit_events', 'id'))";
  if (!an_db_is_postgres(db))
    return AN_DB_HARD;
  return an_db_query(db, SQL, NULL, 0, int_cb, id);
}

int an_store_audit_insert_unsealed(struct an_db *db, const struct an_audit_row *e)
{
  static const char SQL[] =
      "INSERT INTO audit_events (id, at, actor_kind, actor_id, actor_label, tenant_id, action, "
      "target, outcome, client_ip, request_id, details, emac) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
  if (!an_db_is_postgres(db))
    return AN_DB_HARD;
  struct an_db_param p[] = {AN_P_INT(e->id),
                            AN_P_INT(e->at),
                            AN_P_TEXT(e->actor_kind),
                            e->actor_id ? AN_P_INT(e->actor_id) : AN_P_NULL,
                            AN_P_TEXT(e->actor_label),
                            e->tenant_id ? AN_P_INT(e->tenant_id) : AN_P_NULL,
                            AN_P_TEXT(e->action),
                            AN_P_TEXT(e->target),
                            AN_P_TEXT(e->outcome),
                            AN_P_TEXT(e->client_ip),
                            AN_P_TEXT(e->request_id),
                            AN_P_TEXT(e->details),
                            AN_P_BLOB(e->emac, 32)};
  return an_db_query(db, SQL, p, 13, NULL, NULL);
}

int an_store_audit_seal(struct an_db *db, int64_t id, int64_t seq, const uint8_t prev_mac[32],
                        const uint8_t mac[32])
{
  static const char SQL[] = "UPDATE audit_events SET seq = $2, prev_mac = $3, mac = $4 "
                            "WHERE id = $1 AND seq IS NULL";
  struct an_db_param p[] = {AN_P_INT(id), AN_P_INT(seq), AN_P_BLOB(prev_mac, 32),
                            AN_P_BLOB(mac, 32)};
  return an_db_query(db, SQL, p, 4, NULL, NULL);
}

struct stats {
  int64_t *count, *oldest;
};

static void stats_cb(void *cls, const struct an_db_row *row)
{
  struct stats *s = cls;
  *s->count = an_db_row_int(row, 0);
  *s->oldest = an_db_row_int(row, 1);
}

int an_store_audit_unsealed_stats(struct an_db *db, int64_t *count, int64_t *oldest_at)
{
  static const char SQL[] =
      "SELECT COUNT(*), COALESCE(MIN(at), 0) FROM audit_events WHERE seq IS NULL";
  *count = *oldest_at = 0;
  if (!an_db_is_postgres(db))
    return 1;
  struct stats s = {count, oldest_at};
  return an_db_query(db, SQL, NULL, 0, stats_cb, &s);
}

struct scan {
  void (*cb)(void *, const struct an_audit_row *);
  void *cls;
};

static void scan_cb(void *cls, const struct an_db_row *row)
{
  struct scan *s = cls;
  struct an_audit_row e = {
      .seq = an_db_row_int(row, 0),
      .at = an_db_row_int(row, 1),
      .actor_kind = an_db_row_text(row, 2),
      .actor_id = an_db_row_int(row, 3),
      .actor_label = an_db_row_text(row, 4),
      .tenant_id = an_db_row_int(row, 5),
      .action = an_db_row_text(row, 6),
      .target = an_db_row_text(row, 7),
      .outcome = an_db_row_text(row, 8),
      .client_ip = an_db_row_text(row, 9),
      .request_id = an_db_row_text(row, 10),
      .details = an_db_row_text(row, 11),
  };
  blob32(row, 12, e.prev_mac);
  blob32(row, 13, e.mac);
  s->cb(s->cls, &e);
}

static void unsealed_cb(void *cls, const struct an_db_row *row)
{
  struct scan *s = cls;
  struct an_audit_row e = {
      .id = an_db_row_int(row, 0),
      .at = an_db_row_int(row, 1),
      .actor_kind = an_db_row_text(row, 2),
      .actor_id = an_db_row_int(row, 3),
      .actor_label = an_db_row_text(row, 4),
      .tenant_id = an_db_row_int(row, 5),
      .action = an_db_row_text(row, 6),
      .target = an_db_row_text(row, 7),
      .outcome = an_db_row_text(row, 8),
      .client_ip = an_db_row_text(row, 9),
      .request_id = an_db_row_text(row, 10),
      .details = an_db_row_text(row, 11),
  };
  blob32(row, 12, e.emac);
  s->cb(s->cls, &e);
}

int an_store_audit_unsealed(struct an_db *db, int64_t limit,
                            void (*cb)(void *cls, const struct an_audit_row *e), void *cls)
{
  static const char SQL[] =
      "SELECT id, at, actor_kind, actor_id, actor_label, tenant_id, action, target, outcome, "
      "client_ip, request_id, details, emac FROM audit_events "
      "WHERE seq IS NULL ORDER BY id LIMIT $1";
  if (!an_db_is_postgres(db))
    return 0;
  struct an_db_param p[] = {AN_P_INT(limit > 0 ? limit : INT64_MAX)};
  struct scan s = {cb, cls};
  return an_db_query(db, SQL, p, 1, unsealed_cb, &s);
}

int an_store_audit_scan(struct an_db *db, int64_t after_seq, int64_t limit,
                        void (*cb)(void *cls, const struct an_audit_row *e), void *cls)
{
  static const char SQL[] =
      "SELECT seq, at, actor_kind, actor_id, actor_label, tenant_id, action, target, outcome, "
      "client_ip, request_id, details, prev_mac, mac FROM audit_events "
      "WHERE seq > $1 ORDER BY seq LIMIT $2";
  struct an_db_param p[] = {AN_P_INT(after_seq), AN_P_INT(limit)};
  struct scan s = {cb, cls};
  return an_db_query(db, SQL, p, 2, scan_cb, &s);
}

#define LIST_COLS                                                                            \
  "SELECT seq, at, actor_kind, actor_id, actor_label, tenant_id, action, target, outcome, " \
  "client_ip, request_id, details, prev_mac, mac FROM audit_events "
#define LIST_FILTER                                                                     \
  "AND ($2 = '' OR actor_label = $2) AND ($3 = '' OR action = $3) AND at >= $4 AND at < $5 " \
  "ORDER BY seq DESC LIMIT $6 OFFSET $7"

int an_store_audit_list_tenant(struct an_db *db, int64_t tenant_id, const struct an_audit_filter *f,
                               void (*cb)(void *cls, const struct an_audit_row *e), void *cls)
{
  static const char SQL[] = LIST_COLS "WHERE tenant_id = $1 " LIST_FILTER;
  if (tenant_id <= 0)
    return AN_DB_HARD; /* never a tenant-less read of tenant data */
  struct an_db_param p[] = {AN_P_INT(tenant_id), AN_P_TEXT(f->actor), AN_P_TEXT(f->action),
                            AN_P_INT(f->from),   AN_P_INT(f->to),     AN_P_INT(f->limit),
                            AN_P_INT(f->offset)};
  struct scan s = {cb, cls};
  return an_db_query(db, SQL, p, 7, scan_cb, &s);
}

int an_store_audit_list_all(struct an_db *db, const struct an_audit_filter *f,
                            void (*cb)(void *cls, const struct an_audit_row *e), void *cls)
{
  /* LIST_FILTER numbers its parameters from $2; $1 is always true here. */
  static const char SQL[] = LIST_COLS "WHERE $1 = 1 " LIST_FILTER;
  struct an_db_param p[] = {AN_P_INT(1),       AN_P_TEXT(f->actor), AN_P_TEXT(f->action),
                            AN_P_INT(f->from), AN_P_INT(f->to),     AN_P_INT(f->limit),
                            AN_P_INT(f->offset)};
  struct scan s = {cb, cls};
  return an_db_query(db, SQL, p, 7, scan_cb, &s);
}

static void cp_cb(void *cls, const struct an_db_row *row)
{
  struct an_audit_checkpoint *c = cls;
  c->seq = an_db_row_int(row, 0);
  blob32(row, 1, c->mac);
  c->cutoff = an_db_row_int(row, 2);
  c->purged = an_db_row_int(row, 3);
  c->at = an_db_row_int(row, 4);
}

int an_store_audit_checkpoint_last(struct an_db *db, struct an_audit_checkpoint *out)
{
  static const char SQL[] =
      "SELECT seq, mac, cutoff, purged, at FROM audit_checkpoints ORDER BY seq DESC LIMIT 1";
  return an_db_query(db, SQL, NULL, 0, cp_cb, out);
}

int an_store_audit_checkpoint_add(struct an_db *db, const struct an_audit_checkpoint *c)
{
  static const char SQL[] = "INSERT INTO audit_checkpoints (seq, mac, cutoff, purged, at) "
                            "VALUES ($1, $2, $3, $4, $5)";
  struct an_db_param p[] = {AN_P_INT(c->seq), AN_P_BLOB(c->mac, 32), AN_P_INT(c->cutoff),
                            AN_P_INT(c->purged), AN_P_INT(c->at)};
  return an_db_query(db, SQL, p, 5, NULL, NULL);
}

int an_store_audit_last_before(struct an_db *db, int64_t cutoff, int64_t *seq, uint8_t mac[32])
{
  static const char SQL[] =
      "SELECT seq, mac FROM audit_events WHERE at < $1 AND seq IS NOT NULL "
      "ORDER BY seq DESC LIMIT 1";
  struct an_db_param p[] = {AN_P_INT(cutoff)};
  struct head h = {seq, mac};
  return an_db_query(db, SQL, p, 1, head_cb, &h);
}

int an_store_audit_delete_upto(struct an_db *db, int64_t up_to)
{
  static const char SQL[] = "DELETE FROM audit_events WHERE seq <= $1";
  struct an_db_param p[] = {AN_P_INT(up_to)};
  return an_db_query(db, SQL, p, 1, NULL, NULL);
}
