/* Integrity of the web UI's files (MARK-2-1-4): the build writes a manifest of the SHA-256 of
 * every file under web/ (scripts/web_manifest.cmake); `anshin serve` loads it once at start and
 * checks each file it serves against it, and the monitor walks the whole tree periodically. Load
 * before any thread reads it; it is read-only afterwards. */
#ifndef AN_CORE_WEBMANIFEST_H
#define AN_CORE_WEBMANIFEST_H
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

/* Loads the manifest at path for the files under root (both kept), replacing any loaded before.
 * Returns false with err set (and no manifest loaded) when the file cannot be read or a line is
 * not "<64 hex>  <relative path>". */
bool an_webmanifest_load(const char *root, const char *path, char *err, size_t errlen);
/* True once a manifest is loaded. */
bool an_webmanifest_active(void);
/* Whether data (len bytes) is what the manifest lists for rel (a path relative to root, no
 * leading slash): 1 it is, 0 it differs or rel is not listed, -1 no manifest loaded. */
int an_webmanifest_check(const char *rel, const void *data, size_t len);
/* Hashes every listed file and looks for files the manifest does not list; appends the names of
 * those that differ, are missing or are unlisted to bad (", " between them). Returns how many,
 * or -1 when no manifest is loaded. */
int an_webmanifest_verify(struct an_buf *bad);

#endif
