/* anshin backup run|list|verify|drill|tick and anshin restore (issue 14). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "backup/backup.h"
#include "backup/drill.h"
#include "backup/keys.h"
#include "backup/schedule.h"
#include "cli/cli.h"
#include "core/alloc.h"
#include "store/db.h"
#include "store/snapshot.h"

static void usage(FILE *out)
{
  fputs("usage: anshin backup run [--config FILE]      take a backup now\n"
        "       anshin backup list [--config FILE]     kept backups and their copies (JSON)\n"
        "       anshin backup verify ID [--config FILE] read backup ID back and check it\n"
        "       anshin backup drill [--config FILE]    restore the newest backup into scratch\n"
        "                                              and check it (RPO/RTO recorded)\n"
        "       anshin backup drills [--config FILE]   the recorded drills (JSON)\n"
        "       anshin backup tick [--config FILE]     one look at the schedule, as serve does\n"
        "Exit 0: done. Exit 1: the backup, check or drill failed. Exit 2: cannot run.\n",
        out);
}

static int run_cmd(const char *sub, const char *arg, const char *config)
{
  struct an_cli c;
  struct an_ctx ctx;
  char actor[64];
  snprintf(actor, sizeof actor, "anshin backup %s", sub);
  struct an_db *db =
      an_cli_begin(config, !strcmp(sub, "run") || !strcmp(sub, "tick"), actor, &c, &ctx);
  if (!db)
    return 2;
  char err[512] = "";
  json_t *out = NULL;
  int rc = 2;
  if (!strcmp(sub, "run")) {
    rc = an_backup_run(&ctx, db, &out, err, sizeof err) == 1 ? 0 : 1;
  } else if (!strcmp(sub, "list") || !strcmp(sub, "drills")) {
    out = json_array();
    rc = (!strcmp(sub, "list") ? an_backup_list(db, out) : an_backup_drill_list(db, out)) >= 0 ? 0
                                                                                               : 2;
  } else if (!strcmp(sub, "verify")) {
    char *end;
    long long id = arg ? strtoll(arg, &end, 10) : 0;
    if (!arg || *end || id <= 0) {
      fprintf(stderr, "anshin: backup verify needs a backup id (see backup list)\n");
    } else {
      int v = an_backup_verify(&ctx, db, id, err, sizeof err);
      rc = v == 1 ? 0 : v == 0 ? 1 : 2;
      if (v == 1)
        printf("backup %lld intact\n", id);
    }
  } else if (!strcmp(sub, "drill")) {
    int v = an_backup_drill(&ctx, db, &out, err, sizeof err);
    rc = v == 1 ? 0 : v == 0 && out ? 1 : 2;
  } else if (!strcmp(sub, "tick")) {
    out = json_pack("{s:i}", "done", an_backup_tick(&ctx, db));
    rc = 0;
  }
  return an_cli_finish(&c, db, out, rc, err);
}

int an_cmd_backup(int argc, char **argv)
{
  static const char *subs[] = {"run", "list", "verify", "drill", "drills", "tick"};
  const char *sub = argc >= 2 ? argv[1] : "";
  bool known = false;
  for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
    known = known || !strcmp(sub, subs[i]);
  if (!known)
    return an_cli_usage(usage, sub);
  const char *config = NULL;
  int rc = an_cli_config_args(argc - 1, argv + 1, usage, &config);
  if (rc >= 0)
    return rc;
  argc--;
  argv++;
  return run_cmd(sub, optind < argc ? argv[optind] : NULL, config);
}

/* ---- anshin restore ---- */

static void restore_usage(FILE *out)
{
  fputs("usage: anshin restore --backup FILE --into DIR      [--config FILE]  (SQLite)\n"
        "       anshin restore --backup FILE --into-url URL  [--config FILE]  (PostgreSQL)\n"
        "Decrypts and authenticates the backup with the master key of the configuration,\n"
        "restores it into DIR/anshin.db (DIR must not hold one) or into the empty PostgreSQL\n"
        "database at URL, checks its integrity, compares the row counts with the backup's\n"
        "manifest and verifies the restored audit chain. The tenants' data keys are not in\n"
        "a data backup: --keys FILE (anshin-keys-*.ank from the same run or later) puts them\n"
        "into the restored key store; without it sealed personal data stays unreadable.\n"
        "A dedicated tenant's file of the same run (anshin-*-tenant<ID>.anb, listed in the\n"
        "backup's manifest) restores the same way into an empty database of its own.\n"
        "Exit 0: restored and checked.\n"
        "Exit 1: refused (altered or cut backup, other key, counts differ, chain broken).\n"
        "Exit 2: cannot run.\n",
        out);
}

static int restored_chain(const struct an_cli *c, const char *dir, const char *url,
                          const char *schema, const char *keyfile)
{
  char err[256];
  struct an_db *db =
      an_backup_open_restored(&c->cfg, url, schema ? schema : "public", dir, err, sizeof err);
  struct an_audit_report rep = {0};
  int v = db ? an_audit_verify(db, &c->keys, &rep) : -1;
  if (v == 1 && keyfile) {
    char kerr[512] = "";
    long n = an_backup_keys_restore(&c->keys, keyfile, db, kerr, sizeof kerr);
    if (n < 0) {
      fprintf(stderr, "anshin: the key backup was refused: %s\n", kerr);
      v = 0;
    } else {
      printf("data keys restored from %s: %ld\n", keyfile, n);
    }
  }
  if (v == 1)
    printf("audit chain of the restored database intact: %lld events\n",
           (long long)(rep.events + rep.unsealed));
  else
    fprintf(stderr, "anshin: the restored audit chain does not verify: %s\n",
            db ? rep.reason : err);
  an_db_close(db);
  return v == 1 ? 0 : 1;
}

int an_cmd_restore(int argc, char **argv)
{
  const char *config = NULL, *file = NULL, *dir = NULL, *url = NULL, *keyfile = NULL;
  const struct an_cli_opt opts[] = {{"config", 'c', &config, NULL},
                                    {"backup", 'b', &file, NULL},
                                    {"into", 'i', &dir, NULL},
                                    {"into-url", 'u', &url, NULL},
                                    {"keys", 'k', &keyfile, NULL}};
  AN_CLI_OPTIONS_OR_RETURN(argc, argv, opts, restore_usage);
  if (!file || !!dir == !!url) {
    restore_usage(stderr);
    return 2;
  }
  struct an_cli c;
  /* Never create a key: a backup opens only under the master key it was made with. */
  if (!an_cli_setup(config, false, &c))
    return 2;
  struct an_restore_report rep;
  char err[512] = "";
  bool ok = an_backup_restore(&c.keys, file, dir ? dir : url, &rep, err, sizeof err);
  int rc = 1;
  if (ok) {
    printf("restored %s: integrity ok, row counts equal the manifest's (%lld ms)\n", file,
           (long long)rep.duration_ms);
    const char *schema = json_string_value(json_object_get(rep.manifest, "schema"));
    rc = restored_chain(&c, dir, url, schema, keyfile);
  } else {
    fprintf(stderr, "anshin: restore refused: %s\n", err);
  }
  an_restore_report_free(&rep);
  an_cli_teardown(&c);
  return rc;
}
