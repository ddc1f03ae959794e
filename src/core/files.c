#include "core/files.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"

bool an_mkdirs(const char *dir)
{
  char *p = an_strdup(dir);
  bool ok = true;
  for (char *s = p + 1; ok && *s; s++) {
    if (*s != '/')
      continue;
    *s = '\0';
    ok = mkdir(p, 0700) == 0 || errno == EEXIST;
    *s = '/';
  }
  ok = ok && (mkdir(p, 0700) == 0 || errno == EEXIST);
  free(p);
  return ok;
}

bool an_file_read_all(const char *path, struct an_buf *out)
{
  FILE *f = fopen(path, "rb");
  if (!f)
    return false;
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    an_buf_append(out, chunk, n);
  fclose(f);
  return true;
}

bool an_fd_write_all(int fd, const void *p, size_t n)
{
  const char *c = p;
  while (n > 0) {
    ssize_t w = write(fd, c, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return false;
    c += w;
    n -= (size_t)w;
  }
  return true;
}
