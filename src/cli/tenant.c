/* anshin tenant dedicate|share|placement: dedicated tenancy (WP-1, issue 15 item 3). The
 * conninfo of the tenant's database is read from stdin when given as "-", so that its password
 * appears in no process list or shell history; it is stored sealed and never printed. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "cli/cli.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "lifecycle/placement.h"
#include "store/db.h"
#include "store/placement.h"

static void usage(FILE *out)
{
  fputs("usage: anshin tenant dedicate ID --database URL|- [--config FILE]\n"
        "       anshin tenant share ID [--config FILE]\n"
        "       anshin tenant placement ID [--config FILE]\n"
        "dedicate: moves the tenant's own rows into the PostgreSQL database URL (\"-\": the\n"
        "  conninfo is read from the first line of stdin), during an announced maintenance\n"
        "  window: the tenant's writes are refused (503) while its rows are copied and verified\n"
        "  (row counts and digests per table, the audit chain), then it is switched.\n"
        "share: moves the tenant back into the shared database the same way.\n"
        "placement: prints the tenant's state and database (host and name, never the conninfo).\n"
        "Exit 0: done. 1: the copy did not verify (moved back, nothing lost). 2: refused (no\n"
        "  window, wrong state, SQLite, bad input). 3: a database failed (run it again).\n",
        out);
}

/* The first line of stdin, without its end; NULL when there is none. */
static char *read_line(void)
{
  char *line = NULL;
  size_t cap = 0;
  ssize_t n = getline(&line, &cap, stdin);
  if (n <= 0) {
    free(line);
    return NULL;
  }
  line[strcspn(line, "\r\n")] = 0;
  return line;
}

static int placement(struct an_db *db, int64_t id)
{
  struct an_placement p;
  if (an_store_placement_get(db, id, &p) < 0) {
    fputs("anshin tenant: cannot read the placement\n", stderr);
    return 3;
  }
  printf("tenant %lld: %s%s%s\n", (long long)id, p.state, p.label[0] ? " " : "", p.label);
  an_store_placement_clear(&p);
  return 0;
}

static int act(const char *cmd, int64_t id, const char *database, const char *config)
{
  struct an_cli c;
  if (!an_cli_setup(config, false, &c))
    return 2;
  char *url = NULL;
  if (database && !strcmp(database, "-"))
    url = read_line();
  else if (database)
    url = an_strdup(database);
  int rc = 2;
  struct an_db *db = NULL;
  if (!strcmp(cmd, "dedicate") && (!url || !url[0])) {
    fputs("anshin tenant dedicate: --database URL (or - and the URL on stdin) is required\n",
          stderr);
  } else if ((db = an_cli_open_db(&c))) {
    if (!strcmp(cmd, "placement")) {
      rc = placement(db, id);
    } else {
      struct an_ctx ctx;
      an_cli_ctx(&c, "system", &ctx);
      struct an_buf out = {0};
      rc = an_placement_move(&ctx, db, id, !strcmp(cmd, "dedicate") ? url : NULL, &out);
      fputs(out.data ? out.data : "", rc ? stderr : stdout);
      an_buf_free(&out);
    }
    an_db_close(db);
  }
  free(url);
  an_cli_teardown(&c);
  return rc;
}

int an_cmd_tenant(int argc, char **argv)
{
  if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
    usage(stdout);
    return 0;
  }
  if (argc < 3 ||
      (strcmp(argv[1], "dedicate") && strcmp(argv[1], "share") && strcmp(argv[1], "placement"))) {
    usage(stderr);
    return 2;
  }
  const char *config = NULL, *database = NULL;
  const struct an_cli_opt opts[] = {{"database", 'd', &database, NULL},
                                    {"config", 'c', &config, NULL}};
  optind = 1;
  AN_CLI_OPTIONS_OR_RETURN(argc - 1, argv + 1, opts, usage);
  char *end = NULL;
  long long id = optind == argc - 2 ? strtoll(argv[optind + 1], &end, 10) : 0;
  if (id <= 0 || !end || *end) {
    usage(stderr);
    return 2;
  }
  if (database && strcmp(argv[1], "dedicate")) {
    fputs("anshin tenant: --database belongs to dedicate only\n", stderr);
    return 2;
  }
  return act(argv[1], id, database, config);
}
