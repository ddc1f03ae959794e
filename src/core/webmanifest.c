#include "core/webmanifest.h"

#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct entry {
  char *rel;
  uint8_t hash[32];
};

static struct entry *entries;
static size_t nentries;
static char *web_root;

static int by_rel(const void *a, const void *b)
{
  return strcmp(((const struct entry *)a)->rel, ((const struct entry *)b)->rel);
}

static const struct entry *find(const char *rel)
{
  struct entry key = {(char *)(uintptr_t)rel, {0}};
  return nentries ? bsearch(&key, entries, nentries, sizeof *entries, by_rel) : NULL;
}

static bool parse_line(char *line, struct entry *e)
{
  size_t n = strlen(line);
  while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
    line[--n] = 0;
  if (n < 67 || line[64] != ' ' || line[65] != ' ')
    return false;
  size_t bin = 0;
  if (sodium_hex2bin(e->hash, sizeof e->hash, line, 64, NULL, &bin, NULL) != 0 || bin != 32)
    return false;
  e->rel = strdup(line + 66);
  return e->rel != NULL;
}

/* Forgets the loaded manifest. */
static void clear(void)
{
  for (size_t i = 0; i < nentries; i++)
    free(entries[i].rel);
  free(entries);
  entries = NULL;
  nentries = 0;
  free(web_root);
  web_root = NULL;
}

bool an_webmanifest_load(const char *root, const char *path, char *err, size_t errlen)
{
  clear();
  FILE *f = fopen(path, "re");
  if (!f) {
    snprintf(err, errlen, "cannot read the web manifest %s", path);
    return false;
  }
  char *line = NULL;
  size_t cap = 0, lineno = 0;
  bool ok = true;
  while (getline(&line, &cap, f) > 0) {
    lineno++;
    struct entry e;
    struct entry *grown = realloc(entries, (nentries + 1) * sizeof *entries);
    if (!grown || !parse_line(line, &e)) {
      if (grown)
        entries = grown;
      snprintf(err, errlen, "%s line %zu is not \"<sha256>  <path>\"", path, lineno);
      ok = false;
      break;
    }
    entries = grown;
    entries[nentries++] = e;
  }
  free(line);
  fclose(f);
  if (ok)
    qsort(entries, nentries, sizeof *entries, by_rel);
  web_root = ok ? strdup(root) : NULL;
  if (!ok || !web_root) {
    clear();
    return false;
  }
  return true;
}

bool an_webmanifest_active(void)
{
  return web_root != NULL;
}

int an_webmanifest_check(const char *rel, const void *data, size_t len)
{
  if (!web_root)
    return -1;
  const struct entry *e = find(rel);
  if (!e)
    return 0;
  uint8_t h[32];
  crypto_hash_sha256(h, data, len);
  return sodium_memcmp(h, e->hash, 32) == 0 ? 1 : 0;
}

/* The SHA-256 of a file's content, read in pieces; false when it cannot be read. */
static bool hash_file(const char *file, uint8_t out[32])
{
  int fd = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return false;
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  uint8_t chunk[16384];
  ssize_t n;
  while ((n = read(fd, chunk, sizeof chunk)) > 0)
    crypto_hash_sha256_update(&st, chunk, (unsigned long long)n);
  close(fd);
  crypto_hash_sha256_final(&st, out);
  return n == 0;
}

static void add_bad(struct an_buf *bad, int *count, const char *rel)
{
  if (*count)
    an_buf_puts(bad, ", ");
  an_buf_puts(bad, rel);
  (*count)++;
}

/* nftw has no user pointer: the walk's state lives here, used by one walk at a time. */
static struct an_buf *walk_bad;
static int walk_count;
static size_t walk_prefix;

static int unlisted(const char *file, const struct stat *st, int type, struct FTW *ftw)
{
  (void)st;
  (void)ftw;
  if (type == FTW_F && strlen(file) > walk_prefix && !find(file + walk_prefix))
    add_bad(walk_bad, &walk_count, file + walk_prefix);
  return 0;
}

int an_webmanifest_verify(struct an_buf *bad)
{
  if (!web_root)
    return -1;
  int count = 0;
  struct an_buf file = {0};
  for (size_t i = 0; i < nentries; i++) {
    an_buf_reset(&file);
    an_buf_printf(&file, "%s/%s", web_root, entries[i].rel);
    uint8_t h[32];
    if (!hash_file(file.data, h) || sodium_memcmp(h, entries[i].hash, 32) != 0)
      add_bad(bad, &count, entries[i].rel);
  }
  an_buf_free(&file);
  static pthread_mutex_t walk_lock = PTHREAD_MUTEX_INITIALIZER;
  pthread_mutex_lock(&walk_lock);
  walk_bad = bad;
  walk_count = count;
  walk_prefix = strlen(web_root) + 1;
  nftw(web_root, unlisted, 16, FTW_PHYS);
  count = walk_count;
  pthread_mutex_unlock(&walk_lock);
  return count;
}
