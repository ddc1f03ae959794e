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
 * factors; store/placement.c) are not in the shared database's file. Each tenant's database is
 * dumped into a file of its own beside it (dump_all_dedicated), listed here in the manifest with
 * its digest, so a restore of the shared file is never taken for the whole of such a tenant. */
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
      json_array_append_new(list, json_pack("{s:I, s:s, s:O}", "tenant_id", (json_int_t)ids[i],
                                            "database", p.label, "tables", tables));
  }
  free(ids);
  json_decref(tables);
  return list;
}

/* Stamps a backup manifest with its format, when it was taken and by which program. */
static void stamp_manifest(json_t *m, int64_t now)
{
  char at[40];
  an_time_format_utc(now, at, sizeof at);
  json_object_set_new(m, "format", json_integer(1));
  json_object_set_new(m, "created_at", json_string(at));
  json_object_set_new(m, "created_us", json_integer(now));
  json_object_set_new(m, "program", json_string("anshin " ANSHIN_VERSION));
}

static bool take_manifest(void *cls, json_t *m)
{
  struct taking *t = cls;
  stamp_manifest(m, t->ctx->now);
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

/* ---- the dedicated tenants' databases (WP-1) ---- */

/* Ends a backup file: closes the archive a (NULL when writing failed before; ok says whether it
 * went well so far), then reads part back whole and compares its digest with the one written — a
 * file that does not open is no backup. who prefixes the message ("" or "tenant N: "). Returns
 * true with sha and *bytes set, or false with err; the archive is closed or aborted either way. */
static bool close_and_read_back(struct an_archive *a, bool ok, const char *part,
                                const struct an_keys *keys, const char *who, char sha[65],
                                long long *bytes, char *err, size_t errlen)
{
  char check[65] = "";
  if (ok && a) {
    ok = an_archive_close(a, sha, bytes, err, errlen);
    a = NULL;
  }
  an_archive_abort(a);
  ok = ok && an_archive_read(part, keys, noop_manifest, NULL, NULL, check, err, errlen);
  if (ok && strcmp(sha, check) != 0) {
    snprintf(err, errlen, "%sthe file read back differs from what was written", who);
    ok = false;
  }
  return ok;
}

struct dedicated_taking {
  const struct an_ctx *ctx;
  struct an_archive *a;
  int64_t tenant_id;
  json_t *tables; /* the dump's row counts, for the shared manifest */
  json_t *entry;  /* the tenant's entry in the shared manifest */
};

static bool dedicated_manifest(void *cls, json_t *m)
{
  struct dedicated_taking *t = cls;
  stamp_manifest(m, t->ctx->now);
  json_object_set_new(m, "dedicated_tenant_id", json_integer(t->tenant_id));
  t->tables = json_incref(json_object_get(m, "tables"));
  json_t *schema = json_object_get(m, "schema");
  if (schema)
    json_object_set(t->entry, "schema", schema); /* where the drill restores it */
  return an_archive_manifest(t->a, m);
}

static bool dedicated_data(void *cls, const void *p, size_t n)
{
  struct dedicated_taking *t = cls;
  return an_archive_write(t->a, p, n);
}

/* Dumps one dedicated tenant's database (the whole schema, pg_dump in one snapshot, as the shared
 * one) into name, encrypted the same way, read back, with its .sha256 beside it; fills the
 * tenant's manifest entry (file, digest, size, row counts). Returns true, or false with err. */
static bool dump_dedicated(const struct an_ctx *ctx, struct an_db *db, json_t *entry,
                           const char *name, char *err, size_t errlen)
{
  int64_t id = json_integer_value(json_object_get(entry, "tenant_id"));
  struct an_placement pl;
  if (an_store_placement_get(db, id, &pl) < 0 || !pl.conninfo) {
    an_store_placement_clear(&pl);
    snprintf(err, errlen, "tenant %lld: its database's address cannot be read", (long long)id);
    return false;
  }
  struct an_config c = *ctx->cfg; /* shallow: only the store settings differ */
  c.store_driver = "postgres";
  c.store_url = pl.conninfo;
  char *path = path_in(ctx->cfg->backup_dir, name), *part = an_asprintf("%s.part", path);
  struct dedicated_taking t = {ctx, an_archive_create(part, ctx->keys, err, errlen), id, NULL,
                               entry};
  struct an_snapshot_sink sink = {dedicated_manifest, dedicated_data, &t};
  char sha[65] = "", who[40];
  long long bytes = 0;
  bool ok = t.a && an_store_snapshot(&c, &sink, err, errlen);
  an_store_placement_clear(&pl); /* the conninfo never reaches a message or the manifest */
  snprintf(who, sizeof who, "tenant %lld: ", (long long)id);
  ok = close_and_read_back(t.a, ok, part, ctx->keys, who, sha, &bytes, err, errlen);
  t.a = NULL; /* closed or aborted */
  ok = ok && write_sidecar(path, name, sha) && rename(part, path) == 0;
  if (ok) {
    json_object_set_new(entry, "file_name", json_string(name));
    json_object_set_new(entry, "sha256", json_string(sha));
    json_object_set_new(entry, "bytes", json_integer(bytes));
    json_object_set_new(entry, "counts", t.tables ? json_incref(t.tables) : json_object());
    json_object_set_new(entry, "backed_up_by", json_string("anshin"));
  } else {
    unlink(part);
  }
  json_decref(t.tables);
  free(part);
  free(path);
  return ok;
}

/* Dumps every dedicated tenant's database named in list (dedicated_of) beside the shared file:
 * base-tenant<ID>.anb. Returns true, or false with err (the backup then fails as a whole). */
static bool dump_all_dedicated(const struct an_ctx *ctx, struct an_db *db, json_t *list,
                               const char *base, char *err, size_t errlen)
{
  size_t i;
  json_t *entry;
  json_array_foreach(list, i, entry)
  {
    char *name = an_asprintf("%s-tenant%lld.anb", base,
                             (long long)json_integer_value(json_object_get(entry, "tenant_id")));
    bool ok = dump_dedicated(ctx, db, entry, name, err, errlen);
    free(name);
    if (!ok)
      return false;
  }
  return true;
}

/* Removes the dedicated tenants' files of list (a manifest's dedicated_tenants). */
static void remove_dedicated(const struct an_ctx *ctx, json_t *list)
{
  size_t i;
  json_t *entry;
  json_array_foreach(list, i, entry)
  {
    const char *name = json_string_value(json_object_get(entry, "file_name"));
    if (!name || strchr(name, '/'))
      continue;
    char *path = path_in(ctx->cfg->backup_dir, name), *side = an_asprintf("%s.sha256", path);
    unlink(path);
    unlink(side);
    free(side);
    free(path);
  }
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
  char *target = an_audit_target("backup", a->id);
  json_t *d = json_pack("{s:s, s:I, s:s}", "file", a->name, "bytes", (json_int_t)a->bytes, "error",
                        a->error);
  struct an_audit_rec rec = {.action = "backup.run",
                             .target = target,
                             .outcome = ok ? "success" : "failure",
                             .details = d};
  rc = an_audit_append(a->ctx, db, &rec);
  json_decref(d);
  free(target);
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
  char *target = an_audit_target("backup", a->id);
  json_t *d = json_pack("{s:s, s:s, s:s}", "destination", a->dest, "distance_class", a->cls,
                        "error", a->error);
  struct an_audit_rec rec = {.action = "backup.copy",
                             .target = target,
                             .outcome = strcmp(a->status, "ok") ? "failure" : "success",
                             .details = d};
  rc = an_audit_append(a->ctx, db, &rec);
  json_decref(d);
  free(target);
  return rc;
}

/* ---- the second site ---- */

/* Uploads path as name with its .sha256 to the second site, then reads the copy there back whole:
 * a copy whose digest is not sha is no copy (and is removed again). Every file of a run, the
 * shared one and each dedicated tenant's, is copied this way. True, or false with err. */
static bool put_verified(const struct an_config *cfg, const char *path, const char *name,
                         const char *sha, char *err, size_t errlen)
{
  char *side = an_asprintf("%s.sha256", path), *side_name = an_asprintf("%s.sha256", name);
  char there[65] = "";
  bool put = an_sftp_put(cfg, path, name, err, errlen);
  bool ok = put && an_sftp_put(cfg, side, side_name, err, errlen) &&
            an_sftp_sha256(cfg, name, there, err, errlen);
  if (ok && strcmp(there, sha) != 0) {
    snprintf(err, errlen, "the copy of %s at the second site differs from the file (sha256 %s)",
             name, there);
    ok = false;
  }
  if (put && !ok) {
    char ignored[256];
    an_sftp_remove(cfg, name, ignored, sizeof ignored);
    an_sftp_remove(cfg, side_name, ignored, sizeof ignored);
  }
  free(side);
  free(side_name);
  return ok;
}

/* Removes name and its .sha256 from the second site (a failure is logged: expiry goes on). */
static void remove_at_site(const struct an_config *cfg, const char *name)
{
  char err[512] = "", *side_name = an_asprintf("%s.sha256", name);
  if (!an_sftp_remove(cfg, name, err, sizeof err) ||
      !an_sftp_remove(cfg, side_name, err, sizeof err))
    an_log(AN_LOG_WARN, "removing an old backup from the second site failed",
           json_pack("{s:s}", "error", err));
  free(side_name);
}

/* One copy to the second site as a dedicated tenant's manifest entry records it. */
static json_t *site_copy(const struct an_config *cfg, const char *status, const char *error)
{
  char *label = an_sftp_label(cfg);
  json_t *c = json_pack("{s:s, s:s, s:s, s:s}", "destination", label, "distance_class",
                        cfg->backup_sftp_distance_class, "status", status, "error", error);
  free(label);
  return c;
}

static bool copied_to_site(const json_t *entry)
{
  size_t i;
  json_t *c;
  json_array_foreach(json_object_get(entry, "copies"), i, c)
  {
    if (!strcmp(an_rec_str(c, "status"), "ok"))
      return true;
  }
  return false;
}

/* Removes from the second site the dedicated tenants' files of list (a manifest's
 * dedicated_tenants) that its entries record as copied there. */
static void remove_dedicated_at_site(const struct an_ctx *ctx, json_t *list)
{
  if (!ctx->cfg->backup_sftp_url[0])
    return;
  size_t i;
  json_t *entry;
  json_array_foreach(list, i, entry)
  {
    const char *name = json_string_value(json_object_get(entry, "file_name"));
    if (name && !strchr(name, '/') && copied_to_site(entry))
      remove_at_site(ctx->cfg, name);
  }
}

/* Copies every dedicated tenant's file of list (and its .sha256) to the second site, verified
 * there (put_verified), before the shared snapshot, so the shared manifest records in each entry
 * where its file was copied ("copies"). A distance the tenants' data does not have must not be
 * credited (MARK-3-1-7): when one copy fails, the files already copied are removed from the site
 * again, every entry records the failure, and false returns with err; the run's copy to the site
 * then fails as a whole (copy_offsite). True when no site is configured. */
static bool copy_dedicated_offsite(const struct an_ctx *ctx, json_t *list, char *err, size_t errlen)
{
  const struct an_config *cfg = ctx->cfg;
  if (!cfg->backup_sftp_url[0])
    return true;
  size_t i;
  json_t *entry;
  char why[512] = "";
  json_array_foreach(list, i, entry)
  {
    const char *name = json_string_value(json_object_get(entry, "file_name"));
    char *path = path_in(cfg->backup_dir, name);
    bool ok = put_verified(cfg, path, name, an_rec_str(entry, "sha256"), why, sizeof why);
    free(path);
    if (!ok) {
      snprintf(err, errlen, "tenant %lld's file: %s", (long long)an_rec_int(entry, "tenant_id"),
               why);
      break;
    }
    json_object_set_new(entry, "copies", json_pack("[o]", site_copy(cfg, "ok", "")));
  }
  if (i == json_array_size(list))
    return true;
  an_log(AN_LOG_WARN, "backup copy to the second site failed", json_pack("{s:s}", "error", err));
  remove_dedicated_at_site(ctx, list);
  json_array_foreach(list, i, entry)
  {
    json_object_set_new(entry, "copies", json_pack("[o]", site_copy(cfg, "failed", err)));
  }
  return false;
}

/* Copies the shared file to the second site (put_verified) and records the copy; blocked (not
 * NULL) is why the run's copy failed before it (a dedicated tenant's file). NULL without a site. */
static json_t *copy_offsite(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                            const char *path, const char *name, const char *sha,
                            const char *blocked)
{
  const struct an_config *cfg = ctx->cfg;
  if (!cfg->backup_sftp_url[0])
    return NULL;
  char err[512] = "";
  bool ok = false;
  if (blocked)
    snprintf(err, sizeof err, "not copied: %s", blocked);
  else
    ok = put_verified(cfg, path, name, sha, err, sizeof err);
  char *label = an_sftp_label(cfg);
  struct copy_args a = {
      ctx, id, label, cfg->backup_sftp_distance_class, ok ? "ok" : "failed", ok ? "" : err};
  if (!ok && !blocked)
    an_log(AN_LOG_WARN, "backup copy to the second site failed", json_pack("{s:s}", "error", err));
  an_db_txn_mode(db, AN_DB_READ_COMMITTED, copy_txn, &a);
  json_t *c = json_pack("{s:s, s:s, s:s, s:s}", "destination", label, "distance_class",
                        cfg->backup_sftp_distance_class, "status", a.status, "error", a.error);
  free(label);
  return c;
}

/* ---- generations ---- */

/* Removes the dedicated tenants' files backup id's manifest lists (expiry of a generation), here
 * and, where its entries record a copy, at the second site. The manifest is read from the
 * backup's own record: the list prune walks does not carry it. */
static void remove_dedicated_files(const struct an_ctx *ctx, struct an_db *db, int64_t id)
{
  json_t *b = NULL;
  if (an_store_backup_get(db, id, &b) <= 0)
    return;
  json_t *m = json_loads(an_rec_str(b, "manifest"), 0, NULL);
  remove_dedicated(ctx, json_object_get(m, "dedicated_tenants"));
  remove_dedicated_at_site(ctx, json_object_get(m, "dedicated_tenants"));
  json_decref(m);
  json_decref(b);
}

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
    remove_dedicated_files(ctx, db, an_rec_int(b, "id"));
    if (ok && ctx->cfg->backup_sftp_url[0])
      remove_at_site(ctx->cfg, name);
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
  char sha[65] = "";
  long long bytes = 0;
  struct an_snapshot_sink sink = {take_manifest, take_data, &t};
  /* The dedicated tenants' databases first, so the shared manifest lists each file's digest. */
  char base[64];
  snprintf(base, sizeof base, "%.*s", (int)(strlen(name) - 4), name);
  bool ok = t.a && dump_all_dedicated(ctx, db, t.dedicated, base, err, errlen);
  /* ... and copied to the second site before it too, so the manifest says where each went. */
  char site_err[512] = "";
  bool site_ok = !ok || copy_dedicated_offsite(ctx, t.dedicated, site_err, sizeof site_err);
  ok = ok && an_store_snapshot(cfg, &sink, err, errlen);
  ok = close_and_read_back(t.a, ok, part, ctx->keys, "", sha, &bytes, err, errlen);
  t.a = NULL; /* closed or aborted */
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
    remove_dedicated_at_site(ctx, t.dedicated); /* no backup: none of its files stays */
    remove_dedicated(ctx, t.dedicated);
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
    json_t *c = copy_offsite(ctx, db, ra.id, path, name, sha, site_ok ? NULL : site_err);
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
