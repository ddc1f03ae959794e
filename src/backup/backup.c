#include "backup/backup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/audit.h"
#include "backup/archive.h"
#include "backup/keys.h"
#include "backup/sftp.h"
#include "core/alloc.h"
#include "core/files.h"
#include "core/log.h"
#include "core/time.h"
#include "store/backups.h"
#include "store/placement.h"
#include "store/rows.h"
#include "store/snapshot.h"

static char *path_in(const char *dir, const char *name)
{
  size_t n = strlen(dir);
  return an_asprintf("%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);
}

/* ---- taking one ---- */

struct taking {
  const struct an_ctx *ctx;
  struct an_archive *a;
  json_t *manifest;
  json_t *dedicated; /* tenants whose own rows are in their own database, not in this file */
};

/* The tenants placed in a database of their own (WP-1): their moved rows (users, roles, second
 * factors; store/placement.c) are not in this backup, which holds the shared database only. The
 * operator who provides a dedicated database backs it up (docs/deploy.md); the manifest says so,
 * so that a restore is never taken for the whole of such a tenant. */
static json_t *dedicated_of(struct an_db *db)
{
  json_t *list = json_array(), *tables = json_array();
  for (int i = 0; i < an_store_placement_ntables; i++)
    json_array_append_new(tables, json_string(an_store_placement_tables[i]));
  int64_t *ids = NULL;
  size_t n = an_store_placement_dedicated(db, &ids);
  for (size_t i = 0; i < n; i++) {
    struct an_placement_info p;
    if (an_store_placement_info(db, ids[i], &p) >= 0)
      json_array_append_new(list, json_pack("{s:I, s:s, s:O, s:s}", "tenant_id", (json_int_t)ids[i],
                                            "database", p.label, "tables", tables, "backed_up_by",
                                            "the database's owner"));
  }
  free(ids);
  json_decref(tables);
  return list;
}

static bool take_manifest(void *cls, json_t *m)
{
  struct taking *t = cls;
  char at[40];
  an_time_format_utc(t->ctx->now, at, sizeof at);
  json_object_set_new(m, "format", json_integer(1));
  json_object_set_new(m, "created_at", json_string(at));
  json_object_set_new(m, "created_us", json_integer(t->ctx->now));
  json_object_set_new(m, "program", json_string("anshin " ANSHIN_VERSION));
  if (t->dedicated && json_array_size(t->dedicated))
    json_object_set(m, "dedicated_tenants", t->dedicated);
  t->manifest = json_incref(m);
  return an_archive_manifest(t->a, m);
}

static bool take_data(void *cls, const void *p, size_t n)
{
  struct taking *t = cls;
  return an_archive_write(t->a, p, n);
}

static bool write_sidecar(const char *path, const char *name, const char *sha)
{
  char *side = an_asprintf("%s.sha256", path);
  FILE *f = fopen(side, "w");
  bool ok = f && fprintf(f, "%s  %s\n", sha, name) > 0;
  if (f && fclose(f) != 0)
    ok = false;
  free(side);
  return ok;
}

static bool noop_manifest(void *cls, json_t *m)
{
  (void)cls;
  json_decref(m);
  return true;
}

struct record_args {
  const struct an_ctx *ctx;
  const char *name, *sha, *status, *error;
  long long bytes;
  const char *manifest;
  int64_t id;
};

static int record_txn(struct an_db *db, void *cls)
{
  struct record_args *a = cls;
  int rc = an_store_backup_add(db, a->ctx->now, an_db_driver(db), a->name, a->bytes, a->sha,
                               a->manifest, a->status, a->error, &a->id);
  if (rc < 0)
    return rc;
  bool ok = !strcmp(a->status, "ok");
  if (ok) {
    if ((rc = an_store_backup_verified(db, a->id, an_time_now_us())) < 0 ||
        (rc = an_store_backup_copy_add(db, a->id, "local", AN_BACKUP_LOCAL_CLASS, "ok", "",
                                       a->ctx->now)) < 0)
      return rc;
  }
  char target[48];
  snprintf(target, sizeof target, "backup:%lld", (long long)a->id);
  json_t *d = json_pack("{s:s, s:I, s:s}", "file", a->name, "bytes", (json_int_t)a->bytes, "error",
                        a->error);
  struct an_audit_rec rec = {.action = "backup.run",
                             .target = target,
                             .outcome = ok ? "success" : "failure",
                             .details = d};
  rc = an_audit_append(a->ctx, db, &rec);
  json_decref(d);
  return rc;
}

struct copy_args {
  const struct an_ctx *ctx;
  int64_t id;
  const char *dest, *cls, *status, *error;
};

static int copy_txn(struct an_db *db, void *cls)
{
  struct copy_args *a = cls;
  int rc = an_store_backup_copy_add(db, a->id, a->dest, a->cls, a->status, a->error, a->ctx->now);
  if (rc < 0)
    return rc;
  char target[48];
  snprintf(target, sizeof target, "backup:%lld", (long long)a->id);
  json_t *d = json_pack("{s:s, s:s, s:s}", "destination", a->dest, "distance_class", a->cls,
                        "error", a->error);
  struct an_audit_rec rec = {.action = "backup.copy",
                             .target = target,
                             .outcome = strcmp(a->status, "ok") ? "failure" : "success",
                             .details = d};
  rc = an_audit_append(a->ctx, db, &rec);
  json_decref(d);
  return rc;
}

static json_t *copy_offsite(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                            const char *path, const char *name)
{
  const struct an_config *cfg = ctx->cfg;
  if (!cfg->backup_sftp_url[0])
    return NULL;
  char err[512] = "";
  char *side = an_asprintf("%s.sha256", path), *side_name = an_asprintf("%s.sha256", name);
  bool ok = an_sftp_put(cfg, path, name, err, sizeof err) &&
            an_sftp_put(cfg, side, side_name, err, sizeof err);
  free(side);
  free(side_name);
  char *label = an_sftp_label(cfg);
  struct copy_args a = {
      ctx, id, label, cfg->backup_sftp_distance_class, ok ? "ok" : "failed", ok ? "" : err};
  if (!ok)
    an_log(AN_LOG_WARN, "backup copy to the second site failed", json_pack("{s:s}", "error", err));
  an_db_txn_mode(db, AN_DB_READ_COMMITTED, copy_txn, &a);
  json_t *c = json_pack("{s:s, s:s, s:s, s:s}", "destination", label, "distance_class",
                        cfg->backup_sftp_distance_class, "status", a.status, "error", a.error);
  free(label);
  return c;
}

/* ---- generations ---- */

struct expire_args {
  const struct an_ctx *ctx;
  int64_t id;
  const char *name;
};

static int expire_txn(struct an_db *db, void *cls)
{
  struct expire_args *a = cls;
  int rc = an_store_backup_expire(db, a->id, a->ctx->now);
  if (rc < 0)
    return rc;
  return an_audit_changed(a->ctx, db, "backup.expire", "backup", a->id, 0,
                          json_pack("{s:s}", "file", a->name));
}

/* Removes the successful backups beyond [backup] generations (and failed records older than the
 * oldest kept one) from the directory and the second site. Returns how many. */
static int prune(const struct an_ctx *ctx, struct an_db *db)
{
  json_t *all = json_array();
  int n = 0;
  if (an_store_backup_list_all(db, all) < 0) {
    json_decref(all);
    return 0;
  }
  long kept = 0;
  size_t i;
  json_t *b;
  json_array_foreach(all, i, b)
  {
    bool ok = !strcmp(an_rec_str(b, "status"), "ok");
    if (ok && kept < ctx->cfg->backup_generations) {
      kept++;
      continue;
    }
    if (!ok && kept < ctx->cfg->backup_generations)
      continue;
    const char *name = an_rec_str(b, "file_name");
    char *path = path_in(ctx->cfg->backup_dir, name), *side = an_asprintf("%s.sha256", path);
    unlink(path);
    unlink(side);
    if (ok && ctx->cfg->backup_sftp_url[0]) {
      char err[512], *side_name = an_asprintf("%s.sha256", name);
      if (!an_sftp_remove(ctx->cfg, name, err, sizeof err) ||
          !an_sftp_remove(ctx->cfg, side_name, err, sizeof err))
        an_log(AN_LOG_WARN, "removing an old backup from the second site failed",
               json_pack("{s:s}", "error", err));
      free(side_name);
    }
    free(side);
    free(path);
    struct expire_args a = {ctx, an_rec_int(b, "id"), name};
    if (an_db_txn_mode(db, AN_DB_READ_COMMITTED, expire_txn, &a) >= 0)
      n++;
  }
  json_decref(all);
  return n;
}

int an_backup_run(const struct an_ctx *ctx, struct an_db *db, json_t **out, char *err,
                  size_t errlen)
{
  const struct an_config *cfg = ctx->cfg;
  an_mkdirs(cfg->backup_dir);
  char stamp[40], name[64];
  an_time_format_utc(ctx->now, stamp, sizeof stamp); /* 2026-12-05T19:00:00.000Z */
  snprintf(name, sizeof name, "anshin-%.4s%.2s%.2sT%.2s%.2s%.2s%.3sZ.anb", stamp, stamp + 5,
           stamp + 8, stamp + 11, stamp + 14, stamp + 17, stamp + 20);
  char *path = path_in(cfg->backup_dir, name), *part = an_asprintf("%s.part", path);
  struct taking t = {ctx, an_archive_create(part, ctx->keys, err, errlen), NULL, dedicated_of(db)};
  char sha[65] = "", check[65] = "";
  long long bytes = 0;
  struct an_snapshot_sink sink = {take_manifest, take_data, &t};
  bool ok = t.a && an_store_snapshot(cfg, &sink, err, errlen);
  if (ok) {
    ok = an_archive_close(t.a, sha, &bytes, err, errlen);
    t.a = NULL;
  }
  an_archive_abort(t.a);
  /* Read it back whole before calling it a backup: a file that does not open is no backup. */
  ok = ok && an_archive_read(part, ctx->keys, noop_manifest, NULL, NULL, check, err, errlen);
  if (ok && strcmp(sha, check) != 0) {
    snprintf(err, errlen, "the file read back differs from what was written");
    ok = false;
  }
  ok = ok && write_sidecar(path, name, sha) && rename(part, path) == 0;
  /* The key store is not in the data backup (store/snapshot.h): it is saved beside it, with a
   * short retention, so a destroyed key is gone from every backup within days. */
  char stamp_only[40];
  snprintf(stamp_only, sizeof stamp_only, "%.*s", (int)(strlen(name) - 11), name + 7);
  long nkeys = 0;
  if (ok && !an_backup_keys_write(ctx, db, stamp_only, &nkeys, err, errlen))
    ok = false;
  if (!ok) {
    unlink(part);
    if (!err[0])
      snprintf(err, errlen, "cannot store the backup file: %s", strerror(errno));
  }
  char *mtext = t.manifest ? json_dumps(t.manifest, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
  struct record_args ra = {
      ctx, name, sha, ok ? "ok" : "failed", ok ? "" : err, bytes, mtext ? mtext : "{}", 0};
  int rc = an_db_txn_mode(db, AN_DB_READ_COMMITTED, record_txn, &ra);
  free(mtext);
  if (rc < 0 && ok) {
    snprintf(err, errlen, "the backup was written but cannot be recorded");
    ok = false;
  }
  json_t *copies = json_array();
  if (ok) {
    json_array_append_new(copies,
                          json_pack("{s:s, s:s, s:s}", "destination", "local", "distance_class",
                                    AN_BACKUP_LOCAL_CLASS, "status", "ok"));
    json_t *c = copy_offsite(ctx, db, ra.id, path, name);
    if (c)
      json_array_append_new(copies, c);
  }
  int expired = ok ? prune(ctx, db) : 0;
  if (out)
    *out = json_pack("{s:I, s:s, s:I, s:s, s:O?, s:o, s:i}", "id", (json_int_t)ra.id, "file_name",
                     name, "bytes", (json_int_t)bytes, "sha256", sha, "manifest", t.manifest,
                     "copies", copies, "expired", expired);
  else
    json_decref(copies);
  json_decref(t.manifest);
  json_decref(t.dedicated);
  free(part);
  free(path);
  return ok ? 1 : 0;
}

int an_backup_list(struct an_db *db, json_t *out)
{
  int n = an_store_backup_list_all(db, out);
  size_t i;
  json_t *b;
  json_array_foreach(out, i, b)
  {
    json_t *copies = json_array();
    an_store_backup_copy_list(db, an_rec_int(b, "id"), copies);
    json_object_set_new(b, "copies", copies);
  }
  return n;
}

struct verified_args {
  const struct an_ctx *ctx;
  int64_t id;
  bool ok;
  const char *error;
};

static int verified_txn(struct an_db *db, void *cls)
{
  struct verified_args *a = cls;
  int rc = a->ok ? an_store_backup_verified(db, a->id, a->ctx->now) : 0;
  if (rc < 0)
    return rc;
  return an_audit_outcome(a->ctx, db, "backup.verify", "backup", a->id, 0,
                          a->ok ? "success" : "failure", json_pack("{s:s}", "error", a->error));
}

int an_backup_verify(const struct an_ctx *ctx, struct an_db *db, int64_t id, char *err,
                     size_t errlen)
{
  json_t *b = NULL;
  int rc = an_store_backup_get(db, id, &b);
  if (rc <= 0) {
    if (rc == 0)
      snprintf(err, errlen, "no backup %lld", (long long)id);
    return rc;
  }
  char *path = path_in(ctx->cfg->backup_dir, an_rec_str(b, "file_name"));
  char sha[65] = "";
  bool ok = strcmp(an_rec_str(b, "status"), "ok") == 0;
  if (!ok)
    snprintf(err, errlen, "backup %lld failed when it was taken", (long long)id);
  ok = ok && an_archive_read(path, ctx->keys, noop_manifest, NULL, NULL, sha, err, errlen);
  if (ok && strcmp(sha, an_rec_str(b, "sha256")) != 0) {
    snprintf(err, errlen, "checksum mismatch: the file is %s, the record says %s", sha,
             an_rec_str(b, "sha256"));
    ok = false;
  }
  struct verified_args a = {ctx, id, ok, ok ? "" : err};
  rc = an_db_txn_mode(db, AN_DB_READ_COMMITTED, verified_txn, &a);
  free(path);
  json_decref(b);
  return rc < 0 ? rc : ok ? 1 : 0;
}

/* ---- restoring ---- */

struct restoring {
  const char *target;
  char *file_target; /* SQLite: DIR/anshin.db */
  struct an_restore *r;
  json_t *manifest;
  char *err;
  size_t errlen;
};

static bool restore_manifest(void *cls, json_t *m)
{
  struct restoring *s = cls;
  s->manifest = m;
  const char *driver = json_string_value(json_object_get(m, "driver"));
  if (!driver) {
    snprintf(s->err, s->errlen, "the manifest names no database");
    return false;
  }
  const char *target = s->target;
  if (strcmp(driver, "postgres") != 0) {
    an_mkdirs(s->target);
    s->file_target = path_in(s->target, "anshin.db");
    target = s->file_target;
  }
  s->r = an_store_restore_open(driver, target, json_string_value(json_object_get(m, "schema")),
                               s->err, s->errlen);
  return s->r != NULL;
}

static bool restore_data(void *cls, const void *p, size_t n)
{
  struct restoring *s = cls;
  return s->r && an_store_restore_write(s->r, p, n);
}

bool an_backup_restore(const struct an_keys *keys, const char *path, const char *target,
                       struct an_restore_report *rep, char *err, size_t errlen)
{
  memset(rep, 0, sizeof *rep);
  int64_t t0 = an_time_mono_us();
  struct restoring s = {target, NULL, NULL, NULL, err, errlen};
  char sha[65];
  bool ok = an_archive_read(path, keys, restore_manifest, restore_data, &s, sha, err, errlen);
  rep->manifest = s.manifest;
  if (!ok) {
    an_store_restore_abort(s.r);
    free(s.file_target);
    return false;
  }
  rep->counts = json_object();
  const char *schema = json_string_value(json_object_get(s.manifest, "schema"));
  ok = an_store_restore_finish(s.r, schema, rep->counts, err, errlen);
  free(s.file_target);
  if (ok) {
    rep->counts_match = json_equal(rep->counts, json_object_get(s.manifest, "tables"));
    if (!rep->counts_match) {
      snprintf(err, errlen, "the restored row counts differ from the manifest's");
      ok = false;
    }
  }
  rep->duration_ms = (an_time_mono_us() - t0) / 1000;
  return ok;
}

void an_restore_report_free(struct an_restore_report *rep)
{
  json_decref(rep->manifest);
  json_decref(rep->counts);
  memset(rep, 0, sizeof *rep);
}
