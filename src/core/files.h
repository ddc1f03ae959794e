/* Small file-system steps several modules take alike. */
#ifndef AN_CORE_FILES_H
#define AN_CORE_FILES_H
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

/* mkdir -p with mode 0700 for the directories it creates (existing ones are left as they are).
 * Returns true when every level exists afterwards. */
bool an_mkdirs(const char *dir);
/* Appends the whole file at path to out. Returns false (out unchanged) when it cannot be
 * opened. */
bool an_file_read_all(const char *path, struct an_buf *out);
/* Writes all n bytes at p to fd, again after an interrupted or short write. Returns false when a
 * write fails (errno says why) or writes nothing. */
bool an_fd_write_all(int fd, const void *p, size_t n);

#endif
