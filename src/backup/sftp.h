/* The second backup site over SFTP (libcurl with libssh2): public-key authentication only, and
 * the site's host key must be in [backup] sftp_known_hosts (an unknown or changed key is
 * refused). Files are uploaded under a temporary name and renamed, so the site never holds a
 * half-written backup under its real name. */
#ifndef AN_BACKUP_SFTP_H
#define AN_BACKUP_SFTP_H
#include <stdbool.h>
#include <stddef.h>

#include "core/config.h"

/* Uploads local_path as name into [backup] sftp_url. False with a message in err. */
bool an_sftp_put(const struct an_config *cfg, const char *local_path, const char *name, char *err,
                 size_t errlen);
/* Removes name from [backup] sftp_url (a file already gone counts as removed). */
bool an_sftp_remove(const struct an_config *cfg, const char *name, char *err, size_t errlen);
/* Reads name back from [backup] sftp_url in full and puts its SHA-256 (hex) in sha256_hex, so a
 * copy is checked where it lies, not only by the transfer's success. False with err. */
bool an_sftp_sha256(const struct an_config *cfg, const char *name, char sha256_hex[65], char *err,
                    size_t errlen);
/* The site's address without user or password, for records ("sftp://host:port/dir/"). */
char *an_sftp_label(const struct an_config *cfg);

#endif
