/* Group commit for SQLite (store/group.c): while started, the write transactions of
 * an_db_txn / an_db_txn_mode on SQLite connections are run by one writer thread, several in one
 * transaction (each in a savepoint of its own) and committed with one flush. Callers see no
 * difference: an_db_txn returns only after the transaction holding their body committed. */
#ifndef AN_STORE_GROUP_H
#define AN_STORE_GROUP_H
#include <stdbool.h>
#include <stdint.h>

#include "core/config.h"
#include "store/db.h"

/* Starts the writer thread when the driver is sqlite and [store] sqlite_writer is "thread";
 * otherwise does nothing. Call after migrating, before serving. Returns false (logged) when its
 * connection or thread cannot be made. Every SQLite connection of the process must be to the
 * same database file ([store] path). */
bool an_db_group_start(const struct an_config *cfg);
/* Writes out what is queued, stops the thread and closes its connection; later transactions
 * run on their callers' own connections. Harmless when not started. */
void an_db_group_stop(void);
/* For the transaction runner (store/db.c): when the writer runs and db is a SQLite connection
 * other than its own and mode writes, runs fn, sets *rc to what one attempt of the runner would
 * return (fn's result after commit, AN_DB_ROLLBACK, AN_DB_SOFT or AN_DB_HARD) and returns true;
 * otherwise returns false and does nothing. When nobody else is writing (the writer idle, none
 * queued, no other caller running its own), fn runs at once on db through once (no hand-off: a
 * lone writer pays no thread wake-ups); else in the writer's next batch. */
bool an_db_group_run(struct an_db *db, enum an_db_mode mode, an_db_txn_fn fn, void *cls, int *rc,
                     int (*once)(struct an_db *db, enum an_db_mode mode, an_db_txn_fn fn,
                                 void *cls));
/* Committed batches and the bodies taken into batches, since start (for /metrics). */
uint64_t an_db_group_batches(void);
uint64_t an_db_group_bodies(void);
/* Transactions run on their callers' own connections because nobody else was writing. */
uint64_t an_db_group_alone(void);

#endif
