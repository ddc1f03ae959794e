/* Dedicated tenancy (WP-1, issue 15 item 3): where a tenant's own rows live — the shared database
 * or a PostgreSQL database of its own — and the routing of the moved tables' store calls to it.
 * docs/architecture.md "Dedicated tenancy" gives the design; the move itself is
 * lifecycle/placement.c. PostgreSQL only: on SQLite every tenant is shared and routing is a
 * no-op. */
#ifndef AN_STORE_PLACEMENT_H
#define AN_STORE_PLACEMENT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/config.h"
#include "crypto/keys.h"
#include "store/db.h"

/* Registers the configuration (which must outlive every connection) and the keys that open a
 * dedicated database's sealed conninfo. Once, at start (the server and every CLI command). */
void an_store_placement_use(const struct an_config *cfg, const struct an_keys *keys);

enum an_route { AN_ROUTE_READ, AN_ROUTE_WRITE };

/* The connection on which the tenant's moved rows are read (AN_ROUTE_READ) or written
 * (AN_ROUTE_WRITE): db itself for a shared tenant (and always on SQLite), else this thread's
 * connection to the tenant's database, joined to db's open transaction (committed just before
 * it, rolled back with it). Writes are refused while the tenant moves and until every instance
 * has seen the switch: AN_DB_SOFT, db marked unavailable (503 with Retry-After), nothing lost.
 * *out is always set (db on failure). Returns 0 or an error. */
int an_store_route(struct an_db *db, int64_t tenant_id, enum an_route how, struct an_db **out);

/* The connection holding tenant's moved rows for a read outside any transaction of it: an
 * operator-wide read going over every tenant (re-sealing, the personal-data register), which
 * must not join one transaction to several tenant databases. db for a shared tenant; reads go on
 * while the tenant moves (from the source). *out is always set. Returns 0 or an error (AN_DB_SOFT
 * when the tenant's database cannot be reached). */
int an_store_route_peek(struct an_db *db, int64_t tenant_id, struct an_db **out);
/* The tenants whose moved rows are in a database of their own now (heap array in *ids; free it).
 * Returns their number (0 on SQLite). */
size_t an_store_placement_dedicated(struct an_db *db, int64_t **ids);

/* A new id for a row of a moved table ("users" or "tenant_roles") from the shared database's
 * sequence, so ids stay unique across databases and a move back never collides. Returns 1 or an
 * error. */
int an_store_placement_next_id(struct an_db *shared, const char *table, int64_t *id);

/* A placement record; state is "shared", "to_dedicated", "dedicated" or "to_shared". */
struct an_placement {
  int64_t tenant_id;
  char state[16];
  char label[256]; /* host and database name of the tenant's database, no secret */
  char *conninfo;  /* opened (heap), NULL when none; free with an_store_placement_clear */
  int64_t writable_from;
  int64_t version;
};
/* Frees what an_store_placement_get allocated. */
void an_store_placement_clear(struct an_placement *p);
/* Reads tenant's placement (sealed conninfo opened). Returns 1, 0 when none (shared), or an
 * error (also when the conninfo does not open under this master key). */
int an_store_placement_get(struct an_db *db, int64_t tenant_id, struct an_placement *out);
/* Writes tenant's placement: state, the conninfo (sealed here; NULL keeps none), writable_from;
 * the version goes up by one. Returns 1 or an error. */
int an_store_placement_set(struct an_db *db, int64_t tenant_id, const char *state,
                           const char *conninfo, int64_t writable_from, int64_t now);
/* What an operator sees of a placement: never the conninfo. */
struct an_placement_info {
  char state[16]; /* "shared" when the tenant has no placement row */
  char label[256];
  int64_t writable_from;
  int64_t changed_at; /* 0 when never moved */
  int64_t version;
};
/* Reads tenant's placement without opening its conninfo. Returns 1, 0 when none (shared; out
 * filled as such), or an error. */
int an_store_placement_info(struct an_db *db, int64_t tenant_id, struct an_placement_info *out);
/* Forgets the process's cached placements, so the next route reads them again. */
void an_store_placement_forget(void);
/* How many announced maintenance windows for the whole service (not cancelled) cover now. */
int an_store_placement_windows_now(struct an_db *db, int64_t now);

/* The moved tables, in the order their rows are copied (the reverse is the order of deletion). */
extern const char *const an_store_placement_tables[];
extern const int an_store_placement_ntables;

/* Copies tenant's rows of the moved tables from src (read in one snapshot) into dst, in the
 * caller's transaction on dst; with_tenant_row also copies the tenant's directory row (only so
 * that dst's foreign keys hold). Returns 0 or an error. */
int an_store_placement_copy(struct an_db *src, struct an_db *dst, int64_t tenant_id,
                            bool with_tenant_row);
/* Deletes tenant's rows of the moved tables from db (in the caller's transaction, if any).
 * Returns 0 or an error. */
int an_store_placement_purge(struct an_db *db, int64_t tenant_id);
/* Per moved table: the tenant's row count and an md5 of its rows in key order, as
 * "table count md5" lines appended to out. Returns 0 or an error. */
int an_store_placement_digest(struct an_db *db, int64_t tenant_id, struct an_buf *out);
/* host[:port]/dbname of a conninfo, never its password or options. */
void an_store_placement_label(const char *conninfo, char *out, size_t n);
/* Opens a connection to url with cfg's other settings (the move's own connection, not pooled).
 * Returns NULL with the reason (no conninfo in it) in err. */
struct an_db *an_store_placement_open(const struct an_config *cfg, const char *url,
                                      struct an_buf *err);

#endif
