/* Placements of tenants (shared or dedicated database) and the routing of the moved tables.
 * The process keeps the few placement rows in memory and reads them again when they are older
 * than [tenancy] placement_check_ms: the move waits that long (twice) at each state change, so
 * a stale copy here never routes a write to the wrong database. */
#include "store/placement.h"

#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/log.h"
#include "core/time.h"
#include "crypto/envelope.h"
#include "store/db_backend.h"
#include "store/pool.h"
#include "store/rows.h"

struct entry {
  int64_t tenant_id;
  bool dedicated_now; /* the rows are read from the tenant's database */
  bool moving;        /* to_dedicated or to_shared: writes refused */
  int64_t writable_from;
  char *url; /* opened conninfo; NULL when read from the shared database */
};

static struct {
  pthread_mutex_t mu;
  const struct an_config *cfg;
  uint8_t key[AN_KEY_LEN];
  bool have_key;
  struct entry *ents;
  size_t n;
  int64_t loaded_at; /* monotonic microseconds; 0 = never */
  bool loading;
} P = {.mu = PTHREAD_MUTEX_INITIALIZER};

void an_store_placement_use(const struct an_config *cfg, const struct an_keys *keys)
{
  pthread_mutex_lock(&P.mu);
  P.cfg = cfg;
  memcpy(P.key, keys->placement_seal, AN_KEY_LEN);
  P.have_key = true;
  pthread_mutex_unlock(&P.mu);
}

static int64_t check_us(void)
{
  long ms =
      P.cfg && P.cfg->tenancy_placement_check_ms > 0 ? P.cfg->tenancy_placement_check_ms : 1000;
  return ms * 1000LL;
}

/* Associated data of a tenant's sealed conninfo: it opens for that tenant's row only. */
static void conninfo_ad(int64_t tenant_id, char *ad, size_t n)
{
  snprintf(ad, n, "tenant:%lld:placement", (long long)tenant_id);
}

/* The sealed conninfo opened (heap), or NULL when it does not open under this key. */
static char *open_conninfo(int64_t tenant_id, const void *sealed, size_t len)
{
  if (!sealed || !len)
    return NULL;
  pthread_mutex_lock(&P.mu);
  uint8_t key[AN_KEY_LEN];
  memcpy(key, P.key, sizeof key);
  bool have = P.have_key;
  pthread_mutex_unlock(&P.mu);
  if (!have)
    return NULL;
  char ad[64];
  conninfo_ad(tenant_id, ad, sizeof ad);
  uint8_t *plain = an_calloc(len + 1);
  size_t plen = 0;
  if (!an_open(key, sealed, len, ad, plain, &plen)) {
    free(plain);
    return NULL;
  }
  plain[plen] = 0;
  return (char *)plain;
}

struct load {
  struct entry *ents;
  size_t n, cap;
  bool bad;
};

static void load_cb(void *cls, const struct an_db_row *row)
{
  struct load *l = cls;
  const char *state = an_db_row_text(row, 1);
  state = state ? state : "shared";
  struct entry e = {.tenant_id = an_db_row_int(row, 0), .writable_from = an_db_row_int(row, 3)};
  e.dedicated_now = !strcmp(state, "dedicated") || !strcmp(state, "to_shared");
  e.moving = !strcmp(state, "to_dedicated") || !strcmp(state, "to_shared");
  if (e.dedicated_now) {
    size_t len = 0;
    const void *sealed = an_db_row_blob(row, 2, &len);
    if (!(e.url = open_conninfo(e.tenant_id, sealed, len))) {
      l->bad = true;
      an_log_bug("a dedicated tenant's conninfo does not open under this master key",
                 json_pack("{s:I}", "tenant_id", (json_int_t)e.tenant_id));
      e.moving = true; /* neither read nor write where it cannot be found */
    }
  }
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 8;
    l->ents = an_realloc(l->ents, l->cap * sizeof *l->ents);
  }
  l->ents[l->n++] = e;
}

static void free_entries(struct entry *ents, size_t n)
{
  for (size_t i = 0; i < n; i++)
    free(ents[i].url);
  free(ents);
}

/* Reads the placements again when the copy in memory is older than the check interval. One
 * thread reads; the others go on with the copy they have (at most one interval old). */
static int refresh(struct an_db *db)
{
  static const char SQL[] =
      "SELECT tenant_id, state, conninfo, writable_from FROM tenant_placements ORDER BY tenant_id";
  int64_t now = an_time_mono_us();
  pthread_mutex_lock(&P.mu);
  bool due = !P.loading && (!P.loaded_at || now - P.loaded_at >= check_us());
  bool never = !P.loaded_at;
  if (due)
    P.loading = true;
  pthread_mutex_unlock(&P.mu);
  if (!due)
    return 0;
  struct load l = {0};
  int rc = an_db_query(db, SQL, NULL, 0, load_cb, &l);
  pthread_mutex_lock(&P.mu);
  P.loading = false;
  if (rc >= 0) {
    free_entries(P.ents, P.n);
    P.ents = l.ents;
    P.n = l.n;
    P.loaded_at = now;
    l.ents = NULL;
    l.n = 0;
  }
  pthread_mutex_unlock(&P.mu);
  free_entries(l.ents, l.n);
  /* A failed reload keeps the previous copy; only a process that never read them must fail. */
  return rc < 0 && never ? rc : 0;
}

void an_store_placement_forget(void)
{
  pthread_mutex_lock(&P.mu);
  P.loaded_at = 0;
  pthread_mutex_unlock(&P.mu);
}

/* Copies tenant's entry (url on the heap); false when the tenant has none. */
static bool lookup(int64_t tenant_id, struct entry *out)
{
  bool found = false;
  pthread_mutex_lock(&P.mu);
  for (size_t i = 0; i < P.n; i++)
    if (P.ents[i].tenant_id == tenant_id) {
      *out = P.ents[i];
      out->url = out->url ? an_strdup(out->url) : NULL;
      found = true;
      break;
    }
  pthread_mutex_unlock(&P.mu);
  return found;
}

/* Refuses the call for now: 503 with Retry-After, the client comes back. */
static int refuse(struct an_db *db)
{
  if (!db->in_txn)
    db->unavailable = true;
  return AN_DB_SOFT;
}

/* Joins t to db's open transaction (begun in the same mode), once per transaction. */
static int join(struct an_db *db, struct an_db *t)
{
  if (!db->in_txn || t == db || db->joined == t)
    return 0;
  if (db->joined) {
    an_log_bug("one transaction reached two tenant databases", NULL);
    return AN_DB_HARD;
  }
  int rc = t->ops->begin(t, db->txn_mode);
  if (rc < 0)
    return rc;
  t->in_txn = true;
  db->joined = t;
  return 0;
}

/* The placement entry of tenant_id into *e (its url the caller's to free): 1, or 0 where the
 * tenant has no entry or is not routed at all (no database, no tenant, SQLite), or an error of the
 * refresh. */
static int entry_of(struct an_db *db, int64_t tenant_id, struct entry *e)
{
  if (!db || tenant_id <= 0 || !an_db_is_postgres(db))
    return 0;
  int rc = refresh(db);
  if (rc < 0)
    return rc;
  return lookup(tenant_id, e) ? 1 : 0;
}

int an_store_route(struct an_db *db, int64_t tenant_id, enum an_route how, struct an_db **out)
{
  *out = db;
  struct entry e;
  int rc = entry_of(db, tenant_id, &e);
  if (rc <= 0)
    return rc;
  if (how == AN_ROUTE_WRITE && (e.moving || e.writable_from > an_time_now_us())) {
    free(e.url);
    return refuse(db);
  }
  if (!e.dedicated_now) {
    free(e.url);
    return 0;
  }
  struct an_db *t = e.url && P.cfg ? an_pool_for_url(P.cfg, e.url) : NULL;
  free(e.url);
  if (!t)
    return refuse(db);
  if ((rc = join(db, t)) < 0)
    return rc;
  *out = t;
  return 0;
}

int an_store_route_peek(struct an_db *db, int64_t tenant_id, struct an_db **out)
{
  *out = db;
  struct entry e;
  int rc = entry_of(db, tenant_id, &e);
  if (rc <= 0)
    return rc;
  bool dedicated = e.dedicated_now;
  struct an_db *t = dedicated && e.url && P.cfg ? an_pool_for_url(P.cfg, e.url) : NULL;
  free(e.url);
  if (!dedicated)
    return 0;
  if (!t)
    return AN_DB_SOFT; /* the tenant's database cannot be reached now */
  *out = t;
  return 0;
}

size_t an_store_placement_dedicated(struct an_db *db, int64_t **ids)
{
  *ids = NULL;
  if (!db || !an_db_is_postgres(db) || refresh(db) < 0)
    return 0;
  size_t n = 0;
  pthread_mutex_lock(&P.mu);
  for (size_t i = 0; i < P.n; i++)
    if (P.ents[i].dedicated_now) {
      *ids = an_realloc(*ids, (n + 1) * sizeof **ids);
      (*ids)[n++] = P.ents[i].tenant_id;
    }
  pthread_mutex_unlock(&P.mu);
  return n;
}

static void id_cb(void *cls, const struct an_db_row *row)
{
  *(int64_t *)cls = an_db_row_int(row, 0);
}

int an_store_placement_next_id(struct an_db *shared, const char *table, int64_t *id)
{
  static const char USERS[] = "SELECT nextval(pg_get_serial_sequence('users', 'id'))";
  static const char ROLES[] = "SELECT nextval(pg_get_serial_sequence('tenant_roles', 'id'))";
  const char *sql = !strcmp(table, "users") ? USERS : !strcmp(table, "tenant_roles") ? ROLES : NULL;
  if (!sql) {
    an_log_bug("no shared sequence for this table", json_pack("{s:s}", "table", table));
    return AN_DB_HARD;
  }
  *id = 0;
  int rc = an_db_query(shared, sql, NULL, 0, id_cb, id);
  return rc < 0 ? rc : *id > 0 ? 1 : AN_DB_HARD;
}

void an_store_placement_clear(struct an_placement *p)
{
  free(p->conninfo);
  p->conninfo = NULL;
}

/* host[:port]/dbname of a conninfo, never its password or other options. */
static void label_of(const char *conninfo, char *out, size_t n)
{
  snprintf(out, n, "?");
  PQconninfoOption *opts = PQconninfoParse(conninfo, NULL);
  if (!opts)
    return;
  const char *host = "", *port = "", *dbname = "";
  for (PQconninfoOption *o = opts; o->keyword; o++) {
    if (!o->val)
      continue;
    if (!strcmp(o->keyword, "host"))
      host = o->val;
    else if (!strcmp(o->keyword, "port"))
      port = o->val;
    else if (!strcmp(o->keyword, "dbname"))
      dbname = o->val;
  }
  snprintf(out, n, "%s%s%s/%s", host, port[0] ? ":" : "", port, dbname);
  PQconninfoFree(opts);
}

void an_store_placement_label(const char *conninfo, char *out, size_t n)
{
  label_of(conninfo, out, n);
}

struct get_ctx {
  struct an_placement *p;
  bool bad;
};

static void get_cb(void *cls, const struct an_db_row *row)
{
  struct get_ctx *g = cls;
  const char *s = an_db_row_text(row, 0), *label = an_db_row_text(row, 1);
  snprintf(g->p->state, sizeof g->p->state, "%s", s ? s : "shared");
  snprintf(g->p->label, sizeof g->p->label, "%s", label ? label : "");
  size_t len = 0;
  const void *sealed = an_db_row_blob(row, 2, &len);
  if (len && !(g->p->conninfo = open_conninfo(g->p->tenant_id, sealed, len)))
    g->bad = true;
  g->p->writable_from = an_db_row_int(row, 3);
  g->p->version = an_db_row_int(row, 4);
}

int an_store_placement_get(struct an_db *db, int64_t tenant_id, struct an_placement *out)
{
  static const char SQL[] = "SELECT state, label, conninfo, writable_from, version "
                            "FROM tenant_placements WHERE tenant_id = $1";
  memset(out, 0, sizeof *out);
  out->tenant_id = tenant_id;
  snprintf(out->state, sizeof out->state, "shared");
  struct an_db_param p[] = {AN_P_INT(tenant_id)};
  struct get_ctx g = {out, false};
  int rc = an_db_query(db, SQL, p, 1, get_cb, &g);
  if (rc >= 0 && g.bad) {
    an_store_placement_clear(out);
    return AN_DB_HARD;
  }
  return rc;
}

static void info_cb(void *cls, const struct an_db_row *row)
{
  struct an_placement_info *o = cls;
  const char *s = an_db_row_text(row, 0), *label = an_db_row_text(row, 1);
  snprintf(o->state, sizeof o->state, "%s", s ? s : "shared");
  snprintf(o->label, sizeof o->label, "%s", label ? label : "");
  o->writable_from = an_db_row_int(row, 2);
  o->changed_at = an_db_row_int(row, 3);
  o->version = an_db_row_int(row, 4);
}

int an_store_placement_info(struct an_db *db, int64_t tenant_id, struct an_placement_info *out)
{
  static const char SQL[] = "SELECT state, label, writable_from, changed_at, version "
                            "FROM tenant_placements WHERE tenant_id = $1";
  memset(out, 0, sizeof *out);
  snprintf(out->state, sizeof out->state, "shared");
  if (!an_store_scoped(tenant_id, __func__))
    return 0;
  struct an_db_param p[] = {AN_P_INT(tenant_id)};
  return an_db_query(db, SQL, p, 1, info_cb, out);
}

int an_store_placement_set(struct an_db *db, int64_t tenant_id, const char *state,
                           const char *conninfo, int64_t writable_from, int64_t now)
{
  static const char SQL[] =
      "INSERT INTO tenant_placements (tenant_id, state, label, conninfo, writable_from, version, "
      "changed_at) VALUES ($1, $2, $3, $4, $5, 1, $6) ON CONFLICT (tenant_id) DO UPDATE SET "
      "state = $2, label = $3, conninfo = $4, writable_from = $5, "
      "version = tenant_placements.version + 1, changed_at = $6";
  char label[256] = "";
  uint8_t *sealed = NULL;
  size_t slen = 0;
  if (conninfo) {
    label_of(conninfo, label, sizeof label);
    char ad[64];
    conninfo_ad(tenant_id, ad, sizeof ad);
    pthread_mutex_lock(&P.mu);
    uint8_t key[AN_KEY_LEN];
    memcpy(key, P.key, sizeof key);
    bool have = P.have_key;
    pthread_mutex_unlock(&P.mu);
    size_t n = strlen(conninfo);
    sealed = an_calloc(n + AN_SEAL_OVERHEAD);
    if (!have || !an_seal(key, conninfo, n, ad, sealed, &slen)) {
      free(sealed);
      return AN_DB_HARD;
    }
  }
  struct an_db_param p[] = {AN_P_INT(tenant_id),     AN_P_TEXT(state),
                            AN_P_TEXT(label),        sealed ? AN_P_BLOB(sealed, slen) : AN_P_NULL,
                            AN_P_INT(writable_from), AN_P_INT(now)};
  int rc = an_db_query(db, SQL, p, 6, NULL, NULL);
  free(sealed);
  return rc;
}

static void int_cb(void *cls, const struct an_db_row *row)
{
  *(int64_t *)cls = an_db_row_int(row, 0);
}

int an_store_placement_windows_now(struct an_db *db, int64_t now)
{
  static const char SQL[] =
      "SELECT COUNT(*) FROM ops_maintenance WHERE kind = 'maintenance' AND cancelled = 0 "
      "AND service_id IS NULL AND starts_at <= $1 AND ends_at > $1";
  struct an_db_param p[] = {AN_P_INT(now)};
  int64_t n = 0;
  int rc = an_db_query(db, SQL, p, 1, int_cb, &n);
  return rc < 0 ? rc : (int)n;
}

/* One moved table: its rows of a tenant as JSON (key order), their insertion from JSON, a digest
 * (count and md5 of the rows' text in key order), their deletion. PostgreSQL SQL: the copy runs
 * between PostgreSQL databases only. */
struct moved {
  const char *name;
  const char *export_sql, *import_sql, *digest_sql, *purge_sql;
};

#define MOVED(T, KEY)                                                                              \
  {                                                                                                \
#T,                                                                                            \
        "SELECT COALESCE(json_agg(t ORDER BY " KEY "), '[]')::text FROM " #T                       \
        " t WHERE t.tenant_id = $1",                                                               \
        "INSERT INTO " #T " SELECT * FROM json_populate_recordset(NULL::" #T ", $1::json)",        \
        "SELECT COUNT(*), md5(COALESCE(string_agg(t::text, '|' ORDER BY " KEY "), '')) FROM " #T   \
        " t WHERE t.tenant_id = $1",                                                               \
        "DELETE FROM " #T " WHERE tenant_id = $1"                                                  \
  }

/* Parents before children: the copy goes down the list, deletion up. */
static const struct moved MOVED_TABLES[] = {
    MOVED(tenant_roles, "t.id"),
    MOVED(users, "t.id"),
    MOVED(user_roles, "t.user_id, t.role_id"),
    MOVED(password_history, "t.user_id, t.created_at, t.password_hash"),
    MOVED(mfa_totp, "t.subject_kind, t.subject_id"),
    MOVED(mfa_recovery, "t.subject_kind, t.subject_id, t.code_hash, t.used_at"),
    MOVED(email_codes, "t.user_id, t.code_hash, t.expires_at, t.used_at"),
};
#define N_MOVED ((int)(sizeof MOVED_TABLES / sizeof MOVED_TABLES[0]))

const char *const an_store_placement_tables[] = {"tenant_roles",     "users",    "user_roles",
                                                 "password_history", "mfa_totp", "mfa_recovery",
                                                 "email_codes"};
const int an_store_placement_ntables = N_MOVED;

static void text_cb(void *cls, const struct an_db_row *row)
{
  const char *t = an_db_row_text(row, 0);
  *(char **)cls = an_strdup(t ? t : "[]");
}

/* Copies the rows export_sql reads from src (parameter id) with import_sql on dst. */
static int copy_one(struct an_db *src, struct an_db *dst, const char *export_sql,
                    const char *import_sql, int64_t id)
{
  struct an_db_param p[] = {AN_P_INT(id)};
  char *json = NULL;
  int rc = an_db_query(src, export_sql, p, 1, text_cb, &json);
  if (rc >= 0 && json && strcmp(json, "[]")) {
    struct an_db_param q[] = {AN_P_TEXT(json)};
    rc = an_db_query(dst, import_sql, q, 1, NULL, NULL);
  }
  free(json);
  return rc < 0 ? rc : 0;
}

int an_store_placement_copy(struct an_db *src, struct an_db *dst, int64_t tenant_id,
                            bool with_tenant_row)
{
  static const char TENANT_EXPORT[] =
      "SELECT COALESCE(json_agg(t), '[]')::text FROM tenants t WHERE t.id = $1";
  static const char TENANT_IMPORT[] =
      "INSERT INTO tenants SELECT * FROM json_populate_recordset(NULL::tenants, $1::json) "
      "ON CONFLICT (id) DO NOTHING";
  if (!an_store_scoped(tenant_id, __func__))
    return AN_DB_HARD;
  int rc = with_tenant_row ? copy_one(src, dst, TENANT_EXPORT, TENANT_IMPORT, tenant_id) : 0;
  for (int i = 0; i < N_MOVED && rc >= 0; i++)
    rc = copy_one(src, dst, MOVED_TABLES[i].export_sql, MOVED_TABLES[i].import_sql, tenant_id);
  return rc;
}

int an_store_placement_purge(struct an_db *db, int64_t tenant_id)
{
  if (!an_store_scoped(tenant_id, __func__))
    return AN_DB_HARD;
  struct an_db_param p[] = {AN_P_INT(tenant_id)};
  int rc = 0;
  for (int i = N_MOVED - 1; i >= 0 && rc >= 0; i--)
    rc = an_db_query(db, MOVED_TABLES[i].purge_sql, p, 1, NULL, NULL);
  return rc < 0 ? rc : 0;
}

struct digest_ctx {
  struct an_buf *out;
  const char *table;
};

static void digest_cb(void *cls, const struct an_db_row *row)
{
  struct digest_ctx *d = cls;
  const char *md5 = an_db_row_text(row, 1);
  an_buf_printf(d->out, "%s %lld %s\n", d->table, (long long)an_db_row_int(row, 0), md5 ? md5 : "");
}

int an_store_placement_digest(struct an_db *db, int64_t tenant_id, struct an_buf *out)
{
  if (!an_store_scoped(tenant_id, __func__))
    return AN_DB_HARD;
  struct an_db_param p[] = {AN_P_INT(tenant_id)};
  for (int i = 0; i < N_MOVED; i++) {
    struct digest_ctx d = {out, MOVED_TABLES[i].name};
    int rc = an_db_query(db, MOVED_TABLES[i].digest_sql, p, 1, digest_cb, &d);
    if (rc < 0)
      return rc;
  }
  return 0;
}

struct an_db *an_store_placement_open(const struct an_config *cfg, const char *url,
                                      struct an_buf *err)
{
  struct an_config c = *cfg;
  c.store_driver = (char *)"postgres";
  char *copy = an_strdup(url); /* the configuration holds its strings on the heap */
  c.store_url = copy;
  struct an_buf tmp = {0};
  struct an_db *db = an_db_open_buf(&c, &tmp);
  free(copy);
  if (!db) {
    /* libpq's message may quote the conninfo's host, never its password; keep the first line. */
    an_buf_puts(err, tmp.data ? tmp.data : "cannot connect");
  }
  an_buf_free(&tmp);
  return db;
}
