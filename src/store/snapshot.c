#include "store/snapshot.h"

#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/files.h"

extern char **environ;

#define PIECE (1u << 20)

/* ---- SQLite ---- */

static bool sqlite_count(sqlite3 *h, json_t *tables, char *err, size_t errlen)
{
  sqlite3_stmt *list = NULL;
  if (sqlite3_prepare_v2(h,
                         "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE "
                         "'sqlite_%' ORDER BY name",
                         -1, &list, NULL) != SQLITE_OK) {
    snprintf(err, errlen, "cannot list tables: %s", sqlite3_errmsg(h));
    return false;
  }
  bool ok = true;
  while (ok && sqlite3_step(list) == SQLITE_ROW) {
    const char *name = (const char *)sqlite3_column_text(list, 0);
    char *sql = sqlite3_mprintf("SELECT COUNT(*) FROM \"%w\"", name);
    sqlite3_stmt *st = NULL;
    if (sql && sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      json_object_set_new(tables, name, json_integer(sqlite3_column_int64(st, 0)));
    } else {
      snprintf(err, errlen, "cannot count %s: %s", name, sqlite3_errmsg(h));
      ok = false;
    }
    sqlite3_finalize(st);
    sqlite3_free(sql);
  }
  sqlite3_finalize(list);
  return ok;
}

static bool sqlite_snapshot(const struct an_config *cfg, const struct an_snapshot_sink *sink,
                            char *err, size_t errlen)
{
  sqlite3 *src = NULL, *mem = NULL;
  bool ok = false;
  if (sqlite3_open_v2(cfg->store_path, &src, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
    snprintf(err, errlen, "cannot open %s: %s", cfg->store_path,
             src ? sqlite3_errmsg(src) : "out of memory");
    goto out;
  }
  sqlite3_busy_timeout(src, (int)(cfg->busy_timeout_ms > 0 ? cfg->busy_timeout_ms : 5000));
  if (sqlite3_open(":memory:", &mem) != SQLITE_OK) {
    snprintf(err, errlen, "cannot open a memory database");
    goto out;
  }
  /* One step of all pages: one read transaction, so the copy is one consistent snapshot (a
   * stepwise copy restarts whenever another connection writes). Under WAL writers go on. */
  sqlite3_backup *b = sqlite3_backup_init(mem, "main", src, "main");
  if (!b) {
    snprintf(err, errlen, "backup init: %s", sqlite3_errmsg(mem));
    goto out;
  }
  int rc = sqlite3_backup_step(b, -1);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) {
    snprintf(err, errlen, "online backup: %s", sqlite3_errstr(rc));
    goto out;
  }
  /* The key store stays out of the data backup (issue 14 item 1): its rows are overwritten
   * with zeros in the copy, so destroying a tenant's key shreds it from every data backup. */
  char *msg = NULL;
  if (sqlite3_exec(mem, "PRAGMA secure_delete = ON; DELETE FROM tenant_keys", NULL, NULL, &msg) !=
          SQLITE_OK &&
      !strstr(msg ? msg : "", "no such table")) {
    snprintf(err, errlen, "cannot leave the key store out: %s", msg ? msg : "");
    sqlite3_free(msg);
    goto out;
  }
  sqlite3_free(msg);
  json_t *manifest = json_pack("{s:s, s:o}", "driver", "sqlite", "tables", json_object());
  ok = sqlite_count(mem, json_object_get(manifest, "tables"), err, errlen) &&
       sink->manifest(sink->cls, manifest);
  json_decref(manifest);
  if (!ok)
    goto out;
  sqlite3_int64 size = 0;
  unsigned char *image = sqlite3_serialize(mem, "main", &size, 0);
  if (!image) {
    snprintf(err, errlen, "cannot serialise the copy");
    ok = false;
    goto out;
  }
  for (sqlite3_int64 off = 0; ok && off < size; off += PIECE) {
    size_t n = (size_t)(size - off < PIECE ? size - off : PIECE);
    ok = sink->data(sink->cls, image + off, n);
  }
  sqlite3_free(image);
  if (!ok)
    snprintf(err, errlen, "writing the backup failed");
out:
  sqlite3_close(mem);
  sqlite3_close(src);
  return ok;
}

/* ---- PostgreSQL ---- */

/* The environment of a pg_dump / pg_restore child: ours, plus the connection parameters of url as
 * PG* variables, so no password appears on a command line. NULL when url does not parse. */
static char **pg_env(const char *url)
{
  char *perr = NULL;
  PQconninfoOption *opts = PQconninfoParse(url, &perr);
  if (!opts) {
    PQfreemem(perr);
    return NULL;
  }
  size_t n = 0, k = 0;
  while (environ[n])
    n++;
  size_t m = 0;
  for (PQconninfoOption *o = opts; o->keyword; o++)
    m++;
  char **env = an_calloc((n + m + 1) * sizeof *env);
  for (PQconninfoOption *o = opts; o->keyword; o++)
    if (o->val && o->val[0] && o->envvar)
      env[k++] = an_asprintf("%s=%s", o->envvar, o->val);
  for (size_t i = 0; i < n; i++) {
    bool shadowed = strncmp(environ[i], "PG", 2) == 0;
    if (!shadowed)
      env[k++] = an_strdup(environ[i]);
  }
  PQconninfoFree(opts);
  return env;
}

/* The dbname of a conninfo, as a new string; NULL when it does not parse or names none. */
static char *url_dbname(const char *url)
{
  char *perr = NULL;
  PQconninfoOption *opts = PQconninfoParse(url, &perr);
  PQfreemem(perr);
  char *out = NULL;
  for (PQconninfoOption *o = opts; o && o->keyword; o++)
    if (!strcmp(o->keyword, "dbname") && o->val && o->val[0])
      out = an_strdup(o->val);
  PQconninfoFree(opts);
  return out;
}

static void quiet(void *arg, const char *message)
{
  (void)arg;
  (void)message;
}

static void env_free(char **env)
{
  for (size_t i = 0; env && env[i]; i++)
    free(env[i]);
  free(env);
}

/* Starts prog with argv and the connection of url; *fd is the child's stdout (to_child false) or
 * stdin (to_child true). Returns the pid or -1. */
static pid_t pg_spawn(char *const argv[], const char *url, bool to_child, int *fd)
{
  char **env = pg_env(url);
  if (!env)
    return -1;
  int p[2];
  if (pipe2(p, O_CLOEXEC) != 0) {
    env_free(env);
    return -1;
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, to_child ? p[0] : p[1], to_child ? 0 : 1);
  pid_t pid = -1;
  if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, env) != 0)
    pid = -1;
  posix_spawn_file_actions_destroy(&fa);
  env_free(env);
  close(to_child ? p[0] : p[1]);
  if (pid < 0) {
    close(to_child ? p[1] : p[0]);
    return -1;
  }
  *fd = to_child ? p[1] : p[0];
  return pid;
}

static int wait_child(pid_t pid)
{
  int st = 0;
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static bool pg_ok(PGconn *c, const char *sql, char *err, size_t errlen)
{
  PGresult *r = PQexec(c, sql);
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
  if (!ok)
    snprintf(err, errlen, "%s", PQerrorMessage(c));
  PQclear(r);
  return ok;
}

static bool pg_count(PGconn *c, const char *schema, json_t *tables, char *err, size_t errlen)
{
  const char *pv[1] = {schema};
  PGresult *r = PQexecParams(c,
                             "SELECT table_name FROM information_schema.tables WHERE "
                             "table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY 1",
                             1, NULL, pv, NULL, NULL, 0);
  if (PQresultStatus(r) != PGRES_TUPLES_OK) {
    snprintf(err, errlen, "cannot list tables: %s", PQerrorMessage(c));
    PQclear(r);
    return false;
  }
  bool ok = true;
  char *qs = PQescapeIdentifier(c, schema, strlen(schema));
  for (int i = 0; ok && i < PQntuples(r); i++) {
    const char *name = PQgetvalue(r, i, 0);
    char *qt = PQescapeIdentifier(c, name, strlen(name));
    char *sql = an_asprintf("SELECT COUNT(*) FROM %s.%s", qs, qt);
    PGresult *cr = PQexec(c, sql);
    if (PQresultStatus(cr) == PGRES_TUPLES_OK && PQntuples(cr) == 1)
      json_object_set_new(tables, name, json_integer(strtoll(PQgetvalue(cr, 0, 0), NULL, 10)));
    else {
      snprintf(err, errlen, "cannot count %s: %s", name, PQerrorMessage(c));
      ok = false;
    }
    PQclear(cr);
    free(sql);
    PQfreemem(qt);
  }
  PQfreemem(qs);
  PQclear(r);
  return ok;
}

static bool pg_dump_into(const struct an_config *cfg, const char *snap, const char *schema,
                         const struct an_snapshot_sink *sink, char *err, size_t errlen)
{
  char *snap_arg = an_asprintf("--snapshot=%s", snap);
  char *schema_arg = an_asprintf("--schema=%s", schema);
  /* The key store's definition is dumped, its rows are not (issue 14 item 1). */
  char *keys_arg = an_asprintf("--exclude-table-data=%s.tenant_keys", schema);
  char *argv[] = {"pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                  snap_arg,  schema_arg,        keys_arg,     NULL};
  int fd = -1;
  pid_t pid = pg_spawn(argv, cfg->store_url, false, &fd);
  free(snap_arg);
  free(schema_arg);
  free(keys_arg);
  if (pid < 0) {
    snprintf(err, errlen, "cannot start pg_dump");
    return false;
  }
  char *piece = an_calloc(PIECE);
  bool ok = true;
  for (;;) {
    ssize_t n = read(fd, piece, PIECE);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      ok = ok && n == 0;
      break;
    }
    if (ok && !sink->data(sink->cls, piece, (size_t)n))
      ok = false; /* keep reading so pg_dump can finish */
  }
  free(piece);
  close(fd);
  int st = wait_child(pid);
  if (st != 0 && ok) {
    snprintf(err, errlen, "pg_dump exited with %d", st);
    ok = false;
  } else if (!ok) {
    snprintf(err, errlen, "writing the backup failed");
  }
  return ok;
}

static bool pg_snapshot(const struct an_config *cfg, const struct an_snapshot_sink *sink, char *err,
                        size_t errlen)
{
  PGconn *c = PQconnectdb(cfg->store_url);
  bool ok = false;
  json_t *manifest = NULL;
  if (PQstatus(c) != CONNECTION_OK) {
    snprintf(err, errlen, "cannot connect: %s", PQerrorMessage(c));
    goto out;
  }
  if (!pg_ok(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err, errlen))
    goto out;
  PGresult *r = PQexec(c, "SELECT pg_export_snapshot(), current_schema()");
  if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
    snprintf(err, errlen, "cannot export a snapshot: %s", PQerrorMessage(c));
    PQclear(r);
    goto out;
  }
  char *snap = an_strdup(PQgetvalue(r, 0, 0));
  char *schema = an_strdup(PQgetvalue(r, 0, 1));
  PQclear(r);
  manifest =
      json_pack("{s:s, s:s, s:o}", "driver", "postgres", "schema", schema, "tables", json_object());
  ok = pg_count(c, schema, json_object_get(manifest, "tables"), err, errlen);
  if (ok && json_object_get(json_object_get(manifest, "tables"), "tenant_keys"))
    json_object_set_new(json_object_get(manifest, "tables"), "tenant_keys", json_integer(0));
  ok = ok && sink->manifest(sink->cls, manifest) &&
       pg_dump_into(cfg, snap, schema, sink, err, errlen);
  free(snap);
  free(schema);
  char ignored[256];
  pg_ok(c, "COMMIT", ignored, sizeof ignored); /* read only: nothing to lose */
out:
  json_decref(manifest);
  PQfinish(c);
  return ok;
}

bool an_store_snapshot(const struct an_config *cfg, const struct an_snapshot_sink *sink, char *err,
                       size_t errlen)
{
  if (!strcmp(cfg->store_driver, "postgres"))
    return pg_snapshot(cfg, sink, err, errlen);
  return sqlite_snapshot(cfg, sink, err, errlen);
}

/* ---- restore ---- */

struct an_restore {
  bool pg;
  char *target;
  int fd;
  pid_t pid;
};

/* The target database must not hold the backup's schema with tables in it; an empty one is
 * dropped (pg_restore creates the schema itself and would fail on "already exists"). */
static bool pg_target_ready(const char *url, const char *schema, char *err, size_t errlen)
{
  PGconn *c = PQconnectdb(url);
  bool ok = PQstatus(c) == CONNECTION_OK;
  if (!ok) {
    snprintf(err, errlen, "cannot connect to the target: %s", PQerrorMessage(c));
    PQfinish(c);
    return false;
  }
  PQsetNoticeProcessor(c, quiet, NULL);
  const char *pv[1] = {schema};
  PGresult *r = PQexecParams(c,
                             "SELECT (SELECT COUNT(*) FROM pg_namespace WHERE nspname = $1), "
                             "(SELECT COUNT(*) FROM pg_class k JOIN pg_namespace n "
                             "ON n.oid = k.relnamespace WHERE n.nspname = $1)",
                             1, NULL, pv, NULL, NULL, 0);
  ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
  bool exists = ok && strcmp(PQgetvalue(r, 0, 0), "0") != 0;
  bool empty = ok && strcmp(PQgetvalue(r, 0, 1), "0") == 0;
  PQclear(r);
  if (!ok) {
    snprintf(err, errlen, "cannot inspect the target: %s", PQerrorMessage(c));
  } else if (exists && !empty) {
    snprintf(err, errlen, "the target database is not empty (schema %s holds tables)", schema);
    ok = false;
  } else if (exists) {
    char *q = PQescapeIdentifier(c, schema, strlen(schema));
    char *sql = an_asprintf("DROP SCHEMA %s", q);
    ok = pg_ok(c, sql, err, errlen);
    free(sql);
    PQfreemem(q);
  }
  PQfinish(c);
  return ok;
}

struct an_restore *an_store_restore_open(const char *driver, const char *target, const char *schema,
                                         char *err, size_t errlen)
{
  struct an_restore *r = an_calloc(sizeof *r);
  r->pg = !strcmp(driver, "postgres");
  r->target = an_strdup(target);
  r->fd = -1;
  r->pid = -1;
  if (r->pg) {
    signal(SIGPIPE, SIG_IGN); /* pg_restore may stop reading: a write error, not a signal */
    /* pg_restore insists on -d: the database's name only; host, user, password and the rest
     * reach it through the environment (pg_env). */
    char *db = url_dbname(target);
    char *db_arg = an_asprintf("--dbname=%s", db ? db : "");
    char *argv[] = {
        "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
        db_arg,       NULL};
    bool ready = db && pg_target_ready(target, schema ? schema : "public", err, errlen);
    r->pid = ready ? pg_spawn(argv, target, true, &r->fd) : -1;
    if (db && ready && r->pid < 0)
      snprintf(err, errlen, "cannot start pg_restore");
    if (!db)
      snprintf(err, errlen, "the target URL names no database");
    free(db_arg);
    free(db);
  } else {
    r->fd = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (r->fd < 0)
      snprintf(err, errlen, "cannot create %s: %s", target, strerror(errno));
  }
  if (r->fd < 0) {
    free(r->target);
    free(r);
    return NULL;
  }
  return r;
}

bool an_store_restore_write(struct an_restore *r, const void *p, size_t n)
{
  return an_fd_write_all(r->fd, p, n);
}

static bool sqlite_check(const char *path, json_t *counts, char *err, size_t errlen)
{
  sqlite3 *h = NULL;
  bool ok = false;
  if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
    snprintf(err, errlen, "cannot open the restored file");
    goto out;
  }
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK ||
      sqlite3_step(st) != SQLITE_ROW ||
      strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0) {
    snprintf(err, errlen, "integrity check failed: %s",
             st && sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0)
                                              : sqlite3_errmsg(h));
    sqlite3_finalize(st);
    goto out;
  }
  sqlite3_finalize(st);
  /* The image came from a memory database: make the file a WAL database like the original. */
  sqlite3_exec(h, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
  ok = sqlite_count(h, counts, err, errlen);
out:
  sqlite3_close(h);
  return ok;
}

static bool pg_check(const char *url, const char *schema, json_t *counts, char *err, size_t errlen)
{
  PGconn *c = PQconnectdb(url);
  bool ok = PQstatus(c) == CONNECTION_OK;
  if (!ok)
    snprintf(err, errlen, "cannot connect: %s", PQerrorMessage(c));
  else
    ok = pg_count(c, schema, counts, err, errlen);
  PQfinish(c);
  return ok;
}

bool an_store_restore_finish(struct an_restore *r, const char *schema, json_t *counts, char *err,
                             size_t errlen)
{
  bool ok = true;
  if (!r->pg && fsync(r->fd) != 0) {
    snprintf(err, errlen, "fsync: %s", strerror(errno));
    ok = false;
  }
  close(r->fd);
  if (r->pg) {
    int st = wait_child(r->pid);
    if (st != 0) {
      snprintf(err, errlen, "pg_restore exited with %d", st);
      ok = false;
    }
    ok = ok && pg_check(r->target, schema ? schema : "public", counts, err, errlen);
  } else {
    ok = ok && sqlite_check(r->target, counts, err, errlen);
  }
  free(r->target);
  free(r);
  return ok;
}

void an_store_restore_abort(struct an_restore *r)
{
  if (!r)
    return;
  close(r->fd);
  if (r->pg) {
    kill(r->pid, SIGTERM);
    wait_child(r->pid);
  } else {
    unlink(r->target);
  }
  free(r->target);
  free(r);
}

char *an_store_url_with_schema(const char *url, const char *schema)
{
  if (!schema[0] || strspn(schema, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(schema))
    return NULL;
  if (strstr(url, "://"))
    return an_asprintf("%s%coptions=-csearch_path%%3D%s", url, strchr(url, '?') ? '&' : '?',
                       schema);
  return an_asprintf("%s options='-csearch_path=%s'", url, schema);
}

bool an_store_drop_schema(const char *url, const char *schema, char *err, size_t errlen)
{
  PGconn *c = PQconnectdb(url);
  bool ok = PQstatus(c) == CONNECTION_OK;
  if (ok) {
    PQsetNoticeProcessor(c, quiet, NULL); /* "does not exist, skipping" is expected */
    char *q = PQescapeIdentifier(c, schema, strlen(schema));
    char *sql = an_asprintf("DROP SCHEMA IF EXISTS %s CASCADE", q);
    ok = pg_ok(c, sql, err, errlen);
    free(sql);
    PQfreemem(q);
  } else {
    snprintf(err, errlen, "cannot connect: %s", PQerrorMessage(c));
  }
  PQfinish(c);
  return ok;
}
