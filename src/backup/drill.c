#include "backup/drill.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit.h"
#include "backup/backup.h"
#include "core/alloc.h"
#include "core/time.h"
#include "store/backups.h"
#include "store/rows.h"
#include "store/snapshot.h"

static void remove_dir(const char *dir)
{
  DIR *d = opendir(dir);
  if (!d)
    return;
  struct dirent *e;
  while ((e = readdir(d)))
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
      char *p = an_asprintf("%s/%s", dir, e->d_name);
      unlink(p);
      free(p);
    }
  closedir(d);
  rmdir(dir);
}

struct an_db *an_backup_open_restored(const struct an_config *cfg, const char *url,
                                      const char *schema, const char *dir, char *err, size_t errlen)
{
  struct an_config c = *cfg; /* shallow: only the store settings differ */
  char *owned;
  if (url) {
    owned = an_store_url_with_schema(url, schema);
    if (!owned) {
      snprintf(err, errlen, "not a schema name: %s", schema);
      return NULL;
    }
    c.store_driver = "postgres";
    c.store_url = owned;
  } else {
    owned = an_asprintf("%s/anshin.db", dir);
    c.store_driver = "sqlite";
    c.store_path = owned;
  }
  struct an_db *db = an_db_open(&c, err, errlen); /* the settings are read, not kept */
  free(owned);
  return db;
}

/* audit verify on the restored copy, with the same code and keys as `anshin audit verify`. */
static bool verify_chain(const struct an_ctx *ctx, const char *driver, const char *where,
                         const char *schema, json_t *detail)
{
  bool pg = !strcmp(driver, "postgres");
  char err[256];
  struct an_db *db = an_backup_open_restored(ctx->cfg, pg ? where : NULL, schema ? schema : "",
                                             where, err, sizeof err);
  struct an_audit_report rep = {0};
  int v = db ? an_audit_verify(db, ctx->keys, &rep) : -1;
  an_db_close(db);
  json_object_set_new(detail, "audit_events", json_integer(rep.events + rep.unsealed));
  json_object_set_new(detail, "audit_verify", json_string(v == 1 ? "intact" : "failed"));
  if (v != 1)
    json_object_set_new(detail, "audit_reason", json_string(db ? rep.reason : err));
  return v == 1;
}

/* Restores each dedicated tenant's file the manifest lists (WP-1) into the scratch database, one
 * after the other (each dump has its own schema, usually "public"): integrity, row counts equal
 * to its own manifest and to the shared manifest's entry. Adds a "dedicated" list to detail. */
static bool drill_dedicated(const struct an_ctx *ctx, const char *scratch, json_t *manifest,
                            json_t *detail, char *err, size_t errlen)
{
  json_t *list = json_object_get(manifest, "dedicated_tenants"), *out = json_array();
  json_object_set_new(detail, "dedicated", out);
  bool all = true;
  size_t i;
  json_t *e;
  json_array_foreach(list, i, e)
  {
    const char *name = json_string_value(json_object_get(e, "file_name"));
    const char *schema = json_string_value(json_object_get(e, "schema"));
    if (!name || !schema || strchr(name, '/'))
      continue; /* a backup from before the dedicated databases were dumped */
    size_t dl = strlen(ctx->cfg->backup_dir);
    char *file = an_asprintf("%s%s%s", ctx->cfg->backup_dir,
                             dl && ctx->cfg->backup_dir[dl - 1] == '/' ? "" : "/", name);
    struct an_restore_report rep = {0};
    bool ok = an_store_drop_schema(scratch, schema, err, errlen) &&
              an_backup_restore(ctx->keys, file, scratch, &rep, err, errlen);
    bool same = ok && json_equal(rep.counts, json_object_get(e, "counts"));
    if (ok && !same)
      snprintf(err, errlen, "tenant %lld: the restored row counts differ from the manifest's",
               (long long)json_integer_value(json_object_get(e, "tenant_id")));
    char ignored[256];
    an_store_drop_schema(scratch, schema, ignored, sizeof ignored);
    json_array_append_new(out,
                          json_pack("{s:O, s:s, s:b}", "tenant_id", json_object_get(e, "tenant_id"),
                                    "integrity", ok ? "ok" : "failed", "counts_match", same));
    all = all && same;
    an_restore_report_free(&rep);
    free(file);
  }
  return all;
}

struct drill_args {
  const struct an_ctx *ctx;
  int64_t backup_id, started, finished, rpo, rto;
  bool ok;
  json_t *detail;
};

static int drill_txn(struct an_db *db, void *cls)
{
  struct drill_args *a = cls;
  char *text = json_dumps(a->detail, JSON_COMPACT | JSON_SORT_KEYS);
  int rc = an_store_drill_add(db, a->backup_id, a->started, a->finished, a->ok, a->rpo, a->rto,
                              text ? text : "{}");
  free(text);
  if (rc < 0)
    return rc;
  return an_audit_outcome(a->ctx, db, "backup.drill", "backup", a->backup_id, 0,
                          a->ok ? "success" : "failure",
                          json_pack("{s:I, s:I, s:O}", "rpo_seconds", (json_int_t)a->rpo, "rto_ms",
                                    (json_int_t)a->rto, "detail", a->detail));
}

int an_backup_drill(const struct an_ctx *ctx, struct an_db *db, json_t **out, char *err,
                    size_t errlen)
{
  const struct an_config *cfg = ctx->cfg;
  json_t *b = NULL;
  int rc = an_store_backup_newest_ok(db, &b);
  if (rc <= 0) {
    if (rc == 0)
      snprintf(err, errlen, "there is no backup to restore");
    return rc;
  }
  bool pg = !strcmp(an_rec_str(b, "driver"), "postgres");
  int64_t started = an_time_now_us(), t0 = an_time_mono_us();
  size_t dl = strlen(cfg->backup_dir);
  char *file =
      an_asprintf("%s%s%s", cfg->backup_dir, dl && cfg->backup_dir[dl - 1] == '/' ? "" : "/",
                  an_rec_str(b, "file_name"));
  char *scratch = pg ? an_strdup(cfg->backup_drill_url)
                     : an_asprintf("%s/drill-%lld", cfg->backup_dir, (long long)started);
  json_t *detail = json_object();
  json_t *manifest = json_loads(an_rec_str(b, "manifest"), 0, NULL);
  const char *schema = json_string_value(json_object_get(manifest, "schema"));
  bool ok = true;
  if (pg && !cfg->backup_drill_url[0]) {
    snprintf(err, errlen, "[backup] drill_url (an empty scratch database) is not set");
    ok = false;
  } else if (pg && schema) {
    ok = an_store_drop_schema(scratch, schema, err, errlen); /* a failed drill's leftovers */
  } else if (!pg) {
    remove_dir(scratch);
  }
  struct an_restore_report rep = {0};
  ok = ok && an_backup_restore(ctx->keys, file, scratch, &rep, err, errlen);
  json_object_set_new(detail, "integrity", json_string(ok ? "ok" : "failed"));
  json_object_set_new(detail, "counts_match", json_boolean(rep.counts_match));
  if (rep.counts)
    json_object_set(detail, "counts", rep.counts);
  ok = ok && verify_chain(ctx, pg ? "postgres" : "sqlite", scratch, schema, detail);
  if (pg && schema && ok) { /* the shared schema first out of the way: a dump may reuse its name */
    char ignored[256];
    an_store_drop_schema(scratch, schema, ignored, sizeof ignored);
  }
  ok = ok && (!pg || drill_dedicated(ctx, scratch, manifest, detail, err, errlen));
  if (!ok && !json_object_get(detail, "error"))
    json_object_set_new(detail, "error", json_string(err[0] ? err : "audit verify failed"));
  int64_t rto = (an_time_mono_us() - t0) / 1000;
  int64_t rpo = (started - an_rec_int(b, "created_us")) / 1000000;
  if (pg && schema && cfg->backup_drill_url[0]) {
    char ignored[256];
    an_store_drop_schema(scratch, schema, ignored, sizeof ignored);
  } else if (!pg) {
    remove_dir(scratch);
  }
  struct drill_args a = {ctx, an_rec_int(b, "id"), started, an_time_now_us(), rpo, rto, ok, detail};
  rc = an_db_txn_mode(db, AN_DB_READ_COMMITTED, drill_txn, &a);
  if (out && rc >= 0)
    *out = json_pack("{s:I, s:b, s:I, s:I, s:O}", "backup_id", (json_int_t)a.backup_id, "ok", ok,
                     "rpo_seconds", (json_int_t)rpo, "rto_ms", (json_int_t)rto, "detail", detail);
  an_restore_report_free(&rep);
  json_decref(detail);
  json_decref(manifest);
  json_decref(b);
  free(scratch);
  free(file);
  return rc < 0 ? rc : ok ? 1 : 0;
}

int an_backup_drill_list(struct an_db *db, json_t *out)
{
  return an_store_drill_list_all(db, out);
}
