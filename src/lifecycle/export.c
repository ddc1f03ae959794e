#include "lifecycle/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "audit/audit.h"
#include "core/alloc.h"
#include "core/csv.h"
#include "core/files.h"
#include "core/log.h"
#include "core/periodic.h"
#include "core/time.h"
#include "crypto/token.h"
#include "store/exports.h"
#include "store/rows.h"

#define HOUR_US (3600LL * 1000000LL)

typedef int (*read_fn)(struct an_db *db, int64_t tenant_id, json_t *out);

/* The files of an export: name, the tenant-scoped read, and the CSV columns (the read's
 * aliases, so the header is there even when there are no rows). */
static const struct {
  const char *name;
  read_fn read;
  const char *cols;
} kinds[] = {
    {"users", an_store_export_users,
     "id,login,display_name,email,roles,status,lang,created_at,updated_at,last_login_at,"
     "password_changed_at"},
    {"contracts", an_store_export_contracts,
     "id,number,service,plan,status,status_reason,start_on,requested_end_on,end_on,"
     "access_end_on,billing_end_on,deletion_due_on,created_at,updated_at"},
    {"change_requests", an_store_export_change_requests,
     "id,contract_id,kind,plan_id,details,effective_on,status,requested_by,decided_by,"
     "decision_message,decided_at,applied_at,created_at"},
    {"audit_events", an_store_export_audit,
     "event_at,actor_kind,actor_label,action,target,outcome,client_ip,request_id,details"},
    {"handovers", an_store_export_handovers,
     "id,recipient_kind,recipient,purpose,fields,records,actor,created_at"},
    {"invoices", an_store_export_invoices,
     "id,number,kind,shop,month,corrects,issuer_name,issuer_registration,recipient_name,"
     "subtotal_10,tax_10,subtotal_8,tax_8,total,reason,issued_on,due_on,lines"},
    {"tickets", an_store_export_tickets,
     "id,ref,channel,category,status,subject,requester_name,requester_email,lang,contract_id,"
     "first_response_at,resolved_at,closed_at,created_at"},
    {"ticket_messages", an_store_export_ticket_messages,
     "id,ticket_id,ref,kind,author_kind,author_label,body,created_at"},
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

static int64_t tenant_of(const struct an_ctx *ctx)
{
  return an_scope_tenant(ctx);
}

static int audit_tenant(const struct an_ctx *ctx, struct an_db *db, const char *action,
                        int64_t tenant_id, int64_t id, json_t *details)
{
  /* details stay the caller's: the log takes a reference of its own */
  return an_audit_changed(ctx, db, action, "export", id, tenant_id, json_incref(details));
}

/* ---- asking ---- */

struct request_args {
  const struct an_ctx *ctx;
  int64_t tenant_id, id;
  enum an_ec refused;
};

static int request_txn(struct an_db *db, void *cls)
{
  struct request_args *a = cls;
  int64_t recent = 0, open = 0;
  a->refused = AN_EC_OK;
  int rc = an_store_export_counts(db, a->tenant_id, a->ctx->now - 24 * HOUR_US, &recent, &open);
  if (rc < 0)
    return rc;
  if (open > 0 || recent >= a->ctx->cfg->export_per_day) {
    a->refused = open > 0 ? AN_EC_GENERIC_CONFLICT : AN_EC_GENERIC_RATE_LIMITED;
    return AN_DB_ROLLBACK;
  }
  if ((rc = an_store_export_add(db, a->tenant_id, a->ctx->actor, a->ctx->now, &a->id)) < 0)
    return rc;
  return audit_tenant(a->ctx, db, "data.export_request", a->tenant_id, a->id, NULL);
}

enum an_ec an_export_request(const struct an_ctx *ctx, struct an_db *db, json_t **out)
{
  int64_t tenant = tenant_of(ctx);
  if (!tenant)
    return AN_EC_GENERIC_NOT_FOUND;
  struct request_args a = {ctx, tenant, 0, AN_EC_OK};
  int rc = an_db_txn(db, request_txn, &a);
  if (rc == AN_DB_ROLLBACK)
    return a.refused;
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  return an_export_get(ctx, db, a.id, out);
}

enum an_ec an_export_list(const struct an_ctx *ctx, struct an_db *db, json_t *out)
{
  int64_t tenant = tenant_of(ctx);
  if (!tenant)
    return AN_EC_GENERIC_NOT_FOUND;
  return an_store_export_list(db, tenant, out) >= 0 ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
}

/* Export id of the caller's tenant into *e: not found for a caller without one. */
static enum an_ec find(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **e)
{
  int64_t tenant = tenant_of(ctx);
  int rc = tenant ? an_store_export_get(db, tenant, id, e) : 0;
  return an_ec_of_read(rc);
}

enum an_ec an_export_get(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **out)
{
  json_t *e = NULL;
  enum an_ec ec = find(ctx, db, id, &e);
  if (ec != AN_EC_OK)
    return ec;
  *out = json_pack("{s:o}", "export", e);
  return AN_EC_OK;
}

enum an_ec an_export_link(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **out)
{
  int64_t tenant = tenant_of(ctx);
  json_t *e = NULL;
  enum an_ec ec = find(ctx, db, id, &e);
  if (ec != AN_EC_OK)
    return ec;
  bool ready = !strcmp(an_rec_str(e, "status"), "ready");
  char expires[40];
  snprintf(expires, sizeof expires, "%s", an_rec_str(e, "expires_at"));
  json_decref(e);
  if (!ready)
    return AN_EC_GENERIC_CONFLICT;
  char token[AN_TOKEN_STR], hex[AN_HASH_LEN * 2 + 1];
  uint8_t h[AN_HASH_LEN];
  an_token_new(token);
  an_token_hash(token, h);
  an_hex_encode(h, sizeof h, hex);
  if (an_store_export_set_token(db, tenant, id, hex) != 1)
    return AN_EC_GENERIC_CONFLICT;
  char *url = an_asprintf("/api/v1/exports/download/%s", token);
  *out = json_pack("{s:s, s:s}", "download_url", url, "expires_at", expires);
  free(url);
  an_wipe(token, sizeof token);
  return AN_EC_OK;
}

struct download_args {
  const struct an_ctx *ctx;
  int64_t tenant_id, id;
};

static int download_txn(struct an_db *db, void *cls)
{
  struct download_args *a = cls;
  int rc = an_store_export_downloaded(db, a->tenant_id, a->id, a->ctx->now);
  if (rc != 1)
    return rc < 0 ? rc : AN_DB_ROLLBACK; /* used already (a race with another download) */
  return audit_tenant(a->ctx, db, "data.download", a->tenant_id, a->id, NULL);
}

enum an_ec an_export_download(const struct an_ctx *ctx, struct an_db *db, const char *token,
                              struct an_buf *out, char **name)
{
  int64_t tenant = tenant_of(ctx);
  char hex[AN_HASH_LEN * 2 + 1];
  uint8_t h[AN_HASH_LEN];
  an_token_hash(token, h);
  an_hex_encode(h, sizeof h, hex);
  json_t *e = NULL;
  int rc = tenant ? an_store_export_by_token(db, tenant, hex, ctx->now, &e) : 0;
  if (rc <= 0)
    return an_ec_of_read(rc);
  char *path = an_asprintf("%s/%s", ctx->cfg->export_dir, an_rec_str(e, "file_name"));
  enum an_ec ec = an_file_read_all(path, out) ? AN_EC_OK : AN_EC_GENERIC_NOT_FOUND;
  struct download_args a = {ctx, tenant, an_rec_int(e, "id")};
  if (ec == AN_EC_OK) {
    rc = an_db_txn(db, download_txn, &a);
    ec = rc == AN_DB_ROLLBACK ? AN_EC_GENERIC_NOT_FOUND
         : rc < 0             ? AN_EC_GENERIC_INTERNAL
                              : AN_EC_OK;
  }
  if (ec == AN_EC_OK) {
    unlink(path); /* the link worked once; the file goes with it */
    *name = an_strdup(an_rec_str(e, "file_name"));
  }
  free(path);
  json_decref(e);
  return ec;
}

/* ---- building ---- */

static void csv_of(struct an_buf *b, const char *cols, const json_t *rows)
{
  an_buf_puts(b, "\xEF\xBB\xBF"); /* BOM: spreadsheets then read UTF-8 */
  char *names = an_strdup(cols);
  size_t ncols = 1;
  for (char *p = names; *p; p++)
    if (*p == ',')
      ncols++;
  const char **col = an_calloc(ncols * sizeof *col);
  size_t k = 0;
  for (char *tok = strtok(names, ","); tok; tok = strtok(NULL, ","))
    col[k++] = tok;
  for (size_t i = 0; i < k; i++)
    an_csv_field(b, col[i], i + 1 == k);
  size_t r;
  json_t *row;
  json_array_foreach(rows, r, row)
  {
    for (size_t i = 0; i < k; i++) {
      json_t *v = json_object_get(row, col[i]);
      bool last = i + 1 == k;
      if (json_is_integer(v))
        an_csv_int(b, json_integer_value(v), last);
      else
        an_csv_field(b, json_is_string(v) ? json_string_value(v) : "", last);
    }
  }
  free(col);
  free(names);
}

struct built {
  char *data[2 * NKINDS + 1];
  size_t n;
};

static bool add(zip_t *z, struct built *keep, const char *name, char *data, size_t len)
{
  keep->data[keep->n++] = data; /* libzip reads it at zip_close */
  zip_source_t *src = zip_source_buffer(z, data, len, 0);
  if (!src || zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
    zip_source_free(src);
    return false;
  }
  return true;
}

static bool build_zip(const struct an_ctx *ctx, struct an_db *db, int64_t tenant, int64_t id,
                      const char *path, json_t *counts, char *err, size_t errlen)
{
  int zerr = 0;
  zip_t *z = zip_open(path, ZIP_CREATE | ZIP_EXCL, &zerr);
  if (!z) {
    snprintf(err, errlen, "cannot create the ZIP (libzip error %d)", zerr);
    return false;
  }
  struct built keep = {{0}, 0};
  bool ok = true;
  for (size_t i = 0; ok && i < NKINDS; i++) {
    json_t *rows = json_array();
    ok = kinds[i].read(db, tenant, rows) >= 0;
    json_object_set_new(counts, kinds[i].name, json_integer((json_int_t)json_array_size(rows)));
    struct an_buf csv = {0};
    csv_of(&csv, kinds[i].cols, rows);
    char *js = json_dumps(rows, JSON_INDENT(1));
    char *csv_name = an_asprintf("%s.csv", kinds[i].name);
    char *json_name = an_asprintf("%s.json", kinds[i].name);
    size_t csv_len = csv.len;
    ok = ok && js && add(z, &keep, csv_name, an_buf_steal(&csv), csv_len) &&
         add(z, &keep, json_name, js, strlen(js));
    an_buf_free(&csv);
    free(csv_name);
    free(json_name);
    json_decref(rows);
    an_store_export_progress(db, tenant, id, (int64_t)((i + 1) * 90 / NKINDS));
  }
  char at[40];
  an_time_format_utc(ctx->now, at, sizeof at);
  json_t *manifest =
      json_pack("{s:I, s:s, s:O, s:s}", "tenant_id", (json_int_t)tenant, "created_at", at, "counts",
                counts, "encoding", "CSV: UTF-8 with BOM, RFC 4180; JSON: UTF-8");
  char *m = json_dumps(manifest, JSON_INDENT(1) | JSON_SORT_KEYS);
  json_decref(manifest);
  ok = ok && m && add(z, &keep, "manifest.json", m, strlen(m));
  if (ok && zip_close(z) == 0) {
    z = NULL;
  } else {
    snprintf(err, errlen, "cannot write the ZIP: %s", zip_strerror(z));
    zip_discard(z);
    unlink(path);
    ok = false;
  }
  for (size_t i = 0; i < keep.n; i++)
    free(keep.data[i]);
  return ok;
}

struct built_args {
  const struct an_ctx *ctx;
  int64_t tenant, id, bytes;
  const char *file;
  json_t *counts;
};

static int built_txn(struct an_db *db, void *cls)
{
  struct built_args *a = cls;
  int rc = an_store_export_ready(db, a->tenant, a->id, a->file, a->bytes, a->ctx->now,
                                 a->ctx->now + a->ctx->cfg->export_ttl_hours * HOUR_US);
  if (rc < 0)
    return rc;
  json_t *d = json_pack("{s:I, s:O}", "bytes", (json_int_t)a->bytes, "counts", a->counts);
  rc = audit_tenant(a->ctx, db, "data.export", a->tenant, a->id, d);
  json_decref(d);
  return rc;
}

static void expire(const struct an_ctx *ctx, struct an_db *db)
{
  json_t *gone = json_array();
  if (an_store_export_expire_all(db, ctx->now, gone) > 0) {
    size_t i;
    json_t *e;
    json_array_foreach(gone, i, e)
    {
      char *path = an_asprintf("%s/%s", ctx->cfg->export_dir, an_rec_str(e, "file_name"));
      unlink(path);
      free(path);
    }
  }
  json_decref(gone);
}

int an_export_work(const struct an_ctx *ctx, struct an_db *db)
{
  expire(ctx, db);
  json_t *job = NULL;
  if (an_store_export_claim_all(db, &job) != 1)
    return 0;
  int64_t tenant = an_rec_int(job, "tenant_id"), id = an_rec_int(job, "id");
  json_decref(job);
  an_mkdirs(ctx->cfg->export_dir);
  char name[96], rnd[17];
  an_random_hex(8, rnd);
  snprintf(name, sizeof name, "export-%lld-%lld-%s.zip", (long long)tenant, (long long)id, rnd);
  char *path = an_asprintf("%s/%s", ctx->cfg->export_dir, name);
  char err[256] = "";
  json_t *counts = json_object();
  bool ok = build_zip(ctx, db, tenant, id, path, counts, err, sizeof err);
  struct stat st;
  if (ok && (stat(path, &st) != 0 || st.st_size > ctx->cfg->export_max_bytes)) {
    snprintf(err, sizeof err, "the export is larger than [lifecycle] export_max_bytes");
    unlink(path);
    ok = false;
  }
  struct built_args a = {ctx, tenant, id, ok ? (int64_t)st.st_size : 0, name, counts};
  if (!ok || an_db_txn_mode(db, AN_DB_READ_COMMITTED, built_txn, &a) < 0) {
    an_log(AN_LOG_ERROR, "an export failed",
           json_pack("{s:I, s:I, s:s}", "tenant_id", (json_int_t)tenant, "export_id",
                     (json_int_t)id, "error", err));
    an_store_export_failed(db, tenant, id, err[0] ? err : "recording failed");
    ok = false;
  }
  json_decref(counts);
  free(path);
  return ok ? 1 : 0;
}

/* ---- the thread ---- */

static struct an_periodic *thread;
static const struct an_config *config;
static const struct an_keys *keyring;

static struct an_db *conn; /* the thread's own connection, kept between looks */

static void run(void *arg)
{
  (void)arg;
  char err[256];
  if (!conn)
    conn = an_db_open(config, err, sizeof err);
  struct an_db *db = conn;
  if (!db)
    return;
  for (int i = 0; i < 10; i++) {
    struct an_ctx ctx;
    an_ctx_system(&ctx, config, keyring, "export worker", "export");
    if (an_export_work(&ctx, db) != 1)
      break;
  }
}

void an_export_worker_start(const struct an_config *cfg, const struct an_keys *keys)
{
  if (thread)
    return;
  config = cfg;
  keyring = keys;
  thread = an_periodic_start(run, NULL, cfg->export_poll_interval_ms);
}

void an_export_worker_stop(void)
{
  an_periodic_stop(thread);
  thread = NULL;
  an_db_close(conn);
  conn = NULL;
}
