/* anshin seal migrate|status|outbox (issue 14 item 1: personal data sealed per tenant). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "store/db.h"
#include "store/seal_rows.h"

static void usage(FILE *out)
{
  fputs("usage: anshin seal migrate [--config FILE]  seal personal data still in plaintext\n"
        "                                            (idempotent, resumable; serve runs it too)\n"
        "       anshin seal status [--config FILE]   per tenant: fields plaintext, sealed and\n"
        "                                            readable, sealed and unreadable (JSON)\n"
        "       anshin seal outbox [--config FILE]   the mail outbox, opened (JSON)\n"
        "Exit 0: done. Exit 2: cannot run.\n",
        out);
}

static int run(const char *sub, const char *config)
{
  struct an_cli c;
  if (!an_cli_setup(config, false, &c))
    return 2;
  struct an_db *db = an_cli_open_db(&c);
  if (!db) {
    an_cli_teardown(&c);
    return 2;
  }
  struct an_ctx ctx;
  an_cli_ctx(&c, "anshin seal", &ctx);
  json_t *out = NULL;
  int rc;
  if (!strcmp(sub, "migrate")) {
    rc = an_store_seal_migrate(db, ctx.now, &out);
    struct an_audit_rec rec = {.action = "seal.migrate",
                               .target = "personal-data",
                               .outcome = rc < 0 ? "failure" : "success",
                               .details = out};
    if (an_audit_record(&ctx, db, &rec) < 0)
      rc = -1;
  } else if (!strcmp(sub, "status")) {
    rc = an_store_seal_census(db, &out);
  } else {
    out = json_array();
    rc = an_store_seal_outbox_all(db, out);
  }
  if (out) {
    char *s = json_dumps(out, JSON_INDENT(2) | JSON_SORT_KEYS);
    if (s)
      puts(s);
    free(s);
    json_decref(out);
  }
  if (rc < 0)
    fprintf(stderr, "anshin: seal %s failed\n", sub);
  an_db_close(db);
  an_cli_teardown(&c);
  return rc < 0 ? 2 : 0;
}

int an_cmd_seal(int argc, char **argv)
{
  static const struct option opts[] = {
      {"config", required_argument, NULL, 'c'}, {"help", no_argument, NULL, 'h'}, {0, 0, 0, 0}};
  const char *config = NULL;
  if (argc < 2 ||
      (strcmp(argv[1], "migrate") && strcmp(argv[1], "status") && strcmp(argv[1], "outbox"))) {
    bool help = argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));
    usage(help ? stdout : stderr);
    return help ? 0 : 2;
  }
  const char *sub = argv[1];
  argc--;
  argv++;
  int o;
  while ((o = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
    if (o == 'c') {
      config = optarg;
      continue;
    }
    usage(o == 'h' ? stdout : stderr);
    return o == 'h' ? 0 : 2;
  }
  if (optind != argc) {
    usage(stderr);
    return 2;
  }
  return run(sub, config);
}
