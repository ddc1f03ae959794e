/* What every subcommand does alike: usage and help, the --config option, opening the store,
 * printing a JSON result. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/db.h"

bool an_cli_is_help(const char *arg)
{
  return arg && (!strcmp(arg, "--help") || !strcmp(arg, "-h"));
}

int an_cli_usage(void (*usage)(FILE *), const char *arg)
{
  bool help = an_cli_is_help(arg);
  usage(help ? stdout : stderr);
  return help ? 0 : 2;
}

int an_cli_config_args(int argc, char **argv, void (*usage)(FILE *), const char **config)
{
  static const struct option opts[] = {
      {"config", required_argument, NULL, 'c'}, {"help", no_argument, NULL, 'h'}, {0, 0, 0, 0}};
  int o;
  while ((o = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
    if (o != 'c') {
      usage(o == 'h' ? stdout : stderr);
      return o == 'h' ? 0 : 2;
    }
    *config = optarg;
  }
  return -1;
}

struct an_db *an_cli_begin(const char *config, bool create_key, const char *actor, struct an_cli *c,
                           struct an_ctx *ctx)
{
  if (!an_cli_setup(config, create_key, c))
    return NULL;
  struct an_db *db = an_cli_open_db(c);
  if (!db) {
    an_cli_teardown(c);
    return NULL;
  }
  an_cli_ctx(c, actor, ctx);
  return db;
}

void an_cli_end(struct an_cli *c, struct an_db *db)
{
  an_db_close(db);
  an_cli_teardown(c);
}

void an_cli_print_json(json_t *j)
{
  char *s = json_dumps(j, JSON_INDENT(2) | JSON_SORT_KEYS);
  if (s)
    puts(s);
  free(s);
}
