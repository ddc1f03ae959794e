/* The access log on disk: formatting, the writer thread and the daily files. Reading back and
 * maintenance (compression, purge) are in access_files.c. */
#include "core/access_log.h"
#include "core/files.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/alloc.h"
#include "core/ascii.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/periodic.h"
#include "core/time.h"
#include "core/utf8.h"

#define FLUSH_MS 200
#define MAINTAIN_MS (3600L * 1000)
/* Lines waiting for the writer beyond this are dropped (counted): memory stays bounded when the
 * disk is full or stalls. */
#define MAX_PENDING (64u << 20)
/* Bytes of a path written; a longer one is cut (paths are not the place for data). */
#define MAX_PATH_BYTES 256

static struct {
  atomic_bool running;
  pthread_mutex_t mu; /* pending, dropped */
  struct an_buf pending;
  struct an_buf spare;
  unsigned long dropped;
  pthread_mutex_t file_mu; /* the open file, its name; held by the writer while writing */
  FILE *f;
  char *name;    /* full path of the open file */
  char date[16]; /* its JST day */
  int part;
  long size;
  bool open_failed_logged;
  char *dir;
  long max_bytes;
  long retention_days;
  struct an_periodic *flusher, *maintainer;
} W = {.mu = PTHREAD_MUTEX_INITIALIZER, .file_mu = PTHREAD_MUTEX_INITIALIZER};

/* ---- formatting ------------------------------------------------------------------------- */

/* Appends s (n bytes) escaped for a JSON string: quotes, backslashes, control characters and
 * bytes that are not well-formed UTF-8 escaped, so a line is valid JSON whatever a client sent. */
static void json_esc(struct an_buf *b, const char *s, size_t n)
{
  static const char hex[] = "0123456789abcdef";
  const unsigned char *u = (const unsigned char *)s;
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = u[i];
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
      continue;
    size_t mb = c >= 0x80 ? an_utf8_seq_len((const char *)u + i, n - i) : 0;
    if (mb) {
      i += mb - 1;
      continue;
    }
    an_buf_append(b, s + run, i - run);
    run = i + 1;
    if (c == '"' || c == '\\') {
      char e[2] = {'\\', (char)c};
      an_buf_append(b, e, 2);
    } else {
      char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      an_buf_append(b, e, 6);
    }
  }
  an_buf_append(b, s + run, n - run);
}

/* Appends ,"key":"value" (or {"key":"value" when first) with value escaped. */
static void field_str(struct an_buf *b, const char *key, const char *s, size_t n)
{
  an_buf_puts(b, key);
  an_buf_append(b, "\"", 1);
  json_esc(b, s, n);
  an_buf_append(b, "\"", 1);
}

/* Appends key then the decimal v. */
static void field_int(struct an_buf *b, const char *key, long long v)
{
  char digits[24], *p = digits + sizeof digits;
  unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
  do {
    *--p = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0)
    *--p = '-';
  an_buf_puts(b, key);
  an_buf_append(b, p, (size_t)(digits + sizeof digits - p));
}

static bool token_char(char c)
{
  return an_ascii_alnum_or(c, "-_.~+=");
}

/* A segment of 20 or more token characters is treated as a secret (a session or API token pasted
 * into a URL; no route of ours carries one in its path) when it has a digit or both upper and
 * lower case letters: random base64url has one or the other unless astronomically unlucky, while
 * digits alone were not enough (one 43-character token in about 1,600 has none). Our own long
 * names (pages, scripts) are lower case words with dashes and dots. */
static bool looks_like_token(const char *s, size_t n)
{
  if (n < 20)
    return false;
  bool digit = false, lower = false, upper = false;
  for (size_t i = 0; i < n; i++) {
    if (!token_char(s[i]))
      return false;
    digit |= s[i] >= '0' && s[i] <= '9';
    lower |= s[i] >= 'a' && s[i] <= 'z';
    upper |= s[i] >= 'A' && s[i] <= 'Z';
  }
  return (digit && (lower || upper)) || (lower && upper);
}

/* Appends the path as logged, escaped: no query string, at most MAX_PATH_BYTES, token-like
 * segments redacted. */
static void safe_path(const char *path, struct an_buf *out)
{
  path = path ? path : "";
  size_t n = strcspn(path, "?#");
  if (n > MAX_PATH_BYTES)
    n = MAX_PATH_BYTES;
  size_t start = 0;
  for (size_t i = 0; i <= n; i++) {
    if (i < n && path[i] != '/')
      continue;
    if (looks_like_token(path + start, i - start))
      an_buf_puts(out, "[redacted]");
    else
      json_esc(out, path + start, i - start);
    if (i < n)
      an_buf_append(out, "/", 1);
    start = i + 1;
  }
}

/* "YYYY-MM-DDTHH:MM:SS.mmmZ" of us, the seconds formatted once per second per thread. */
static void put_ts(struct an_buf *b, int64_t us)
{
  static _Thread_local int64_t cached_sec = -1;
  static _Thread_local char cached[32];
  int64_t sec = us / 1000000;
  if (sec != cached_sec) {
    time_t t = (time_t)sec;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(cached, sizeof cached, "%Y-%m-%dT%H:%M:%S", &tm);
    cached_sec = sec;
  }
  int ms = (int)(us / 1000 % 1000);
  char frac[6] = {
      '.', (char)('0' + ms / 100), (char)('0' + ms / 10 % 10), (char)('0' + ms % 10), 'Z', '"'};
  an_buf_puts(b, cached);
  an_buf_append(b, frac, sizeof frac);
}

void an_access_log_format(const struct an_access_rec *rec, struct an_buf *out)
{
  const struct an_ctx *c = rec->ctx;
  const char *method = rec->method ? rec->method : "";
  const char *subject = an_subject_name(c->subject);
  /* ts first and tenant_id before any text a client chose: the reader relies on both. */
  an_buf_puts(out, "{\"ts\":\"");
  put_ts(out, c->now);
  field_str(out, ",\"request_id\":", c->request_id, strlen(c->request_id));
  field_int(out, ",\"status\":", rec->status);
  field_int(out, ",\"duration_ms\":", rec->micros / 1000);
  char frac[4] = {'.', (char)('0' + rec->micros / 100 % 10), (char)('0' + rec->micros / 10 % 10),
                  (char)('0' + rec->micros % 10)};
  an_buf_append(out, frac, rec->micros >= 0 ? sizeof frac : 0);
  field_str(out, ",\"client_ip\":", c->client_ip, strlen(c->client_ip));
  field_int(out, ",\"tenant_id\":", c->tenant_id);
  field_str(out, ",\"subject\":", subject, strlen(subject));
  field_int(out, ",\"subject_id\":", c->subject_id);
  field_str(out, ",\"method\":", method, strnlen(method, 32));
  field_str(out, ",\"actor\":", c->actor, strlen(c->actor));
  an_buf_puts(out, ",\"route\":");
  if (rec->route) {
    an_buf_append(out, "\"", 1);
    json_esc(out, rec->route, strlen(rec->route));
    an_buf_append(out, "\"", 1);
  } else {
    an_buf_puts(out, "null");
  }
  an_buf_puts(out, ",\"path\":\"");
  safe_path(rec->path, out);
  an_buf_puts(out, "\"}\n");
}

/* ---- the writer ------------------------------------------------------------------------- */

static void jst_day(int64_t us, char out[16])
{
  time_t s = (time_t)(us / 1000000 + 9 * 3600);
  struct tm tm;
  gmtime_r(&s, &tm);
  strftime(out, 16, "%Y-%m-%d", &tm);
}

static char *part_name(const char *day, int part)
{
  return part ? an_asprintf("%s/access-%s.%d.jsonl", W.dir, day, part)
              : an_asprintf("%s/access-%s.jsonl", W.dir, day);
}

static bool exists(const char *path, long *size)
{
  struct stat st;
  if (stat(path, &st) != 0)
    return false;
  if (size)
    *size = (long)st.st_size;
  return true;
}

/* Opens the first part of day (from part `from` on) that is neither compressed nor full.
 * Caller holds file_mu. */
static bool open_part(const char *day, int from)
{
  if (W.f)
    fclose(W.f);
  W.f = NULL;
  free(W.name);
  W.name = NULL;
  for (int part = from; part < 100000; part++) {
    char *name = part_name(day, part);
    char *gz = an_asprintf("%s.gz", name);
    long size = 0;
    bool skip = exists(gz, NULL) || (exists(name, &size) && size >= W.max_bytes);
    free(gz);
    if (skip) {
      free(name);
      continue;
    }
    mode_t old = umask(077);
    W.f = fopen(name, "a");
    umask(old);
    if (!W.f) {
      if (!W.open_failed_logged)
        an_log(AN_LOG_ERROR, "access log: cannot open file",
               json_pack("{s:s, s:s}", "file", name, "error", strerror(errno)));
      W.open_failed_logged = true;
      free(name);
      return false;
    }
    W.open_failed_logged = false;
    W.name = name;
    W.part = part;
    W.size = size;
    snprintf(W.date, sizeof W.date, "%s", day);
    return true;
  }
  return false;
}

static void write_batch(const char *data, size_t len)
{
  char day[16];
  jst_day(an_time_now_us(), day);
  pthread_mutex_lock(&W.file_mu);
  if ((!W.f || strcmp(day, W.date) != 0) && !open_part(day, 0)) {
    pthread_mutex_unlock(&W.file_mu);
    return; /* logged once by open_part; these lines are lost */
  }
  const char *p = data, *end = data + len;
  if (W.size + (long)len <= W.max_bytes && fwrite(data, 1, len, W.f) == len) {
    W.size += (long)len;
    p = end;
  }
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
    if (W.size > 0 && W.size + (long)n > W.max_bytes && !open_part(day, W.part + 1))
      break;
    if (fwrite(p, 1, n, W.f) != n)
      break;
    W.size += (long)n;
    p += n;
  }
  if (W.f)
    fflush(W.f);
  pthread_mutex_unlock(&W.file_mu);
}

static void flush_once(void *arg)
{
  (void)arg;
  pthread_mutex_lock(&W.mu);
  struct an_buf batch = W.pending;
  W.pending = W.spare;
  W.spare = (struct an_buf){0};
  unsigned long dropped = W.dropped;
  W.dropped = 0;
  pthread_mutex_unlock(&W.mu);
  if (batch.len)
    write_batch(batch.data, batch.len);
  if (dropped)
    an_log(AN_LOG_ERROR, "access log: lines dropped (the writer fell behind)",
           json_pack("{s:I}", "dropped", (json_int_t)dropped));
  an_buf_reset(&batch);
  pthread_mutex_lock(&W.mu);
  if (!W.spare.data)
    W.spare = batch; /* keep the memory for the next swap */
  else
    an_buf_free(&batch);
  pthread_mutex_unlock(&W.mu);
}

static void maintain_once(void *arg)
{
  (void)arg;
  pthread_mutex_lock(&W.file_mu);
  char *keep = an_strdup(W.name);
  pthread_mutex_unlock(&W.file_mu);
  int compressed = 0, purged = 0;
  if (!an_access_log_maintain(W.dir, W.retention_days, an_time_now_us(), keep, &compressed,
                              &purged))
    an_log(AN_LOG_ERROR, "access log: cannot read the directory", json_pack("{s:s}", "dir", W.dir));
  else if (compressed || purged)
    an_log(AN_LOG_INFO, "access log maintained",
           json_pack("{s:i, s:i}", "compressed", compressed, "purged", purged));
  free(keep);
}

bool an_access_log_start(const struct an_config *cfg)
{
  if (!cfg->access_dir || !cfg->access_dir[0])
    return true;
  if (!an_mkdirs(cfg->access_dir)) {
    an_log(AN_LOG_ERROR, "access log: cannot create the directory",
           json_pack("{s:s, s:s}", "dir", cfg->access_dir, "error", strerror(errno)));
    return false;
  }
  W.dir = an_strdup(cfg->access_dir);
  W.max_bytes = cfg->access_file_max_bytes;
  W.retention_days = cfg->access_retention_days;
  W.flusher = an_periodic_start(flush_once, NULL, FLUSH_MS);
  W.maintainer = an_periodic_start(maintain_once, NULL, MAINTAIN_MS);
  if (!W.flusher || !W.maintainer) {
    an_access_log_stop();
    an_log(AN_LOG_ERROR, "access log: cannot start its threads", NULL);
    return false;
  }
  atomic_store(&W.running, true);
  return true;
}

void an_access_log_write(const struct an_access_rec *rec)
{
  if (!atomic_load_explicit(&W.running, memory_order_relaxed))
    return;
  /* One allocation: a line is a few hundred bytes. */
  struct an_buf line = {an_realloc(NULL, 1024), 0, 1024};
  line.data[0] = '\0';
  an_access_log_format(rec, &line);
  pthread_mutex_lock(&W.mu);
  if (W.pending.len + line.len <= MAX_PENDING)
    an_buf_append(&W.pending, line.data, line.len);
  else
    W.dropped++;
  pthread_mutex_unlock(&W.mu);
  an_buf_free(&line);
}

void an_access_log_stop(void)
{
  atomic_store(&W.running, false);
  an_periodic_stop(W.flusher);
  an_periodic_stop(W.maintainer);
  W.flusher = W.maintainer = NULL;
  flush_once(NULL); /* what came in before the stop */
  pthread_mutex_lock(&W.file_mu);
  if (W.f)
    fclose(W.f);
  W.f = NULL;
  free(W.name);
  W.name = NULL;
  W.date[0] = '\0';
  pthread_mutex_unlock(&W.file_mu);
  an_buf_free(&W.pending);
  an_buf_free(&W.spare);
  free(W.dir);
  W.dir = NULL;
}
