/* The backup file: always encrypted, authenticated in order, checksummed (SLA-28, SLA-15).
 *
 *   "ANSHINB1" | salt (16 bytes) | record*
 *   record = length (4 bytes, big-endian) | kind (1 byte: 'M' manifest, 'D' data, 'F' final)
 *            | an_seal(key, bytes, ad = "anshin:backup:<salt hex>:<index>:<kind>")
 *
 * The key is derived from the master key (crypto_kdf context "anbackup") and the file's random
 * salt (BLAKE2b), so the file carries no key and every file has its own. an_seal uses
 * AES-256-GCM on hosts with AES-NI (XChaCha20-Poly1305 otherwise; see docs "Keys"). The record's
 * index and kind are in its associated data, so records cannot be dropped, reordered, moved
 * between files or cut off after the last: a file is whole only when it ends with its 'F'
 * record. The first record is the manifest (JSON), data records hold up to 1 MiB each. The
 * SHA-256 of the whole file is its checksum, kept in the backups table and beside the file. */
#ifndef AN_BACKUP_ARCHIVE_H
#define AN_BACKUP_ARCHIVE_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "crypto/keys.h"

struct an_archive;

/* Creates path (must not exist; mode 0600) and writes the header. NULL with err on failure. */
struct an_archive *an_archive_create(const char *path, const struct an_keys *keys, char *err,
                                     size_t errlen);
/* Writes the manifest record; must come first, once. */
bool an_archive_manifest(struct an_archive *a, const json_t *manifest);
/* Appends data (buffered into 1 MiB records). */
bool an_archive_write(struct an_archive *a, const void *p, size_t n);
/* Writes the last data and the final record, fsyncs and closes; sha256_hex (65 bytes) gets the
 * file's checksum and *bytes its size. Frees a. */
bool an_archive_close(struct an_archive *a, char sha256_hex[65], long long *bytes, char *err,
                      size_t errlen);
/* Closes and removes an unfinished file. Frees a. NULL is ignored. */
void an_archive_abort(struct an_archive *a);

/* Reads path in full: authenticates every record in order, hands the manifest (a new
 * reference, owned by the callee) and then the data to the callbacks (data may be NULL to only
 * check), and computes the file's SHA-256 into sha256_hex. False with a message in err when the
 * file is not a backup, was altered or cut, was made under another master key, or a callback
 * failed. */
bool an_archive_read(const char *path, const struct an_keys *keys,
                     bool (*on_manifest)(void *cls, json_t *manifest),
                     bool (*on_data)(void *cls, const void *p, size_t n), void *cls,
                     char sha256_hex[65], char *err, size_t errlen);

#endif
