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
  struct an_ctx ctx;
  struct an_db *db = an_cli_begin(config, false, "anshin seal", &c, &ctx);
  if (!db)
    return 2;
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
    an_cli_print_json(out);
    json_decref(out);
  }
  if (rc < 0)
    fprintf(stderr, "anshin: seal %s failed\n", sub);
  an_cli_end(&c, db);
  return rc < 0 ? 2 : 0;
}

int an_cmd_seal(int argc, char **argv)
{
  const char *config = NULL;
  if (argc < 2 ||
      (strcmp(argv[1], "migrate") && strcmp(argv[1], "status") && strcmp(argv[1], "outbox")))
    return an_cli_usage(usage, argc >= 2 ? argv[1] : NULL);
  const char *sub = argv[1];
  argc--;
  argv++;
  int rc = an_cli_config_args(argc, argv, usage, &config);
  if (rc >= 0)
    return rc;
  if (optind != argc) {
    usage(stderr);
    return 2;
  }
  return run(sub, config);
}
