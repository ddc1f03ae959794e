/* The verdicts of the web manifest check (MARK-2-1-4), remembered per file so that a static file
 * is not hashed on every request. A verdict is kept with what identifies one version of the file
 * on disk: device, inode, size, and mtime and ctime to the nanosecond. Every write moves ctime,
 * and no system call sets it back, so a file rewritten in place with its size kept and its mtime
 * restored (touch -d) is checked again. Only approved files are remembered, with the bytes that
 * were checked: what is sent is always what was approved. At most one entry per file the
 * manifest lists. */
#ifndef AN_HTTP_STATIC_CACHE_H
#define AN_HTTP_STATIC_CACHE_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

/* When rel (a path under the web root) was approved as the version st describes: true with a
 * heap copy of its bytes in *data (the caller frees it) and their length in *len. */
bool an_static_cache_get(const char *rel, const struct stat *st, char **data, size_t *len);
/* Remembers that the version st of rel, whose bytes are data (len bytes, copied), was approved. */
void an_static_cache_put(const char *rel, const struct stat *st, const char *data, size_t len);

#endif
