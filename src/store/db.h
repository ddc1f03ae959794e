/* The database interface: one connection type over SQLite or PostgreSQL, chosen by configuration.
 *
 * SQL is written once, in the dialect both backends share, with $1..$n placeholders and bound
 * parameters only (never SQL built from strings). Statements are prepared once per connection and
 * cached by the address of their SQL text, so every query's SQL must be a string with static
 * storage (a `static const char SQL[]` in the query's file).
 *
 * Status values follow one convention: a negative value is an error, AN_DB_SOFT (busy,
 * serialisation conflict, deadlock: worth retrying) or AN_DB_HARD (anything else); zero or more is
 * success and counts rows (rows returned, or rows changed for a statement that returns none). */
#ifndef AN_STORE_DB_H
#define AN_STORE_DB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/config.h"
#include "store/db_types.h"

/* Opens a connection as configured ([store] driver, path, url, busy_timeout_ms). Returns NULL and
 * a message in err on failure. SQLite connections use WAL, synchronous=FULL, foreign keys on. */
struct an_db *an_db_open(const struct an_config *cfg, char *err, size_t errlen);
/* The same, the reason of a failure appended to err (never NULL data after a failure). */
struct an_db *an_db_open_buf(const struct an_config *cfg, struct an_buf *err);
/* Closes the connection and its prepared statements. NULL is ignored. */
void an_db_close(struct an_db *db);
/* "sqlite" or "postgres". */
const char *an_db_driver(const struct an_db *db);
/* True for PostgreSQL; for the few queries whose SQL must differ by dialect. */
bool an_db_is_postgres(const struct an_db *db);

/* Runs one statement with n parameters; cb (may be NULL) sees each result row.
 * Returns the row count (>= 0) or AN_DB_SOFT / AN_DB_HARD; errors are logged. */
int an_db_query(struct an_db *db, const char *sql, const struct an_db_param *params, size_t n,
                an_db_row_cb cb, void *cls);
/* an_db_query for one write made outside a transaction that must survive the process's death
 * (kill -9) but may be lost with the machine (an OS crash or a power cut right after it): it
 * commits without waiting for the disk flush, so the caller does not wait for an fsync. SQLite:
 * the statement commits with synchronous=NORMAL (in WAL mode the commit is written to the WAL
 * file, in the OS's cache, before this returns; the next synchronous commit's flush covers it).
 * PostgreSQL: its transaction runs with synchronous_commit = off (the server's WAL writer
 * flushes it within a few wal_writer_delay). Inside a transaction: an_db_query (the
 * transaction's commit decides). For counters whose loss with the machine is acceptable, such
 * as a lockout attempt reserved before a password check (identity/lockout.h). */
int an_db_query_unflushed(struct an_db *db, const char *sql, const struct an_db_param *params,
                          size_t n, an_db_row_cb cb, void *cls);
/* Runs a script of several statements without parameters (migrations). Returns 0 or an error. */
int an_db_exec_script(struct an_db *db, const char *sql);

/* Row accessors, columns numbered from 0. NULL reads as 0, NULL and NULL (len 0). */
int64_t an_db_row_int(const struct an_db_row *row, int col);
const char *an_db_row_text(const struct an_db_row *row, int col);
const void *an_db_row_blob(const struct an_db_row *row, int col, size_t *len);
bool an_db_row_is_null(const struct an_db_row *row, int col);
/* Column count, name (as aliased in the SQL) and kind of value: integer (incl. booleans), text,
 * blob, or NULL. For rows read as records (store/rows.h). */
int an_db_row_columns(const struct an_db_row *row);
const char *an_db_row_name(const struct an_db_row *row, int col);
enum an_db_type an_db_row_kind(const struct an_db_row *row, int col);

/* Transaction body: returns >= 0 to commit, AN_DB_ROLLBACK to roll back and stop, AN_DB_SOFT to
 * roll back and retry, AN_DB_HARD to roll back and fail. */
typedef int (*an_db_txn_fn)(struct an_db *db, void *cls);

/* What a transaction protects, and so how it runs:
 *   AN_DB_SERIALIZABLE   a write transaction whose rule needs to see no concurrent change (a
 *                        read-then-write counter, a number taken from a maximum): PostgreSQL
 *                        SERIALIZABLE, conflicts retried;
 *   AN_DB_READ_COMMITTED a write transaction of row updates and inserts that lock what they
 *                        touch: PostgreSQL READ COMMITTED, where a writer waits on a row lock
 *                        instead of failing;
 *   AN_DB_SNAPSHOT       reads only, all from one consistent snapshot (PostgreSQL REPEATABLE READ
 *                        READ ONLY; SQLite a deferred transaction, whose first read fixes the
 *                        snapshot under WAL).
 * SQLite write transactions are BEGIN IMMEDIATE in every write mode; the connections of one
 * process take turns on the write lock in arrival order (a queue, not a sleep-and-retry), and
 * the busy timeout applies only to writers in other processes. */
/* enum an_db_mode (store/db_types.h): AN_DB_SERIALIZABLE, AN_DB_READ_COMMITTED, AN_DB_SNAPSHOT. */

/* Runs fn in a write transaction (AN_DB_SERIALIZABLE), retrying soft errors (from fn or from
 * COMMIT) with a short randomised back-off: at least 10 times, and for as long as the busy
 * timeout (at least 1 s) has not run out.
 * Returns fn's result after a successful commit, AN_DB_ROLLBACK, or AN_DB_HARD / AN_DB_SOFT when
 * retries ran out (counted: an_db_txn_giveups). fn must be safe to run more than once. */
int an_db_txn(struct an_db *db, an_db_txn_fn fn, void *cls);
/* an_db_txn in the given mode. A nested call runs fn in the outer transaction, whatever mode. */
int an_db_txn_mode(struct an_db *db, enum an_db_mode mode, an_db_txn_fn fn, void *cls);
/* A step that must commit with a request's write (an Idempotency-Key's claim, issue 15 item 1):
 * fn runs first inside every write transaction on db (not AN_DB_SNAPSHOT; also when SQLite's
 * writer thread runs the transaction, on its connection) until one commits; then committed is
 * set and later transactions run without it. fn returns >= 0 to go on, or what a transaction
 * body returns to stop (AN_DB_ROLLBACK). */
struct an_db_guard {
  int (*fn)(struct an_db *db, void *cls);
  void *cls;
  bool committed;
};
/* Sets (g) or clears (NULL) db's guard; g must outlive its use. */
void an_db_set_guard(struct an_db *db, struct an_db_guard *g);
/* Calls fn once the current transaction of db has committed (not when it rolls back). Up to 4
 * different callbacks per transaction, each called once however often it was registered.
 * Outside a transaction: no-op. */
void an_db_after_commit(struct an_db *db, void (*fn)(void));
/* How many transactions, in this process, ran out of retries (for /metrics). */
uint64_t an_db_txn_giveups(void);
/* True while a transaction of an_db_txn is open on db. */
/* Whether the last call (an_db_query or an_db_txn outside a transaction) on db failed because the
 * database could not serve it for now (busy or locked past the busy timeout, disk full, connection
 * lost) rather than because of the request: the client may retry later (503). */
bool an_db_unavailable(const struct an_db *db);

bool an_db_in_txn(const struct an_db *db);

/* Cheap round trip to prove the database answers: returns 0 or an error. */
int an_db_ping(struct an_db *db);

#endif
