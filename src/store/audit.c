#include "store/audit.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "store/db_backend.h"
#include "store/rows.h"
#include "store/seal.h"

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
  static const char SQL[] =
      "UPDATE audit_head SET seq = $1, mac = $2, at = $3, sig = $4 WHERE id = 1";
  return an_db_query(
      db, SQL,
      AN_ARGS(AN_P_INT(h->seq), AN_P_BLOB(h->mac, 32), AN_P_INT(h->at), AN_P_BLOB(h->sig, 32)),
      NULL, NULL);
}

/* Binds an event's columns at to details (11 parameters, in the table's order) into p; what comes
 * before (seq or id) and after (the MACs) differs by statement. */
static void event_params(const struct an_audit_row *e, struct an_db_param *p)
{
  const struct an_db_param v[] = {AN_P_INT(e->at),
                                  AN_P_TEXT(e->actor_kind),
                                  e->actor_id ? AN_P_INT(e->actor_id) : AN_P_NULL,
                                  AN_P_TEXT(e->actor_label),
                                  e->tenant_id ? AN_P_INT(e->tenant_id) : AN_P_NULL,
                                  AN_P_TEXT(e->action),
                                  AN_P_TEXT(e->target),
                                  AN_P_TEXT(e->outcome),
                                  AN_P_TEXT(e->client_ip),
                                  AN_P_TEXT(e->request_id),
                                  AN_P_TEXT(e->details)};
  memcpy(p, v, sizeof v);
}

int an_store_audit_insert(struct an_db *db, const struct an_audit_row *e)
{
  static const char SQL[] =
      "INSERT INTO audit_events (seq, at, actor_kind, actor_id, actor_label, tenant_id, action, "
      "target, outcome, client_ip, request_id, details, prev_mac, mac) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";
  struct an_db_param p[14];
  p[0] = AN_P_INT(e->seq);
  event_params(e, p + 1);
  p[12] = AN_P_BLOB(e->prev_mac, 32);
  p[13] = AN_P_BLOB(e->mac, 32);
  return an_db_query(db, SQL, p, 14, NULL, NULL);
}

int an_store_audit_next_id(struct an_db *db, int64_t *id)
{
  static const char SQL[] = "SELECT nextval(pg_get_serial_sequence('audit_events', 'id'))";
  if (!an_db_is_postgres(db))
    return AN_DB_HARD;
  return an_db_query(db, SQL, NULL, 0, an_store_int_cb, id);
}

int an_store_audit_insert_unsealed(struct an_db *db, const struct an_audit_row *e)
{
  static const char SQL[] =
      "INSERT INTO audit_events (id, at, actor_kind, actor_id, actor_label, tenant_id, action, "
      "target, outcome, client_ip, request_id, details, emac) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
  if (!an_db_is_postgres(db))
    return AN_DB_HARD;
  struct an_db_param p[13];
  p[0] = AN_P_INT(e->id);
  event_params(e, p + 1);
  p[12] = AN_P_BLOB(e->emac, 32);
  int rc = an_db_query(db, SQL, p, 13, NULL, NULL);
  if (rc >= 0)
    an_db_note_event(db, e->id); /* for a joined tenant database's outbox */
  return rc;
}

int an_store_audit_seal(struct an_db *db, int64_t id, int64_t seq, const uint8_t prev_mac[32],
                        const uint8_t mac[32])
{
  static const char SQL[] = "UPDATE audit_events SET seq = $2, prev_mac = $3, mac = $4 "
                            "WHERE id = $1 AND seq IS NULL";
  return an_db_query(
      db, SQL, AN_ARGS(AN_P_INT(id), AN_P_INT(seq), AN_P_BLOB(prev_mac, 32), AN_P_BLOB(mac, 32)),
      NULL, NULL);
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

/* Columns 1 to 11 of an event row (at to details), in that place in every query of the table;
 * column 0 (seq or id) and the MACs after them differ by query. */
static struct an_audit_row event_body(const struct an_db_row *row)
{
  return (struct an_audit_row){
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
}

void an_store_audit_row_read(const struct an_db_row *row, struct an_audit_row *e)
{
  *e = event_body(row);
  e->seq = an_db_row_int(row, 0);
  blob32(row, 12, e->prev_mac);
  blob32(row, 13, e->mac);
}

static void scan_cb(void *cls, const struct an_db_row *row)
{
  struct scan *s = cls;
  struct an_audit_row e;
  an_store_audit_row_read(row, &e);
  e.purged_at = an_db_row_int(row, 14);
  blob32(row, 15, e.tmac);
  s->cb(s->cls, &e);
}

static void unsealed_cb(void *cls, const struct an_db_row *row)
{
  struct scan *s = cls;
  struct an_audit_row e = event_body(row);
  e.id = an_db_row_int(row, 0);
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
  struct scan s = {cb, cls};
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(limit > 0 ? limit : INT64_MAX)), unsealed_cb, &s);
}

int an_store_audit_scan(struct an_db *db, int64_t after_seq, int64_t limit,
                        void (*cb)(void *cls, const struct an_audit_row *e), void *cls)
{
  static const char SQL[] =
      "SELECT seq, at, actor_kind, actor_id, actor_label, tenant_id, action, target, outcome, "
      "client_ip, request_id, details, prev_mac, mac, 0 AS purged_at, mac AS tmac "
      "FROM audit_events WHERE seq > $1 "
      "UNION ALL SELECT seq, at, '', 0, '', tenant_id, '', '', '', '', '', '{}', prev_mac, mac, "
      "purged_at, tmac FROM audit_tombstones WHERE seq > $1 ORDER BY 1 LIMIT $2";
  struct scan s = {cb, cls};
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(after_seq), AN_P_INT(limit)), scan_cb, &s);
}

/* The list queries. Sort key: (at, key), key = seq on SQLite (the rowid, which every index ends
 * in) and id on PostgreSQL (022 ends each index in it). Each filter combination has its own
 * statement, so the planner sees plain equalities and picks the index made for it; the cursor is a
 * range on the index's tail: from <= at <= the lower of the cursor's time and the period's end (one
 * upper bound, so the planner starts the range there and not at the newest event), the ties at the
 * cursor's time cut by the key. Parameters: $1 from, $2 that upper bound, $3 cursor at, $4 cursor
 * key, $5 limit, then tenant, action, actor as used. */
#define LIST_SEL(K)                                                                                \
  "SELECT seq, at, actor_kind, actor_id, actor_label, tenant_id, action, target, outcome, "        \
  "client_ip, request_id, details, prev_mac, mac, " K " FROM audit_events WHERE "
#define LIST_TAIL(K)                                                                               \
  "at >= $1 AND at <= $2 AND (at < $3 OR " K " < $4) ORDER BY at DESC, " K " DESC LIMIT $5"
#define LIST_VARIANTS(K)                                                                           \
  {                                                                                                \
    LIST_SEL(K)                                                                                    \
    LIST_TAIL(K), LIST_SEL(K) "tenant_id = $6 AND " LIST_TAIL(K),                                  \
        LIST_SEL(K) "action = $6 AND " LIST_TAIL(K),                                               \
        LIST_SEL(K) "tenant_id = $6 AND action = $7 AND " LIST_TAIL(K),                            \
        LIST_SEL(K) "actor_label = $6 AND " LIST_TAIL(K),                                          \
        LIST_SEL(K) "tenant_id = $6 AND actor_label = $7 AND " LIST_TAIL(K),                       \
        LIST_SEL(K) "action = $6 AND actor_label = $7 AND " LIST_TAIL(K),                          \
        LIST_SEL(K) "tenant_id = $6 AND action = $7 AND actor_label = $8 AND " LIST_TAIL(K)        \
  }

static const char *const LIST_SQLITE[8] = LIST_VARIANTS("seq");
static const char *const LIST_PG[8] = LIST_VARIANTS("id");

/* The same statements behind EXPLAIN, for the plan test. */
#define PLAN_VARIANTS(E, K)                                                                        \
  {                                                                                                \
    E LIST_SEL(K) LIST_TAIL(K), E LIST_SEL(K) "tenant_id = $6 AND " LIST_TAIL(K),                  \
        E LIST_SEL(K) "action = $6 AND " LIST_TAIL(K),                                             \
        E LIST_SEL(K) "tenant_id = $6 AND action = $7 AND " LIST_TAIL(K),                          \
        E LIST_SEL(K) "actor_label = $6 AND " LIST_TAIL(K),                                        \
        E LIST_SEL(K) "tenant_id = $6 AND actor_label = $7 AND " LIST_TAIL(K),                     \
        E LIST_SEL(K) "action = $6 AND actor_label = $7 AND " LIST_TAIL(K),                        \
        E LIST_SEL(K) "tenant_id = $6 AND action = $7 AND actor_label = $8 AND " LIST_TAIL(K)      \
  }

static const char *const PLAN_SQLITE[8] = PLAN_VARIANTS("EXPLAIN QUERY PLAN ", "seq");
static const char *const PLAN_PG[8] = PLAN_VARIANTS("EXPLAIN ", "id");

struct listing {
  struct an_db_param p[8];
  size_t n;
  int variant;
};

static void listing_init(struct listing *l, int64_t tenant_id, const struct an_audit_filter *f)
{
  const bool by_action = f->action && f->action[0], by_actor = f->actor && f->actor[0];
  l->n = 0;
  int64_t last = f->to == INT64_MIN ? INT64_MIN : f->to - 1; /* at < to, as at <= to - 1 */
  l->p[l->n++] = AN_P_INT(f->from);
  l->p[l->n++] = AN_P_INT(last < f->before_at ? last : f->before_at);
  l->p[l->n++] = AN_P_INT(f->before_at);
  l->p[l->n++] = AN_P_INT(f->before_key);
  l->p[l->n++] = AN_P_INT(f->limit);
  if (tenant_id > 0)
    l->p[l->n++] = AN_P_INT(tenant_id);
  if (by_action)
    l->p[l->n++] = AN_P_TEXT(f->action);
  if (by_actor)
    l->p[l->n++] = AN_P_TEXT(f->actor);
  l->variant = (tenant_id > 0 ? 1 : 0) | (by_action ? 2 : 0) | (by_actor ? 4 : 0);
}

static void list_cb(void *cls, const struct an_db_row *row)
{
  struct scan *s = cls;
  struct an_audit_row e;
  an_store_audit_row_read(row, &e);
  e.id = an_db_row_int(row, 14);
  /* A reader sees the details opened (store/seal.h); the chain's checks read them as stored. */
  char *details = an_store_open_details_text(e.tenant_id, e.details);
  e.details = details;
  s->cb(s->cls, &e);
  free(details);
}

static int list(struct an_db *db, int64_t tenant_id, const struct an_audit_filter *f,
                void (*cb)(void *cls, const struct an_audit_row *e), void *cls)
{
  struct listing l;
  listing_init(&l, tenant_id, f);
  const char *sql = (an_db_is_postgres(db) ? LIST_PG : LIST_SQLITE)[l.variant];
  struct scan s = {cb, cls};
  int rc = an_store_seal_sync(db);
  return rc < 0 ? rc : an_db_query(db, sql, l.p, l.n, list_cb, &s);
}

int an_store_audit_list_tenant(struct an_db *db, int64_t tenant_id, const struct an_audit_filter *f,
                               void (*cb)(void *cls, const struct an_audit_row *e), void *cls)
{
  if (tenant_id <= 0)
    return AN_DB_HARD; /* never a tenant-less read of tenant data */
  return list(db, tenant_id, f, cb, cls);
}

int an_store_audit_list_all(struct an_db *db, int64_t tenant_id, const struct an_audit_filter *f,
                            void (*cb)(void *cls, const struct an_audit_row *e), void *cls)
{
  return list(db, tenant_id > 0 ? tenant_id : 0, f, cb, cls);
}

static void plan_cb(void *cls, const struct an_db_row *row)
{
  /* SQLite: id, parent, notused, detail; PostgreSQL: one column of text. */
  int cols = an_db_row_columns(row);
  const char *line = an_db_row_text(row, cols - 1);
  an_buf_puts(cls, line ? line : "");
  an_buf_puts(cls, "\n");
}

int an_store_audit_list_plan(struct an_db *db, int64_t tenant_id, const struct an_audit_filter *f,
                             struct an_buf *out)
{
  struct listing l;
  listing_init(&l, tenant_id > 0 ? tenant_id : 0, f);
  const char *sql = (an_db_is_postgres(db) ? PLAN_PG : PLAN_SQLITE)[l.variant];
  return an_db_query(db, sql, l.p, l.n, plan_cb, out);
}

int64_t an_audit_day(int64_t at)
{
  int64_t s = at / 1000000 + 9 * 3600;
  return s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
}

int an_store_audit_count(struct an_db *db, int64_t tenant_id, const char *action, int64_t from_day,
                         int64_t to_day, int64_t *n)
{
  static const char SQL[] = "SELECT COALESCE(SUM(n), 0) FROM audit_day_counts "
                            "WHERE tenant_id = $1 AND action = $2 AND day >= $3 AND day < $4";
  *n = 0;
  int rc =
      an_db_query(db, SQL,
                  AN_ARGS(AN_P_INT(tenant_id > 0 ? tenant_id : -1), AN_P_TEXT(action ? action : ""),
                          AN_P_INT(from_day), AN_P_INT(to_day)),
                  an_store_int_cb, n);
  return rc < 0 ? rc : 1;
}

/* The counters' four groupings: by tenant or all (-1), by action or all (''). */
#define DAY_OF_AT "(at / 1000000 + 32400) / 86400"
#define COUNT_INTO "INSERT INTO audit_day_counts (tenant_id, day, action, n) "
#define COUNT_BY_TENANT_ACTION                                                                     \
  "SELECT COALESCE(tenant_id, 0), " DAY_OF_AT ", action, COUNT(*) FROM audit_events "
#define COUNT_BY_TENANT                                                                            \
  "SELECT COALESCE(tenant_id, 0), " DAY_OF_AT ", '', COUNT(*) FROM audit_events "
#define COUNT_BY_ACTION "SELECT -1, " DAY_OF_AT ", action, COUNT(*) FROM audit_events "
#define COUNT_ALL "SELECT -1, " DAY_OF_AT ", '', COUNT(*) FROM audit_events "
#define COUNT_UPSERT                                                                               \
  " ON CONFLICT (tenant_id, action, day) DO UPDATE SET n = audit_day_counts.n + excluded.n"
#define SEALED "WHERE seq > $1 AND seq <= $2 "
#define IN_DAY "WHERE at >= $1 AND at < $2 AND seq IS NOT NULL "

static int count_each(struct an_db *db, const char *const sql[4], const struct an_db_param *p)
{
  int rc = 0;
  for (int i = 0; i < 4 && rc >= 0; i++)
    rc = an_db_query(db, sql[i], p, 2, NULL, NULL);
  return rc;
}

int an_store_audit_count_sealed(struct an_db *db, int64_t after_seq, int64_t upto_seq)
{
  static const char *const SQL[4] = {
      COUNT_INTO COUNT_BY_TENANT_ACTION SEALED "GROUP BY 1, 2, 3" COUNT_UPSERT,
      COUNT_INTO COUNT_BY_TENANT SEALED "GROUP BY 1, 2" COUNT_UPSERT,
      COUNT_INTO COUNT_BY_ACTION SEALED "GROUP BY 2, 3" COUNT_UPSERT,
      COUNT_INTO COUNT_ALL SEALED "GROUP BY 2" COUNT_UPSERT,
  };
  struct an_db_param p[] = {AN_P_INT(after_seq), AN_P_INT(upto_seq)};
  return count_each(db, SQL, p);
}

int an_store_audit_count_purged(struct an_db *db, int64_t cutoff)
{
  static const char SQL_DROP[] = "DELETE FROM audit_day_counts WHERE day <= $1";
  static const char *const SQL[4] = {
      COUNT_INTO COUNT_BY_TENANT_ACTION IN_DAY "GROUP BY 1, 2, 3",
      COUNT_INTO COUNT_BY_TENANT IN_DAY "GROUP BY 1, 2",
      COUNT_INTO COUNT_BY_ACTION IN_DAY "GROUP BY 2, 3",
      COUNT_INTO COUNT_ALL IN_DAY "GROUP BY 2",
  };
  int64_t day = an_audit_day(cutoff);
  int64_t start = (day * 86400 - 9 * 3600) * 1000000, end = start + 86400LL * 1000000;
  struct an_db_param d[] = {AN_P_INT(day)}, p[] = {AN_P_INT(start), AN_P_INT(end)};
  int rc = an_db_query(db, SQL_DROP, d, 1, NULL, NULL);
  return rc < 0 ? rc : count_each(db, SQL, p);
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
  return an_db_query(db, SQL,
                     AN_ARGS(AN_P_INT(c->seq), AN_P_BLOB(c->mac, 32), AN_P_INT(c->cutoff),
                             AN_P_INT(c->purged), AN_P_INT(c->at)),
                     NULL, NULL);
}

int an_store_audit_last_before(struct an_db *db, int64_t cutoff, int64_t below_seq, int64_t *seq,
                               uint8_t mac[32])
{
  static const char SQL[] =
      "SELECT seq, mac FROM audit_events WHERE at < $1 AND seq IS NOT NULL AND seq < $2 "
      "UNION ALL SELECT seq, mac FROM audit_tombstones WHERE at < $1 AND seq < $2 "
      "ORDER BY 1 DESC LIMIT 1";
  struct head h = {seq, mac};
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(cutoff), AN_P_INT(below_seq)), head_cb, &h);
}

int an_store_audit_delete_upto(struct an_db *db, int64_t up_to)
{
  static const char SQL[] = "DELETE FROM audit_events WHERE seq <= $1";
  static const char SQL_TOMBS[] = "DELETE FROM audit_tombstones WHERE seq <= $1";
  struct an_db_param p[] = {AN_P_INT(up_to)};
  int rc = an_db_query(db, SQL, p, 1, NULL, NULL);
  /* Tombstones before the checkpoint go with it; they are not counted as purged events. */
  int rt = rc < 0 ? rc : an_db_query(db, SQL_TOMBS, p, 1, NULL, NULL);
  return rt < 0 ? rt : rc;
}
