#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "store/db.h"

static void usage(FILE *out)
{
  fputs("usage: anshin audit verify [--config FILE]\n"
        "Checks the audit log's chain of MACs. Exit 0: intact. Exit 1: an event was edited,\n"
        "deleted, inserted or reordered (the first bad event is named). Exit 2: cannot check.\n",
        out);
}

int an_cmd_audit(int argc, char **argv)
{
  if (argc < 2 || strcmp(argv[1], "verify") != 0) {
    bool help = argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));
    usage(help ? stdout : stderr);
    return help ? 0 : 2;
  }
  const char *config = NULL;
  static const struct option opts[] = {
      {"config", required_argument, NULL, 'c'}, {"help", no_argument, NULL, 'h'}, {0, 0, 0, 0}};
  int o;
  argc--;
  argv++;
  while ((o = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
    if (o == 'c')
      config = optarg;
    else {
      usage(o == 'h' ? stdout : stderr);
      return o == 'h' ? 0 : 2;
    }
  }
  struct an_cli c;
  /* Never create a key here: verifying with a new key would call every event forged. */
  if (!an_cli_setup(config, false, &c))
    return 2;
  char err[512];
  int rc = 2;
  struct an_db *db = an_db_open(&c.cfg, err, sizeof err);
  if (!db) {
    fprintf(stderr, "anshin: cannot open the database: %s\n", err);
  } else {
    struct an_audit_report rep;
    int v = an_audit_verify(db, &c.keys, &rep);
    if (v == 1) {
      printf("audit chain intact: %lld events, head at %lld\n", (long long)rep.events,
             (long long)rep.head_seq);
      rc = 0;
    } else if (v == 0) {
      printf("audit chain BROKEN at event %lld: %s (%lld events checked, head at %lld)\n",
             (long long)rep.bad_seq, rep.reason, (long long)rep.events, (long long)rep.head_seq);
      rc = 1;
    } else {
      fprintf(stderr, "anshin: cannot read the audit log\n");
    }
    an_db_close(db);
  }
  an_cli_teardown(&c);
  return rc;
}
