#include "ops/monitor_probes.h"

#include <curl/curl.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

#include "core/time.h"
#include "core/webmanifest.h"
#include "store/monitor.h"

#define US INT64_C(1000000)

/* Marks r failed with "<what><arg>". */
static void fail(struct an_probe_result *r, const char *what, const char *arg)
{
  r->ok = false;
  an_buf_puts(&r->detail, what);
  an_buf_puts(&r->detail, arg);
}

static void database(const struct an_ctx *ctx, struct an_db *db, struct an_probe_result *r)
{
  (void)ctx;
  int64_t t0 = an_time_now_us();
  if (!db || an_db_ping(db) < 0) {
    fail(r, "the database does not answer", "");
    return;
  }
  r->value = (an_time_now_us() - t0) / 1000;
  an_buf_printf(&r->detail, "answered in %" PRId64 " ms", r->value);
}

/* The relay accepts a connection (and the TLS handshake for smtps://): libcurl connects only. */
static void mail_relay(const struct an_ctx *ctx, struct an_db *db, struct an_probe_result *r)
{
  (void)db;
  const char *relay = ctx->cfg->mail_relay;
  if (!relay[0]) {
    r->skipped = true;
    return;
  }
  CURL *h = curl_easy_init();
  if (!h) {
    fail(r, "no memory", "");
    return;
  }
  curl_easy_setopt(h, CURLOPT_URL, relay);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(h, CURLOPT_CONNECT_ONLY, 1L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 3000L);
  int64_t t0 = an_time_now_us();
  CURLcode rc = curl_easy_perform(h);
  curl_easy_cleanup(h);
  if (rc != CURLE_OK) {
    fail(r, "the mail relay refuses connections: ", curl_easy_strerror(rc));
    return;
  }
  r->value = (an_time_now_us() - t0) / 1000;
  an_buf_printf(&r->detail, "connected in %" PRId64 " ms", r->value);
}

static void disk(const struct an_ctx *ctx, struct an_db *db, struct an_probe_result *r)
{
  (void)db;
  struct statvfs st;
  if (statvfs(".", &st) != 0 || st.f_blocks == 0) {
    fail(r, "cannot read the data directory's file system", "");
    return;
  }
  r->value = (int64_t)((double)st.f_bavail * 100.0 / (double)st.f_blocks);
  r->ok = r->value >= ctx->cfg->ops_monitor_disk_min_free;
  an_buf_printf(&r->detail, "%" PRId64 "%% free (at least %ld%% required)", r->value,
                ctx->cfg->ops_monitor_disk_min_free);
}

/* MemAvailable against MemTotal from /proc/meminfo (kB). */
static void memory(const struct an_ctx *ctx, struct an_db *db, struct an_probe_result *r)
{
  (void)db;
  FILE *f = fopen("/proc/meminfo", "re");
  long long total = 0, avail = -1, v;
  char key[64];
  while (f && fscanf(f, "%63s %lld kB", key, &v) == 2) {
    if (!strcmp(key, "MemTotal:"))
      total = v;
    else if (!strcmp(key, "MemAvailable:"))
      avail = v;
  }
  if (f)
    fclose(f);
  if (total <= 0 || avail < 0) {
    r->skipped = true;
    return;
  }
  r->value = (int64_t)(avail * 100 / total);
  r->ok = r->value >= ctx->cfg->ops_monitor_memory_min_free;
  an_buf_printf(&r->detail, "%" PRId64 "%% available (at least %ld%% required)", r->value,
                ctx->cfg->ops_monitor_memory_min_free);
}

static void job_queue(const struct an_ctx *ctx, struct an_db *db, struct an_probe_result *r)
{
  int64_t due = 0;
  if (!db || an_store_monitor_oldest_due_job(db, ctx->now, &due) < 0) {
    r->skipped = true; /* the database probe reports that */
    return;
  }
  r->value = due ? (ctx->now - due) / US : 0;
  r->ok = r->value <= ctx->cfg->ops_monitor_queue_lag_s;
  an_buf_printf(&r->detail, "oldest due job waiting %" PRId64 " s (at most %ld s)", r->value,
                ctx->cfg->ops_monitor_queue_lag_s);
}

static void tls_certificate(const struct an_ctx *ctx, struct an_db *db, struct an_probe_result *r)
{
  (void)db;
  if (!an_config_tls(ctx->cfg)) {
    r->skipped = true;
    return;
  }
  gnutls_datum_t pem = {NULL, 0};
  gnutls_x509_crt_t crt = NULL;
  time_t expires = -1;
  if (gnutls_load_file(ctx->cfg->tls_cert, &pem) == 0 && gnutls_x509_crt_init(&crt) == 0 &&
      gnutls_x509_crt_import(crt, &pem, GNUTLS_X509_FMT_PEM) == 0)
    expires = gnutls_x509_crt_get_expiration_time(crt);
  if (crt)
    gnutls_x509_crt_deinit(crt);
  gnutls_free(pem.data);
  if (expires == (time_t)-1) {
    fail(r, "cannot read the certificate ", ctx->cfg->tls_cert);
    return;
  }
  r->value = ((int64_t)expires * US - ctx->now) / (86400 * US);
  r->ok = r->value >= ctx->cfg->ops_monitor_cert_min_days;
  an_buf_printf(&r->detail, "%" PRId64 " days left (at least %ld required)", r->value,
                ctx->cfg->ops_monitor_cert_min_days);
}

static void web_files(const struct an_ctx *ctx, struct an_db *db, struct an_probe_result *r)
{
  (void)ctx;
  (void)db;
  struct an_buf bad = {0};
  int n = an_webmanifest_verify(&bad);
  if (n < 0)
    r->skipped = true;
  r->value = n > 0 ? n : 0;
  if (n > 0)
    fail(r, "differ from the manifest: ", bad.data);
  else if (n == 0)
    an_buf_puts(&r->detail, "every file matches the manifest");
  an_buf_free(&bad);
}

const struct an_probe an_probes[] = {
    {"database", database},   {"mail_relay", mail_relay}, {"disk", disk},
    {"memory", memory},       {"job_queue", job_queue},   {"tls_certificate", tls_certificate},
    {"web_files", web_files},
};
const size_t an_nprobes = sizeof an_probes / sizeof an_probes[0];
