#include "crypto/keys.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/files.h"
#include "crypto/token.h"

#define HEX_LEN (2 * AN_KEY_LEN)

_Static_assert(AN_KEY_LEN == crypto_kdf_KEYBYTES, "master key is a crypto_kdf key");

/* Creates every missing directory above path with mode 0700; existing ones are left alone. */
static bool make_parents(const char *path, char *err, size_t errlen)
{
  char *dir = an_strdup(path);
  bool ok = true;
  for (char *p = dir + 1; ok && (p = strchr(p, '/')) != NULL; p++) {
    *p = '\0';
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
      snprintf(err, errlen, "cannot create directory %s: %s", dir, strerror(errno));
      ok = false;
    }
    *p = '/';
  }
  free(dir);
  return ok;
}

/* Makes a new file's directory entry durable: losing the key would lose every tenant's data. */
static void sync_parent(const char *path)
{
  const char *slash = strrchr(path, '/');
  char *dir = slash == NULL   ? an_strdup(".")
              : slash == path ? an_strdup("/")
                              : an_strndup(path, (size_t)(slash - path));
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    (void)fsync(fd);
    close(fd);
  }
  free(dir);
}

/* Writes a new random key to path. Returns 1 when written, 0 on error, -1 when the file
 * appeared meanwhile (another process created it; the caller reads that one). */
static int create_key_file(const char *path, uint8_t key[AN_KEY_LEN], char *err, size_t errlen)
{
  char hex[HEX_LEN + 2];
  if (!make_parents(path, err, errlen))
    return 0;
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno == EEXIST)
    return -1;
  if (fd < 0) {
    snprintf(err, errlen, "cannot create master key file %s: %s", path, strerror(errno));
    return 0;
  }
  randombytes_buf(key, AN_KEY_LEN);
  an_hex_encode(key, AN_KEY_LEN, hex);
  hex[HEX_LEN] = '\n';
  bool ok = an_fd_write_all(fd, hex, HEX_LEN + 1) && fsync(fd) == 0;
  int saved = errno;
  ok = close(fd) == 0 && ok;
  sodium_memzero(hex, sizeof hex);
  if (!ok) {
    snprintf(err, errlen, "cannot write master key file %s: %s", path, strerror(saved));
    unlink(path); /* a half-written key must not be loaded next time */
    sodium_memzero(key, AN_KEY_LEN);
    return 0;
  }
  sync_parent(path);
  return 1;
}

/* Parses 64 hex characters, optionally followed by whitespace (the file's newline). */
static bool parse_hex_key(char *text, uint8_t key[AN_KEY_LEN])
{
  size_t n = strlen(text);
  while (n > 0 && strchr(" \t\r\n", text[n - 1]) != NULL)
    text[--n] = '\0';
  return n == HEX_LEN && an_hex_decode(text, key, AN_KEY_LEN);
}

/* Reads at most cap bytes; returns the count, or -1 on a read error. */
static ssize_t read_upto(int fd, char *buf, size_t cap)
{
  size_t n = 0;
  while (n < cap) {
    ssize_t r = read(fd, buf + n, cap - n);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0)
      return -1;
    if (r == 0)
      break;
    n += (size_t)r;
  }
  return (ssize_t)n;
}

static bool read_key_fd(int fd, const char *path, uint8_t key[AN_KEY_LEN], char *err, size_t errlen)
{
  struct stat st;
  char text[HEX_LEN + 8];

  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    snprintf(err, errlen, "master key file %s is not a regular file", path);
    return false;
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    snprintf(err, errlen,
             "master key file %s has mode %03o: group or others may access it "
             "(run chmod 600 %s)",
             path, (unsigned)(st.st_mode & 0777), path);
    return false;
  }
  ssize_t n = read_upto(fd, text, sizeof text - 1);
  if (n < 0) {
    snprintf(err, errlen, "cannot read master key file %s: %s", path, strerror(errno));
    return false;
  }
  text[n] = '\0';
  /* A full buffer means more than a key and a line end: refuse rather than truncate. */
  bool ok = (size_t)n < sizeof text - 1 && parse_hex_key(text, key);
  if (!ok)
    snprintf(err, errlen, "master key file %s: expected 64 hex characters on one line", path);
  sodium_memzero(text, sizeof text);
  return ok;
}

static bool load_file(const char *path, bool create, uint8_t key[AN_KEY_LEN], char *err,
                      size_t errlen)
{
  if (path == NULL || path[0] == '\0') {
    snprintf(err, errlen, "no master key: set ANSHIN_MASTER_KEY or [keys] master_key_file");
    return false;
  }
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT && create) {
    int made = create_key_file(path, key, err, errlen);
    if (made >= 0)
      return made == 1;
    fd = open(path, O_RDONLY | O_CLOEXEC);
  }
  if (fd < 0) {
    snprintf(err, errlen, "cannot open master key file %s: %s", path, strerror(errno));
    return false;
  }
  bool ok = read_key_fd(fd, path, key, err, errlen);
  close(fd);
  return ok;
}

static bool load_master(const struct an_config *cfg, bool create, uint8_t key[AN_KEY_LEN],
                        char *err, size_t errlen)
{
  const char *env = getenv("ANSHIN_MASTER_KEY");
  if (env == NULL || env[0] == '\0')
    return load_file(cfg->master_key_file, create, key, err, errlen);
  /* A malformed variable is an error, never a silent fall-back to the file. */
  if (strlen(env) == HEX_LEN && an_hex_decode(env, key, AN_KEY_LEN))
    return true;
  snprintf(err, errlen, "ANSHIN_MASTER_KEY: expected 64 hex characters");
  return false;
}

bool an_keys_load(const struct an_config *cfg, bool create, struct an_keys *out, char *err,
                  size_t errlen)
{
  sodium_memzero(out, sizeof *out);
  if (!load_master(cfg, create, out->master, err, errlen)) {
    an_keys_wipe(out);
    return false;
  }
  /* One context per purpose: a subkey never serves two purposes, and none reveals the master. */
  crypto_kdf_derive_from_key(out->audit_mac, AN_KEY_LEN, 1, "anauditm", out->master);
  crypto_kdf_derive_from_key(out->wrap, AN_KEY_LEN, 1, "andekwrp", out->master);
  crypto_kdf_derive_from_key(out->webhook, AN_KEY_LEN, 1, "anwebhok", out->master);
  crypto_kdf_derive_from_key(out->totp_seal, AN_KEY_LEN, 1, "antotpsl", out->master);
  crypto_kdf_derive_from_key(out->recovery_mac, AN_KEY_LEN, 1, "anrecovr", out->master);
  crypto_kdf_derive_from_key(out->email_otp_mac, AN_KEY_LEN, 1, "anemlotp", out->master);
  crypto_kdf_derive_from_key(out->gate_mac, AN_KEY_LEN, 1, "anbasicg", out->master);
  crypto_kdf_derive_from_key(out->mfa_legacy, AN_KEY_LEN, 1, "anmfakey", out->master);
  crypto_kdf_derive_from_key(out->placement_seal, AN_KEY_LEN, 1, "anplacmt", out->master);
  return true;
}

void an_keys_wipe(struct an_keys *keys)
{
  sodium_memzero(keys, sizeof *keys);
}
