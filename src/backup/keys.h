/* The key backup (issue 14 item 1, SLA-15): the key store (the tenants' wrapped data keys) is
 * left out of every data backup and saved on its own beside it, as "anshin-keys-<stamp>.ank" in
 * [backup] dir, in the same encrypted archive format (backup/archive.h), keeping only the newest
 * AN_BACKUP_KEY_GENERATIONS. A data backup restores whole only with a key backup taken at the
 * same time or later; a tenant whose key was destroyed (deleted) is in no later key backup, so
 * its sealed personal data in every older data backup stays unreadable, while the other
 * tenants' opens. Each key backup is copied to the second site (SFTP) when one is configured and
 * removed there with the same short retention. */
#ifndef AN_BACKUP_KEYS_H
#define AN_BACKUP_KEYS_H
#include <stdbool.h>
#include <stddef.h>

#include "core/ctx.h"
#include "store/db.h"

#define AN_BACKUP_KEY_GENERATIONS 2

/* Writes the key backup named after stamp (the data backup's "20261205T190000000Z") and
 * removes key backups beyond the kept generations. *count gets the keys saved. Returns true, or
 * false with a message in err. */
bool an_backup_keys_write(const struct an_ctx *ctx, struct an_db *db, const char *stamp,
                          long *count, char *err, size_t errlen);
/* Reads the key backup at path (authenticated under keys) and puts its keys into db's key store
 * (a restored database). Returns the count of keys restored, or -1 with a message in err. */
long an_backup_keys_restore(const struct an_keys *keys, const char *path, struct an_db *db,
                            char *err, size_t errlen);

#endif
