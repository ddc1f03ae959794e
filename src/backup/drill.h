/* Restore drills (issue 14, MARK-3-1-6, CHK-4): the newest backup is restored into a scratch
 * place ([backup] dir/drill-* for SQLite, the empty database [backup] drill_url for PostgreSQL),
 * its integrity checked, its row counts compared with the manifest and its audit chain verified
 * with `audit verify`'s own code; the measured recovery point (how old the restored data was)
 * and recovery time (how long restoring and checking took) are recorded in restore_drills and
 * the audit log, and the scratch copy is removed. */
#ifndef AN_BACKUP_DRILL_H
#define AN_BACKUP_DRILL_H
#include <jansson.h>
#include <stddef.h>

#include "core/config.h"
#include "core/ctx.h"
#include "store/db.h"

/* Runs one drill. *out (may be NULL) gets {backup_id, ok, rpo_seconds, rto_ms, detail}. Returns
 * 1 passed, 0 failed (recorded; message in err), or an AN_DB_* error (no backup: 0). */
int an_backup_drill(const struct an_ctx *ctx, struct an_db *db, json_t **out, char *err,
                    size_t errlen);
/* The drills, newest first. */
int an_backup_drill_list(struct an_db *db, json_t *out);
/* Opens the database a restore wrote, with cfg's other settings: the PostgreSQL database at url
 * with its search_path set to schema when url is not NULL, else the SQLite file dir/anshin.db.
 * NULL with err when it cannot be opened (or schema is not a plain lower-case identifier). */
struct an_db *an_backup_open_restored(const struct an_config *cfg, const char *url,
                                      const char *schema, const char *dir, char *err,
                                      size_t errlen);

#endif
