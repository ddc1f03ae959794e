/* `anshin logs access`: prints the access log's lines of a period (CHK-7), optionally of one
 * tenant, from the daily files under [log] access_dir (compressed or not). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/access_log.h"
#include "core/alloc.h"
#include "core/ascii.h"
#include "core/time.h"
#include "store/db.h"
#include "store/tenants.h"

static void usage(FILE *out)
{
  fputs("usage: anshin logs access [--from WHEN] [--to WHEN] [--tenant CODE] [--config FILE]\n"
        "Prints the access log's JSON lines from --from (inclusive) to --to (exclusive), oldest\n"
        "first. WHEN is YYYY-MM-DD (a day in JST; as --to it includes that day) or RFC 3339.\n"
        "Defaults: --to now, --from one day before --to. --tenant keeps the lines of that\n"
        "company code's users only. Files come from [log] access_dir.\n",
        out);
}

static void print_line(void *cls, const char *line, size_t len)
{
  (void)cls;
  fwrite(line, 1, len, stdout);
  fputc('\n', stdout);
}

/* The tenant id of a company code: >0, 0 when unknown, -1 on a database error (printed). */
static int64_t tenant_of(const struct an_cli *c, const char *code)
{
  struct an_db *db = an_cli_open_db(c);
  if (!db)
    return -1;
  char *up = an_strdup(code);
  an_ascii_upper(up);
  struct an_tenant *t = an_calloc(sizeof *t);
  int rc = an_store_tenant_by_code(db, up, t);
  int64_t id = rc == 1 ? t->id : rc == 0 ? 0 : -1;
  if (rc < 0)
    fprintf(stderr, "anshin: cannot read the tenants\n");
  free(t);
  free(up);
  an_db_close(db);
  return id;
}

static int access_cmd(int argc, char **argv)
{
  const char *config = NULL, *from = NULL, *to = NULL, *tenant = NULL;
  const struct an_cli_opt opts[] = {{"config", 'c', &config, NULL},
                                    {"from", 'f', &from, NULL},
                                    {"to", 't', &to, NULL},
                                    {"tenant", 'n', &tenant, NULL}};
  AN_CLI_OPTIONS_OR_RETURN(argc, argv, opts, usage);
  int64_t f, t;
  if (!an_access_log_range(from, to, an_time_now_us(), &f, &t)) {
    fprintf(stderr, "anshin: --from/--to: YYYY-MM-DD or RFC 3339, --from before --to\n");
    return 2;
  }
  struct an_cli c;
  if (!an_cli_setup(config, false, &c))
    return 2;
  int rc = 2;
  int64_t tenant_id = tenant ? tenant_of(&c, tenant) : -1;
  if (tenant && tenant_id == 0)
    fprintf(stderr, "anshin: no tenant with company code %s\n", tenant);
  else if (!tenant || tenant_id > 0) {
    if (!c.cfg.access_dir[0])
      fprintf(stderr, "anshin: [log] access_dir is empty: no access log is kept\n");
    else if (an_access_log_read(c.cfg.access_dir, f, t, tenant_id, print_line, NULL) < 0)
      fprintf(stderr, "anshin: cannot read %s\n", c.cfg.access_dir);
    else
      rc = 0;
  }
  fflush(stdout);
  an_cli_teardown(&c);
  return rc;
}

int an_cmd_logs(int argc, char **argv)
{
  if (argc >= 2 && strcmp(argv[1], "access") == 0)
    return access_cmd(argc - 1, argv + 1);
  return an_cli_usage(usage, argc >= 2 ? argv[1] : NULL);
}
