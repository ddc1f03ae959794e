/* Private to src/store: what a database backend provides to db.c, and helpers backends share.
 * A backend embeds struct an_db as the first member of its connection and struct an_db_row as
 * the first member of its row, so db.c dispatches through the ops pointer alone. */
#ifndef AN_STORE_DB_BACKEND_H
#define AN_STORE_DB_BACKEND_H
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "store/db_types.h"

/* Every function returns 0 or a row count on success, AN_DB_SOFT / AN_DB_HARD on failure
 * (already logged), exactly as the public function it serves. */
struct an_db_ops {
  const char *name; /* "sqlite" or "postgres", as in [store] driver */
  struct an_db *(*open)(const struct an_config *cfg, char *err, size_t errlen);
  void (*close)(struct an_db *db);
  int (*query)(struct an_db *db, const char *sql, const struct an_db_param *params, size_t n,
               an_db_row_cb cb, void *cls);
  int (*exec_script)(struct an_db *db, const char *sql);
  /* query, committed without waiting for the disk flush when no transaction is open
   * (an_db_query_unflushed) */
  int (*query_unflushed)(struct an_db *db, const char *sql, const struct an_db_param *params,
                         size_t n, an_db_row_cb cb, void *cls);
  int (*begin)(struct an_db *db, enum an_db_mode mode);
  int (*commit)(struct an_db *db);
  int (*rollback)(struct an_db *db); /* harmless when no transaction is open */
  int (*ping)(struct an_db *db);
  int64_t (*row_int)(const struct an_db_row *row, int col);
  const char *(*row_text)(const struct an_db_row *row, int col);
  const void *(*row_blob)(const struct an_db_row *row, int col, size_t *len);
  bool (*row_is_null)(const struct an_db_row *row, int col);
  int (*row_columns)(const struct an_db_row *row);
  const char *(*row_name)(const struct an_db_row *row, int col);
  enum an_db_type (*row_kind)(const struct an_db_row *row, int col);
};

struct an_db {
  const struct an_db_ops *ops;
  const char *driver;
  bool in_txn;      /* set by an_db_txn while its transaction is open */
  bool unavailable; /* the last call failed for want of the database (busy, locked, full,
                     * connection lost), not because of the request: a 503, not a 500 */
  void (*after_commit[4])(void); /* an_db_after_commit's callbacks for the open transaction */
  int64_t retry_budget_us; /* how long an_db_txn goes on retrying a conflict or busy database */
  char last_error[256];    /* the last error message, for callers that report one (migrations) */
  /* dedicated tenancy (store/placement.c): the mode of the open transaction, and the tenant
   * database's connection joined to it (committed just before this one, rolled back with it) */
  enum an_db_mode txn_mode;
  struct an_db *joined;
  /* an_db_set_guard's step (store/db.h), or NULL */
  struct an_db_guard *guard;
  /* the ids of the audit events the open transaction inserted unsealed (PostgreSQL): copied into
   * a joined tenant database's audit outbox before its commit (store/audit_outbox.h) */
  int64_t *txn_events;
  size_t n_txn_events, cap_txn_events;
};

struct an_db_row {
  const struct an_db_ops *ops;
};

extern const struct an_db_ops an_db_sqlite_ops;
extern const struct an_db_ops an_db_postgres_ops;

/* One attempt of the transaction runner (begin, fn, commit or roll back) on db itself. */
typedef int (*an_db_txn_once)(struct an_db *db, enum an_db_mode mode,
                              int (*fn)(struct an_db *db, void *cls), void *cls);
/* Set by store/group.c when its writer thread starts (never cleared; the function itself says
 * whether the writer still runs): the transaction runner offers each attempt to it first, and
 * runs the attempt itself when it returns false. The hook may also run it with once, on db. */
typedef bool (*an_db_txn_hook)(struct an_db *db, enum an_db_mode mode,
                               int (*fn)(struct an_db *db, void *cls), void *cls, int *rc,
                               an_db_txn_once once);
extern _Atomic(an_db_txn_hook) an_db_group_hook;

/* Notes that the open transaction on db inserted audit event id (for the audit outbox). */
void an_db_note_event(struct an_db *db, int64_t id);

/* Records and logs a hard error: the SQL's first line, the driver's message, an optional code. */
void an_db_fail(struct an_db *db, const char *sql, const char *msg, const char *code);

/* Prepared statements per connection, keyed by the address of their SQL text. */
struct an_db_cache_slot {
  const char *sql;
  void *stmt;
};
struct an_db_cache {
  struct an_db_cache_slot *slots;
  size_t cap, len;
};
/* The slot of sql, added empty (stmt NULL) if absent; valid until the next call. */
struct an_db_cache_slot *an_db_cache_slot(struct an_db_cache *c, const char *sql);
/* Calls drop on every stored statement and empties the cache (it stays usable). */
void an_db_cache_clear(struct an_db_cache *c, void (*drop)(void *ctx, void *stmt), void *ctx);

#endif
