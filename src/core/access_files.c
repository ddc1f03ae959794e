/* The access log's files after they are written: compression once their day has ended (zlib's
 * gzip format, so `zcat` reads them too), the purge after the retention period, and reading
 * lines back for a period and a tenant. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "core/access_log.h"
#include "core/alloc.h"
#include "core/calendar.h"
#include "core/time.h"

#define DAY_US (86400LL * 1000000)
#define JST_US (9LL * 3600 * 1000000)

/* One file of the directory: access-DAY[.PART].jsonl[.gz]. */
struct entry {
  char *name;
  struct an_date day;
  int part;
  bool gz;
};

/* Parses a file name; false for anything that is not one of ours. */
static bool parse_name(const char *name, struct entry *e)
{
  if (strncmp(name, "access-", 7) != 0 || strlen(name) < 7 + 10 + 6)
    return false;
  char day[11];
  memcpy(day, name + 7, 10);
  day[10] = '\0';
  if (!an_date_parse(day, &e->day))
    return false;
  const char *p = name + 17;
  e->part = 0;
  if (*p == '.' && p[1] >= '0' && p[1] <= '9') {
    char *end;
    long part = strtol(p + 1, &end, 10);
    if (part < 1 || part > 100000)
      return false;
    e->part = (int)part;
    p = end;
  }
  if (strcmp(p, ".jsonl") == 0)
    e->gz = false;
  else if (strcmp(p, ".jsonl.gz") == 0)
    e->gz = true;
  else
    return false;
  return true;
}

static struct an_date jst_date(int64_t us)
{
  time_t s = (time_t)((us + JST_US) / 1000000);
  struct tm tm;
  gmtime_r(&s, &tm);
  return (struct an_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

static int cmp_entry(const void *a, const void *b)
{
  const struct entry *x = a, *y = b;
  int c = an_date_cmp(x->day, y->day);
  return c ? c : (x->part > y->part) - (x->part < y->part);
}

/* The files of dir, sorted by day and part; NULL when dir cannot be read. */
static struct entry *list_dir(const char *dir, size_t *count)
{
  DIR *d = opendir(dir);
  if (!d)
    return NULL;
  size_t n = 0, cap = 16;
  struct entry *v = an_calloc(cap * sizeof *v);
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    struct entry e;
    if (!parse_name(de->d_name, &e))
      continue;
    if (n == cap) {
      cap *= 2;
      v = an_realloc(v, cap * sizeof *v);
    }
    e.name = an_asprintf("%s/%s", dir, de->d_name);
    v[n++] = e;
  }
  closedir(d);
  qsort(v, n, sizeof *v, cmp_entry);
  *count = n;
  return v;
}

static void free_list(struct entry *v, size_t n)
{
  for (size_t i = 0; i < n; i++)
    free(v[i].name);
  free(v);
}

/* gzip src into src.gz (through a temporary file, then renamed), then removes src. */
static bool compress_file(const char *src)
{
  char *tmp = an_asprintf("%s.gz.tmp", src), *dst = an_asprintf("%s.gz", src);
  bool ok = false;
  FILE *in = fopen(src, "rb");
  int fd = in ? open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600) : -1;
  gzFile out = fd >= 0 ? gzdopen(fd, "wb6") : NULL;
  if (out) {
    char chunk[65536];
    size_t n;
    ok = true;
    while (ok && (n = fread(chunk, 1, sizeof chunk, in)) > 0)
      ok = gzwrite(out, chunk, (unsigned)n) == (int)n;
    ok = ok && !ferror(in);
    ok = gzclose(out) == Z_OK && ok;
  } else if (fd >= 0) {
    close(fd);
  }
  if (in)
    fclose(in);
  if (ok) {
    int sync = open(tmp, O_RDONLY | O_CLOEXEC);
    if (sync >= 0) {
      fsync(sync);
      close(sync);
    }
    ok = rename(tmp, dst) == 0 && unlink(src) == 0;
  }
  if (!ok)
    unlink(tmp);
  free(tmp);
  free(dst);
  return ok;
}

/* Removes temporary files a crash left behind mid-compression. */
static void remove_stale_tmp(const char *dir)
{
  DIR *d = opendir(dir);
  if (!d)
    return;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    size_t n = strlen(de->d_name);
    if (strncmp(de->d_name, "access-", 7) == 0 && n > 7 &&
        strcmp(de->d_name + n - 7, ".gz.tmp") == 0) {
      char *p = an_asprintf("%s/%s", dir, de->d_name);
      unlink(p);
      free(p);
    }
  }
  closedir(d);
}

bool an_access_log_maintain(const char *dir, long retention_days, int64_t now_us, const char *keep,
                            int *compressed, int *purged)
{
  if (retention_days < AN_ACCESS_LOG_MIN_RETENTION_DAYS)
    retention_days = AN_ACCESS_LOG_MIN_RETENTION_DAYS;
  remove_stale_tmp(dir);
  size_t n = 0;
  struct entry *v = list_dir(dir, &n);
  if (!v)
    return false;
  struct an_date today = jst_date(now_us);
  int c = 0, p = 0;
  for (size_t i = 0; i < n; i++) {
    long age = an_date_days_between(v[i].day, today);
    if (age > retention_days) {
      p += unlink(v[i].name) == 0;
    } else if (age > 0 && !v[i].gz && !(keep && strcmp(keep, v[i].name) == 0)) {
      c += compress_file(v[i].name);
    }
  }
  free_list(v, n);
  if (compressed)
    *compressed = c;
  if (purged)
    *purged = p;
  return true;
}

bool an_access_log_range(const char *from, const char *to, int64_t now_us, int64_t *from_us,
                         int64_t *to_us)
{
  int64_t t = now_us, f;
  if (to) {
    if (!an_time_parse(to, &t))
      return false;
    if (strlen(to) == 10)
      t += DAY_US; /* a date includes its whole day */
  }
  if (from) {
    if (!an_time_parse(from, &f))
      return false;
  } else {
    f = t - DAY_US;
  }
  if (f >= t)
    return false;
  *from_us = f;
  *to_us = t;
  return true;
}

/* The tenant_id of one of our lines (written before any client-chosen text); -1 if absent. */
static long long line_tenant(const char *line)
{
  const char *p = strstr(line, "\"tenant_id\":");
  return p ? strtoll(p + 12, NULL, 10) : -1;
}

static long read_file(const char *path, const char *from, const char *to, int64_t tenant_id,
                      void (*cb)(void *cls, const char *line, size_t len), void *cls)
{
  gzFile g = gzopen(path, "rb"); /* reads plain files as they are */
  if (!g)
    return 0;
  long n = 0;
  char buf[16384];
  bool skipping = false; /* inside a line too long for buf: not one of ours */
  while (gzgets(g, buf, sizeof buf)) {
    size_t len = strlen(buf);
    bool whole = len && buf[len - 1] == '\n';
    if (skipping || !whole) {
      skipping = !whole;
      continue;
    }
    buf[--len] = '\0';
    /* {"ts":"2026-12-07T01:02:03.456Z", ... : fixed-width UTC, so text order is time order. */
    if (len < 32 || strncmp(buf, "{\"ts\":\"", 7) != 0)
      continue;
    if (strncmp(buf + 7, from, 24) < 0 || strncmp(buf + 7, to, 24) >= 0)
      continue;
    if (tenant_id >= 0 && line_tenant(buf) != tenant_id)
      continue;
    cb(cls, buf, len);
    n++;
  }
  gzclose(g);
  return n;
}

long an_access_log_read(const char *dir, int64_t from_us, int64_t to_us, int64_t tenant_id,
                        void (*cb)(void *cls, const char *line, size_t len), void *cls)
{
  size_t n = 0;
  struct entry *v = list_dir(dir, &n);
  if (!v)
    return -1;
  char from[40], to[40];
  an_time_format_utc(from_us, from, sizeof from);
  an_time_format_utc(to_us, to, sizeof to);
  /* A line lands in the file of the JST day it was written, a moment after its ts. */
  struct an_date first = jst_date(from_us - DAY_US), last = jst_date(to_us + DAY_US);
  long total = 0;
  for (size_t i = 0; i < n; i++)
    if (an_date_cmp(v[i].day, first) >= 0 && an_date_cmp(v[i].day, last) <= 0)
      total += read_file(v[i].name, from, to, tenant_id, cb, cls);
  free_list(v, n);
  return total;
}
