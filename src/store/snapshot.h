/* Whole-database snapshots for backups, and restoring them (issue 14, SLA-13, CHK-4).
 *
 * SQLite: the online backup API copies the live file into memory in one read transaction (WAL:
 * writers go on meanwhile), and the copy's bytes are handed out; nothing unencrypted is written
 * to disk. PostgreSQL: one REPEATABLE READ READ ONLY transaction exports its snapshot, counts the
 * rows of every table in it, and pg_dump (custom format, this schema only) runs in that same
 * snapshot, so the row counts describe exactly the dump. pg_dump rather than pgBackRest: one
 * anshin schema is a logical unit (a test schema, or one of several databases on a cluster)
 * that pg_dump captures without server-side set-up (no archive_command, no superuser, no
 * shared repository), its output can be encrypted as a stream by us before it touches disk,
 * and it restores into any empty database of the same major version; pgBackRest backs up a
 * whole cluster at the file level and would need its own repository encryption and keys.
 *
 * Table names in the row counts come from the database's own catalogue and are quoted as
 * identifiers by the driver (sqlite3 %w, PQescapeIdentifier): the one place SQL text is built. */
#ifndef AN_STORE_SNAPSHOT_H
#define AN_STORE_SNAPSHOT_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/config.h"

struct an_snapshot_sink {
  /* Called once, before any data: {"driver", "tables": {name: rows}, "schema" (PostgreSQL)}.
   * Borrowed; the sink may add keys. False stops the snapshot. */
  bool (*manifest)(void *cls, json_t *manifest);
  /* Called with the snapshot's bytes in order (a SQLite file image or a pg_dump archive). */
  bool (*data)(void *cls, const void *p, size_t n);
  void *cls;
};

/* Takes a consistent snapshot of the configured database without stopping it. Returns true, or
 * false with a message in err. */
bool an_store_snapshot(const struct an_config *cfg, const struct an_snapshot_sink *sink, char *err,
                       size_t errlen);

struct an_restore;
/* Starts restoring a snapshot of driver ("sqlite" or "postgres") into target: a SQLite file path
 * that must not exist yet, or the conninfo of an empty PostgreSQL database (pg_restore reads
 * the data as it is written), where schema (the backup's) must hold no table: an existing empty
 * one (a new database's "public") is dropped so the backup's own definition replaces it.
 * NULL with a message in err on failure. */
struct an_restore *an_store_restore_open(const char *driver, const char *target, const char *schema,
                                         char *err, size_t errlen);
/* Hands the next bytes of the snapshot to the restore. False on failure. */
bool an_store_restore_write(struct an_restore *r, const void *p, size_t n);
/* Ends the data, waits for the restore, runs the integrity check (SQLite PRAGMA
 * integrity_check; PostgreSQL pg_restore's exit status) and counts the rows of every table of
 * the restored database (of schema on PostgreSQL) into counts {name: rows}. Frees r. Returns
 * true, or false with a message in err. */
bool an_store_restore_finish(struct an_restore *r, const char *schema, json_t *counts, char *err,
                             size_t errlen);
/* Gives up a restore: stops pg_restore, removes a partial SQLite file. Frees r. */
void an_store_restore_abort(struct an_restore *r);

/* The conninfo of url with its search_path set to schema (a restored anshin schema), as a new
 * string. NULL when schema is not a plain lower-case identifier. */
char *an_store_url_with_schema(const char *url, const char *schema);
/* Drops schema and everything in it from the database at url (a drill's scratch restore). */
bool an_store_drop_schema(const char *url, const char *schema, char *err, size_t errlen);

#endif
