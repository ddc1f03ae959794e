#include "backup/archive.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "crypto/envelope.h"

#define MAGIC "ANSHINB1"
#define MAGIC_LEN 8
#define SALT_LEN 16
#define CHUNK (1u << 20)
#define MAX_RECORD (CHUNK + AN_SEAL_OVERHEAD)
#define MAX_MANIFEST (16u << 20)

struct an_archive {
  FILE *f;
  char *path;
  uint8_t key[32];
  char salt_hex[SALT_LEN * 2 + 1];
  uint64_t index;
  struct an_buf pending;
  crypto_hash_sha256_state sha;
  long long bytes;
  uint8_t *sealed;
};

static void derive(const struct an_keys *keys, const uint8_t salt[SALT_LEN], uint8_t key[32])
{
  uint8_t sub[32];
  crypto_kdf_derive_from_key(sub, sizeof sub, 1, "anbackup", keys->master);
  crypto_generichash(key, 32, salt, SALT_LEN, sub, sizeof sub);
  sodium_memzero(sub, sizeof sub);
}

static void ad_of(const char *salt_hex, uint64_t index, char kind, char *ad, size_t n)
{
  snprintf(ad, n, "anshin:backup:%s:%llu:%c", salt_hex, (unsigned long long)index, kind);
}

static bool put(struct an_archive *a, const void *p, size_t n)
{
  crypto_hash_sha256_update(&a->sha, p, n);
  a->bytes += (long long)n;
  return fwrite(p, 1, n, a->f) == n;
}

static bool record(struct an_archive *a, char kind, const void *p, size_t n)
{
  char ad[96];
  ad_of(a->salt_hex, a->index++, kind, ad, sizeof ad);
  size_t sl = 0;
  if (!an_seal(a->key, p, n, ad, a->sealed, &sl))
    return false;
  uint8_t head[5] = {(uint8_t)(sl >> 24), (uint8_t)(sl >> 16), (uint8_t)(sl >> 8), (uint8_t)sl,
                     (uint8_t)kind};
  return put(a, head, sizeof head) && put(a, a->sealed, sl);
}

struct an_archive *an_archive_create(const char *path, const struct an_keys *keys, char *err,
                                     size_t errlen)
{
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    snprintf(err, errlen, "cannot create %s: %s", path, strerror(errno));
    return NULL;
  }
  struct an_archive *a = an_calloc(sizeof *a);
  a->f = fdopen(fd, "wb");
  a->path = an_strdup(path);
  a->sealed = an_calloc(MAX_MANIFEST + AN_SEAL_OVERHEAD);
  uint8_t salt[SALT_LEN];
  randombytes_buf(salt, sizeof salt);
  sodium_bin2hex(a->salt_hex, sizeof a->salt_hex, salt, sizeof salt);
  derive(keys, salt, a->key);
  crypto_hash_sha256_init(&a->sha);
  if (!put(a, MAGIC, MAGIC_LEN) || !put(a, salt, sizeof salt)) {
    snprintf(err, errlen, "cannot write %s", path);
    an_archive_abort(a);
    return NULL;
  }
  return a;
}

bool an_archive_manifest(struct an_archive *a, const json_t *manifest)
{
  char *text = json_dumps(manifest, JSON_COMPACT | JSON_SORT_KEYS);
  bool ok =
      text && strlen(text) <= MAX_MANIFEST && a->index == 0 && record(a, 'M', text, strlen(text));
  free(text);
  return ok;
}

bool an_archive_write(struct an_archive *a, const void *p, size_t n)
{
  an_buf_append(&a->pending, p, n);
  size_t off = 0;
  bool ok = true;
  while (ok && a->pending.len - off >= CHUNK) {
    ok = record(a, 'D', a->pending.data + off, CHUNK);
    off += CHUNK;
  }
  if (off) {
    memmove(a->pending.data, a->pending.data + off, a->pending.len - off);
    a->pending.len -= off;
  }
  return ok;
}

static void archive_free(struct an_archive *a)
{
  sodium_memzero(a->key, sizeof a->key);
  an_buf_free(&a->pending);
  free(a->sealed);
  free(a->path);
  free(a);
}

bool an_archive_close(struct an_archive *a, char sha256_hex[65], long long *bytes, char *err,
                      size_t errlen)
{
  bool ok = (a->pending.len == 0 || record(a, 'D', a->pending.data, a->pending.len)) &&
            record(a, 'F', "", 0) && fflush(a->f) == 0 && fsync(fileno(a->f)) == 0;
  if (fclose(a->f) != 0)
    ok = false;
  a->f = NULL;
  if (!ok) {
    snprintf(err, errlen, "cannot write %s: %s", a->path, strerror(errno));
    unlink(a->path);
  } else {
    uint8_t h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&a->sha, h);
    sodium_bin2hex(sha256_hex, 65, h, sizeof h);
    *bytes = a->bytes;
  }
  archive_free(a);
  return ok;
}

void an_archive_abort(struct an_archive *a)
{
  if (!a)
    return;
  if (a->f)
    fclose(a->f);
  unlink(a->path);
  archive_free(a);
}

/* ---- reading ---- */

struct reader {
  FILE *f;
  crypto_hash_sha256_state sha;
};

static bool get(struct reader *r, void *p, size_t n)
{
  if (fread(p, 1, n, r->f) != n)
    return false;
  crypto_hash_sha256_update(&r->sha, p, n);
  return true;
}

bool an_archive_read(const char *path, const struct an_keys *keys,
                     bool (*on_manifest)(void *cls, json_t *manifest),
                     bool (*on_data)(void *cls, const void *p, size_t n), void *cls,
                     char sha256_hex[65], char *err, size_t errlen)
{
  struct reader r;
  memset(&r, 0, sizeof r);
  if (errlen)
    err[0] = '\0'; /* a callback may write its own reason */
  r.f = fopen(path, "rb");
  if (!r.f) {
    snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
    return false;
  }
  crypto_hash_sha256_init(&r.sha);
  char magic[MAGIC_LEN];
  uint8_t salt[SALT_LEN], key[32];
  char salt_hex[SALT_LEN * 2 + 1];
  if (!get(&r, magic, MAGIC_LEN) || memcmp(magic, MAGIC, MAGIC_LEN) != 0 ||
      !get(&r, salt, SALT_LEN)) {
    snprintf(err, errlen, "not an anshin backup file");
    fclose(r.f);
    return false;
  }
  sodium_bin2hex(salt_hex, sizeof salt_hex, salt, sizeof salt);
  derive(keys, salt, key);
  uint8_t *sealed = an_calloc(MAX_MANIFEST + AN_SEAL_OVERHEAD);
  uint8_t *plain = an_calloc(MAX_MANIFEST + AN_SEAL_OVERHEAD);
  bool ok = false, done = false;
  for (uint64_t index = 0; !done; index++) {
    uint8_t head[5];
    if (!get(&r, head, sizeof head)) {
      snprintf(err, errlen, "the backup is cut short (record %llu missing)",
               (unsigned long long)index);
      goto out;
    }
    size_t sl = (size_t)head[0] << 24 | (size_t)head[1] << 16 | (size_t)head[2] << 8 | head[3];
    char kind = (char)head[4];
    bool kind_ok = index == 0 ? kind == 'M' : kind == 'D' || kind == 'F';
    size_t max = kind == 'M' ? MAX_MANIFEST + AN_SEAL_OVERHEAD : MAX_RECORD;
    if (!kind_ok || sl > max || !get(&r, sealed, sl)) {
      snprintf(err, errlen, "record %llu is damaged", (unsigned long long)index);
      goto out;
    }
    char ad[96];
    ad_of(salt_hex, index, kind, ad, sizeof ad);
    size_t pl = 0;
    if (!an_open(key, sealed, sl, ad, plain, &pl)) {
      snprintf(err, errlen,
               "record %llu does not authenticate: the file was altered, or it was made under "
               "another master key",
               (unsigned long long)index);
      goto out;
    }
    if (kind == 'M') {
      json_t *m = json_loadb((const char *)plain, pl, 0, NULL);
      if (!m) {
        snprintf(err, errlen, "the manifest is not JSON");
        goto out;
      }
      if (on_manifest && !on_manifest(cls, m)) {
        if (!err[0]) /* the callback's own reason, when it gave one */
          snprintf(err, errlen, "the manifest was refused");
        goto out;
      }
      if (!on_manifest)
        json_decref(m);
    } else if (kind == 'D') {
      if (on_data && !on_data(cls, plain, pl)) {
        if (!err[0])
          snprintf(err, errlen, "writing the restored data failed");
        goto out;
      }
    } else {
      done = true;
    }
  }
  if (fgetc(r.f) != EOF) {
    snprintf(err, errlen, "bytes follow the final record");
    goto out;
  }
  uint8_t h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&r.sha, h);
  sodium_bin2hex(sha256_hex, 65, h, sizeof h);
  ok = true;
out:
  sodium_memzero(key, sizeof key);
  free(sealed);
  free(plain);
  fclose(r.f);
  return ok;
}
