#include "backup/keys.h"

#include <dirent.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backup/archive.h"
#include "backup/sftp.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/log.h"
#include "store/seal.h"

#define PREFIX "anshin-keys-"
#define SUFFIX ".ank"

static char *path_in(const char *dir, const char *name)
{
  size_t n = strlen(dir);
  return an_asprintf("%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);
}

static int by_name(const void *a, const void *b)
{
  return strcmp(*(char *const *)b, *(char *const *)a); /* newest first */
}

/* Removes the key backups beyond the kept generations (names sort by their time stamps). */
static void prune(const struct an_config *cfg)
{
  const char *dir = cfg->backup_dir;
  DIR *d = opendir(dir);
  if (!d)
    return;
  char **names = NULL;
  size_t n = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    size_t len = strlen(e->d_name);
    if (strncmp(e->d_name, PREFIX, sizeof PREFIX - 1) || len < sizeof SUFFIX ||
        strcmp(e->d_name + len - (sizeof SUFFIX - 1), SUFFIX))
      continue;
    names = an_realloc(names, (n + 1) * sizeof *names);
    names[n++] = an_strdup(e->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof *names, by_name);
  for (size_t i = 0; i < n; i++) {
    if (i >= AN_BACKUP_KEY_GENERATIONS) {
      char *p = path_in(dir, names[i]), err[512] = "";
      unlink(p);
      free(p);
      if (cfg->backup_sftp_url[0] && !an_sftp_remove(cfg, names[i], err, sizeof err))
        an_log(AN_LOG_WARN, "removing an old key backup from the second site failed",
               json_pack("{s:s}", "error", err));
    }
    free(names[i]);
  }
  free(names);
}

bool an_backup_keys_write(const struct an_ctx *ctx, struct an_db *db, const char *stamp,
                          long *count, char *err, size_t errlen)
{
  json_t *keys = json_array();
  if (an_store_key_list_all(db, keys) < 0) {
    json_decref(keys);
    snprintf(err, errlen, "cannot read the key store");
    return false;
  }
  *count = (long)json_array_size(keys);
  char *name = an_asprintf(PREFIX "%s" SUFFIX, stamp);
  char *path = path_in(ctx->cfg->backup_dir, name), *part = an_asprintf("%s.part", path);
  char *text = json_dumps(keys, JSON_COMPACT);
  json_t *manifest = json_pack("{s:s, s:i}", "kind", "keys", "keys", (int)*count);
  char sha[65];
  long long bytes = 0;
  struct an_archive *a = an_archive_create(part, ctx->keys, err, errlen);
  bool ok = a && an_archive_manifest(a, manifest) && an_archive_write(a, text, strlen(text));
  if (a && ok) {
    ok = an_archive_close(a, sha, &bytes, err, errlen);
    a = NULL;
  }
  an_archive_abort(a);
  ok = ok && rename(part, path) == 0;
  if (!ok) {
    unlink(part);
    if (!err[0])
      snprintf(err, errlen, "cannot store the key backup");
  } else {
    /* The second site gets it too (a lost host must not take the keys with it), under the
     * same short retention. */
    char serr[512] = "";
    if (ctx->cfg->backup_sftp_url[0] && !an_sftp_put(ctx->cfg, path, name, serr, sizeof serr))
      an_log(AN_LOG_WARN, "key backup copy to the second site failed",
             json_pack("{s:s}", "error", serr));
    prune(ctx->cfg);
  }
  sodium_memzero(text, strlen(text));
  free(text);
  json_decref(manifest);
  json_decref(keys);
  free(part);
  free(path);
  free(name);
  return ok;
}

struct reading {
  struct an_buf text;
  bool is_keys;
};

static bool on_manifest(void *cls, json_t *m)
{
  struct reading *r = cls;
  r->is_keys = !strcmp(json_string_value(json_object_get(m, "kind"))
                           ? json_string_value(json_object_get(m, "kind"))
                           : "",
                       "keys");
  json_decref(m);
  return r->is_keys;
}

static bool on_data(void *cls, const void *p, size_t n)
{
  struct reading *r = cls;
  an_buf_append(&r->text, p, n);
  return true;
}

long an_backup_keys_restore(const struct an_keys *keys, const char *path, struct an_db *db,
                            char *err, size_t errlen)
{
  struct reading r = {{0}, false};
  char sha[65];
  if (!an_archive_read(path, keys, on_manifest, on_data, &r, sha, err, errlen)) {
    if (!r.is_keys && !err[0])
      snprintf(err, errlen, "%s is not a key backup", path);
    an_buf_free(&r.text);
    return -1;
  }
  char *text = an_buf_steal(&r.text);
  json_t *list = json_loads(text ? text : "", 0, NULL);
  long n = 0;
  size_t i;
  json_t *k;
  json_array_foreach(list, i, k)
  {
    const char *hex = json_string_value(json_object_get(k, "dek_wrapped"));
    uint8_t wrapped[128];
    size_t len = 0;
    if (!hex || sodium_hex2bin(wrapped, sizeof wrapped, hex, strlen(hex), NULL, &len, NULL) != 0 ||
        an_store_key_put(db, json_integer_value(json_object_get(k, "tenant_id")), wrapped, len) <
            0) {
      snprintf(err, errlen, "cannot put a key into the restored key store");
      n = -1;
      break;
    }
    n++;
  }
  if (!json_is_array(list)) {
    snprintf(err, errlen, "the key backup holds no key list");
    n = -1;
  }
  json_decref(list);
  if (text)
    sodium_memzero(text, strlen(text));
  free(text);
  return n;
}
