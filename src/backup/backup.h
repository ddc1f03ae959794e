/* Backups (issue 14: SLA-13, SLA-28, CHK-4, WP-17, MARK-3-1-5, MARK-3-1-7): a consistent
 * snapshot of the whole database taken without stopping the service, encrypted into one file
 * (backup/archive.h) under [backup] dir with its SHA-256 beside it, read back and authenticated
 * at once (so the newest backup is a verified one), copied to the SFTP site when configured,
 * each copy recorded with its distance class, and the generations beyond [backup] generations
 * removed from both places. Every run, copy failure and removal is an audit event. */
#ifndef AN_BACKUP_BACKUP_H
#define AN_BACKUP_BACKUP_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "store/db.h"

/* The distance class recorded for the local copy (the same host as the database). */
#define AN_BACKUP_LOCAL_CLASS "same-host"

/* Takes a backup now (ctx->now names it). *out (may be NULL) gets {id, file_name, bytes, sha256,
 * manifest, copies: [...], expired: n}. Returns 1 when the backup was written and verified
 * (a failed copy to the second site is recorded and alerted, not a failure of the backup), or
 * 0 with a message in err when no backup could be made (recorded as a failed backup). */
int an_backup_run(const struct an_ctx *ctx, struct an_db *db, json_t **out, char *err,
                  size_t errlen);
/* The kept backups, newest first, each with its copies. Returns the count or an error. */
int an_backup_list(struct an_db *db, json_t *out);
/* Reads backup id back in full, compares its checksum with the recorded one and records the
 * verification. Returns 1 intact, 0 refused (message in err), or an AN_DB_* error. */
int an_backup_verify(const struct an_ctx *ctx, struct an_db *db, int64_t id, char *err,
                     size_t errlen);

/* What a restore found: the manifest (new reference) and the restored row counts. */
struct an_restore_report {
  json_t *manifest;
  json_t *counts;
  bool counts_match;
  int64_t duration_ms;
};
/* Restores the backup file path into target: a directory (SQLite: DIR/anshin.db is created; the
 * directory must not hold one) or the conninfo of an empty PostgreSQL database, authenticating
 * every record as it goes; then checks integrity and compares the row counts with the manifest.
 * Returns true when all of that passed; false with a message in err. rep is filled either way
 * as far as it got (free with an_restore_report_free). */
bool an_backup_restore(const struct an_keys *keys, const char *path, const char *target,
                       struct an_restore_report *rep, char *err, size_t errlen);
void an_restore_report_free(struct an_restore_report *rep);

#endif
