#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "store/db.h"
#include "store/migrate.h"

static void usage(FILE *out)
{
  fputs("usage: anshin migrate [--config FILE] [--to VERSION]\n"
        "Creates the database if needed and applies every pending schema migration\n"
        "(with --to, none above VERSION).\n",
        out);
}

int an_cmd_migrate(int argc, char **argv)
{
  const char *config = NULL, *to_arg = NULL;
  int to = 0;
  const struct an_cli_opt opts[] = {{"config", 'c', &config, NULL}, {"to", 't', &to_arg, NULL}};
  AN_CLI_OPTIONS_OR_RETURN(argc, argv, opts, usage);
  if (to_arg && (to = atoi(to_arg)) <= 0) {
    usage(stderr);
    return 2;
  }
  struct an_cli c;
  if (!an_cli_setup(config, true, &c))
    return 1;
  struct an_db *db = an_cli_open_as_is(&c);
  int rc = 1;
  char err[512];
  int n = db ? an_store_migrate_to(db, to, err, sizeof err) : 0;
  if (db && n < 0) {
    fprintf(stderr, "anshin: migration failed: %s\n", err);
  } else if (db) {
    printf("applied %d migration(s); schema version %d (%s)\n", n, an_store_schema_version(db),
           an_db_driver(db));
    rc = 0;
  }
  an_cli_end(&c, db);
  return rc;
}
