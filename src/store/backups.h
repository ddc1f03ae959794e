/* The backups, their copies, the restore drills and the backup alerts (migration 030). These are
 * the operator's records of files kept outside the database; no tenant owns them, so every read
 * here is operator-wide. */
#ifndef AN_STORE_BACKUPS_H
#define AN_STORE_BACKUPS_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"

/* Records a backup that has been written (status "ok") or failed ("failed", with error). *id
 * gets its id. Returns 1 or an error. */
int an_store_backup_add(struct an_db *db, int64_t created_at, const char *driver,
                        const char *file_name, int64_t bytes, const char *sha256,
                        const char *manifest, const char *status, const char *error, int64_t *id);
/* Sets verified_at (the file was read back in full and authenticated). */
int an_store_backup_verified(struct an_db *db, int64_t id, int64_t at);
/* Marks a backup as aged out (its files were removed). */
int an_store_backup_expire(struct an_db *db, int64_t id, int64_t at);
/* Backups not aged out, newest first, as records {id, created_at, driver, file_name, bytes,
 * sha256, status, error, verified_at}. */
int an_store_backup_list_all(struct an_db *db, json_t *out);
/* One backup (with its manifest text) by id. Returns 1, 0 or an error. */
int an_store_backup_get(struct an_db *db, int64_t id, json_t **out);
/* The newest successful backup not aged out. Returns 1, 0 or an error. */
int an_store_backup_newest_ok(struct an_db *db, json_t **out);
/* The newest backup that was verified: its created_at in *at (0 when none). */
int an_store_backup_newest_verified_at(struct an_db *db, int64_t *at);
/* The newest backup's created_at (whatever its status) in *at (0 when none). */
int an_store_backup_newest_at(struct an_db *db, int64_t *at);

/* Records one copy of a backup at a destination ("local" or the SFTP site) with its distance
 * class, status "ok" or "failed" (with error). */
int an_store_backup_copy_add(struct an_db *db, int64_t backup_id, const char *destination,
                             const char *distance_class, const char *status, const char *error,
                             int64_t at);
/* The copies of a backup, as records {destination, distance_class, status, error, at}. */
int an_store_backup_copy_list(struct an_db *db, int64_t backup_id, json_t *out);
/* How many copies failed after since (an alert at the same instant already told of them). */
int an_store_backup_copy_failures_since(struct an_db *db, int64_t since, int64_t *n);

/* Records a restore drill. */
int an_store_drill_add(struct an_db *db, int64_t backup_id, int64_t started_at, int64_t finished_at,
                       bool ok, int64_t rpo_seconds, int64_t rto_ms, const char *detail);
/* Drills, newest first (at most 100), as records. */
int an_store_drill_list_all(struct an_db *db, json_t *out);
/* The newest drill's started_at in *at (0 when none). */
int an_store_drill_newest_at(struct an_db *db, int64_t *at);

/* Records that an alert was sent; the newest alert's time in *at (0 when none). */
int an_store_backup_alert_add(struct an_db *db, int64_t at, const char *reason);
int an_store_backup_alert_newest_at(struct an_db *db, int64_t *at);

#endif
