#include "backup/sftp.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"

/* The directory path of the site's URL ("/srv/backups/"), decoded, for rename and rm. */
static char *dir_path(const char *url)
{
  CURLU *u = curl_url();
  char *path = NULL, *out = NULL;
  if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
      curl_url_get(u, CURLUPART_PATH, &path, CURLU_URLDECODE) == CURLUE_OK) {
    size_t n = strlen(path);
    out = an_asprintf("%s%s", path, n && path[n - 1] == '/' ? "" : "/");
  }
  curl_free(path);
  curl_url_cleanup(u);
  return out;
}

static CURL *session(const struct an_config *cfg, const char *url, char *errbuf)
{
  CURL *c = curl_easy_init();
  if (!c)
    return NULL;
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "sftp");
  curl_easy_setopt(c, CURLOPT_SSH_AUTH_TYPES, (long)CURLSSH_AUTH_PUBLICKEY);
  curl_easy_setopt(c, CURLOPT_SSH_PRIVATE_KEYFILE, cfg->backup_sftp_key);
  char *pub = an_asprintf("%s.pub", cfg->backup_sftp_key);
  if (access(pub, R_OK) == 0)
    curl_easy_setopt(c, CURLOPT_SSH_PUBLIC_KEYFILE, pub);
  free(pub);
  /* Without a known_hosts file libcurl would accept any host key: refuse to run instead. */
  curl_easy_setopt(c, CURLOPT_SSH_KNOWNHOSTS, cfg->backup_sftp_known_hosts);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 3600L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  return c;
}

static bool configured(const struct an_config *cfg, char *err, size_t errlen)
{
  if (!cfg->backup_sftp_url[0] || !cfg->backup_sftp_key[0] || !cfg->backup_sftp_known_hosts[0]) {
    snprintf(err, errlen, "[backup] sftp_url, sftp_key and sftp_known_hosts must all be set");
    return false;
  }
  return true;
}

/* Runs the transfer set up on c and ends the session (c NULL: the session could not be made,
 * false). False with err on a failed transfer. */
static bool perform(CURL *c, const char *errbuf, char *err, size_t errlen)
{
  if (!c)
    return false;
  CURLcode rc = curl_easy_perform(c);
  curl_easy_cleanup(c);
  if (rc != CURLE_OK)
    snprintf(err, errlen, "sftp: %s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
  return rc == CURLE_OK;
}

/* The URL of name (and suffix) in the [backup] sftp_url directory. */
static char *url_of(const struct an_config *cfg, const char *name, const char *suffix)
{
  const char *base = cfg->backup_sftp_url;
  size_t bl = strlen(base);
  return an_asprintf("%s%s%s%s", base, bl && base[bl - 1] == '/' ? "" : "/", name, suffix);
}

/* Appends the SFTP command cmd (taken over) to list; libcurl keeps a copy of its own. */
static struct curl_slist *command(struct curl_slist *list, char *cmd)
{
  list = curl_slist_append(list, cmd);
  free(cmd);
  return list;
}

/* Appends the command that removes dir/name, if it is there ('*': may be absent). */
static struct curl_slist *remove_cmd(struct curl_slist *list, const char *dir, const char *name)
{
  return command(list, an_asprintf("*rm %s%s", dir, name));
}

bool an_sftp_put(const struct an_config *cfg, const char *local_path, const char *name, char *err,
                 size_t errlen)
{
  if (!configured(cfg, err, errlen))
    return false;
  char *dir = dir_path(cfg->backup_sftp_url);
  FILE *f = fopen(local_path, "rb");
  if (!dir || !f) {
    snprintf(err, errlen, "%s", dir ? "cannot read the backup file" : "bad [backup] sftp_url");
    free(dir);
    if (f)
      fclose(f);
    return false;
  }
  char *url = url_of(cfg, name, ".part");
  struct curl_slist *post = remove_cmd(NULL, dir, name);
  post = command(post, an_asprintf("rename %s%s.part %s%s", dir, name, dir, name));
  char errbuf[CURL_ERROR_SIZE] = "";
  CURL *c = session(cfg, url, errbuf);
  if (c) {
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READDATA, f);
    curl_easy_setopt(c, CURLOPT_FTP_CREATE_MISSING_DIRS, (long)CURLFTP_CREATE_DIR);
    curl_easy_setopt(c, CURLOPT_NEW_FILE_PERMS, 0600L);
    curl_easy_setopt(c, CURLOPT_POSTQUOTE, post);
  }
  bool ok = perform(c, errbuf, err, errlen);
  curl_slist_free_all(post);
  free(url);
  free(dir);
  fclose(f);
  return ok;
}

bool an_sftp_remove(const struct an_config *cfg, const char *name, char *err, size_t errlen)
{
  if (!configured(cfg, err, errlen))
    return false;
  char *dir = dir_path(cfg->backup_sftp_url);
  if (!dir) {
    snprintf(err, errlen, "bad [backup] sftp_url");
    return false;
  }
  struct curl_slist *q = remove_cmd(NULL, dir, name);
  char errbuf[CURL_ERROR_SIZE] = "";
  CURL *c = session(cfg, cfg->backup_sftp_url, errbuf);
  if (c) {
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    curl_easy_setopt(c, CURLOPT_QUOTE, q);
  }
  bool ok = perform(c, errbuf, err, errlen);
  curl_slist_free_all(q);
  free(dir);
  return ok;
}

static size_t hash_cb(char *p, size_t size, size_t n, void *cls)
{
  crypto_hash_sha256_update(cls, (const unsigned char *)p, size * n);
  return size * n;
}

bool an_sftp_sha256(const struct an_config *cfg, const char *name, char sha256_hex[65], char *err,
                    size_t errlen)
{
  sha256_hex[0] = 0;
  if (!configured(cfg, err, errlen))
    return false;
  char *url = url_of(cfg, name, "");
  char errbuf[CURL_ERROR_SIZE] = "";
  CURL *c = session(cfg, url, errbuf);
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  if (c) {
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, hash_cb);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &st);
  }
  bool ok = perform(c, errbuf, err, errlen);
  if (ok) {
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(sha256_hex, 65, h, sizeof h);
  }
  free(url);
  return ok;
}

char *an_sftp_label(const struct an_config *cfg)
{
  CURLU *u = curl_url();
  char *s = NULL, *out = NULL;
  if (curl_url_set(u, CURLUPART_URL, cfg->backup_sftp_url, 0) == CURLUE_OK) {
    curl_url_set(u, CURLUPART_USER, NULL, 0);
    curl_url_set(u, CURLUPART_PASSWORD, NULL, 0);
    if (curl_url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK)
      out = an_strdup(s);
  }
  curl_free(s);
  curl_url_cleanup(u);
  return out ? out : an_strdup("sftp");
}
