#include "http/static.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/ascii.h"
#include "core/log.h"
#include "core/webmanifest.h"
#include "http/server_state.h"
#include "http/static_cache.h"

static const struct {
  const char *ext;
  const char *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".json", "application/json; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".txt", "text/plain; charset=utf-8"},
    {".woff2", "font/woff2"},
};

static const char *type_of(const char *path)
{
  const char *dot = strrchr(path, '.');
  for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
    if (strcmp(dot, types[i].ext) == 0)
      return types[i].type;
  return "application/octet-stream";
}

static bool safe(const char *path)
{
  if (path[0] != '/' || strstr(path, "..") || strstr(path, "//") || strstr(path, "/."))
    return false;
  for (const char *p = path; *p; p++)
    if (!an_ascii_alnum_or(*p, "._-/"))
      return false;
  return strlen(path) < 256;
}

/* Opens a regular file (never following a final symlink); -1 when there is none. */
static int open_regular(const char *file, struct stat *st)
{
  int fd = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return -1;
  if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
    close(fd);
    return -1;
  }
  return fd;
}

static const char *const NO_CACHE[] = {"Cache-Control", "no-cache", NULL, NULL};

/* Reads the whole file so the bytes checked against the manifest are the bytes sent (MARK-2-1-4):
 * a file that differs is withheld with a 500 problem and logged; the monitor alerts on it. An
 * approved file is remembered with its version (http/static_cache.h) and not hashed again until
 * it changes on disk. */
static bool serve_checked(struct an_request *r, int fd, const struct stat *st, const char *rel,
                          an_ret *ret)
{
  char *data = NULL;
  size_t len = 0;
  if (an_static_cache_get(rel, st, &data, &len)) {
    close(fd);
    *ret = an_reply_owned(r, 200, type_of(rel), data, len, NO_CACHE);
    return true;
  }
  len = (size_t)st->st_size;
  size_t got = 0;
  data = malloc(len ? len : 1);
  while (data && got < len) {
    ssize_t n = read(fd, data + got, len - got);
    if (n <= 0)
      break;
    got += (size_t)n;
  }
  struct stat after;
  /* Remembered only when the file did not change while it was read. */
  bool steady = fstat(fd, &after) == 0 && after.st_ctim.tv_sec == st->st_ctim.tv_sec &&
                after.st_ctim.tv_nsec == st->st_ctim.tv_nsec;
  close(fd);
  if (!data || got != len) {
    free(data);
    *ret = an_reply_problem(r, AN_EC_GENERIC_INTERNAL, NULL, NULL);
    return true;
  }
  if (an_webmanifest_check(rel, data, len) != 1) {
    free(data);
    an_log(AN_LOG_ERROR, "web file differs from the manifest: withheld",
           json_pack("{s:s}", "file", rel));
    *ret = an_reply_problem(r, AN_EC_WEB_FILE_CHANGED, NULL, NULL);
    return true;
  }
  if (steady)
    an_static_cache_put(rel, st, data, len);
  *ret = an_reply_owned(r, 200, type_of(rel), data, len, NO_CACHE);
  return true;
}

bool an_static_serve(struct an_request *r, an_ret *ret)
{
  if (!safe(r->path))
    return false;
  char file[4608];
  const char *root = r->server->web_root;
  struct stat st;
  int fd = -1;
  if (strcmp(r->path, "/") == 0) {
    snprintf(file, sizeof file, "%s/index.html", root);
    fd = open_regular(file, &st);
  } else {
    snprintf(file, sizeof file, "%s%s", root, r->path);
    fd = open_regular(file, &st);
    if (fd < 0 && !strchr(strrchr(r->path, '/'), '.')) {
      snprintf(file, sizeof file, "%s%s.html", root, r->path);
      fd = open_regular(file, &st);
    }
  }
  if (fd < 0)
    return false;
  if (an_webmanifest_active())
    return serve_checked(r, fd, &st, file + strlen(root) + 1, ret);
  struct MHD_Response *resp = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
  if (!resp) {
    close(fd);
    *ret = MHD_NO;
    return true;
  }
  MHD_add_response_header(resp, "Content-Type", type_of(file));
  MHD_add_response_header(resp, "Cache-Control", "no-cache");
  *ret = an_reply_response(r, 200, resp);
  return true;
}
