/* What every subcommand does alike: usage and help, the --config option, opening the store,
 * printing a JSON result. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/alloc.h"
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
  const struct an_cli_opt opts[] = {{"config", 'c', config, NULL}};
  return an_cli_options(argc, argv, opts, 1, usage);
}

/* The getopt_long value of row i: its letter, or a number above every character. */
static int opt_val(const struct an_cli_opt *o, size_t i)
{
  return o->letter ? o->letter : 256 + (int)i;
}

/* getopt_long's tables for opts: long options (with --help) and the short letters' string. */
static void opt_tables(const struct an_cli_opt *opts, size_t n, struct option *lo, char *so)
{
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    lo[i] = (struct option){opts[i].name, opts[i].value ? required_argument : no_argument, NULL,
                            opt_val(&opts[i], i)};
    if (opts[i].letter) {
      so[k++] = opts[i].letter;
      if (opts[i].value)
        so[k++] = ':';
    }
  }
  lo[n] = (struct option){"help", no_argument, NULL, 'h'};
  lo[n + 1] = (struct option){0, 0, 0, 0};
  so[k++] = 'h';
  so[k] = '\0';
}

/* Stores what option o (as getopt_long returned it) carries; false when no row has it. */
static bool opt_take(const struct an_cli_opt *opts, size_t n, int o)
{
  for (size_t i = 0; i < n; i++) {
    if (opt_val(&opts[i], i) != o)
      continue;
    if (opts[i].value)
      *opts[i].value = optarg;
    else
      *opts[i].flag = true;
    return true;
  }
  return false;
}

int an_cli_options(int argc, char **argv, const struct an_cli_opt *opts, size_t n,
                   void (*usage)(FILE *))
{
  return an_cli_options_as(NULL, argc, argv, opts, n, usage);
}

int an_cli_options_as(const char *who, int argc, char **argv, const struct an_cli_opt *opts,
                      size_t n, void (*usage)(FILE *))
{
  struct option *lo = an_calloc((n + 2) * sizeof *lo);
  char *so = an_calloc(2 * n + 3);
  so[0] = ':'; /* with who: a missing value is told apart (':') */
  opt_tables(opts, n, lo, so + (who ? 1 : 0));
  int saved = opterr, o, rc = -1;
  opterr = !who;
  while (rc < 0 && (o = getopt_long(argc, argv, so, lo, NULL)) != -1) {
    if (o == 'h' || !opt_take(opts, n, o)) {
      if (who && o != 'h')
        fprintf(stderr, o == ':' ? "%s: %s needs a value\n" : "%s: unknown option %s\n", who,
                argv[optind - 1]);
      usage(o == 'h' ? stdout : stderr);
      rc = o == 'h' ? 0 : 2;
    }
  }
  opterr = saved;
  free(lo);
  free(so);
  return rc;
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

int an_cli_finish(struct an_cli *c, struct an_db *db, json_t *out, int rc, const char *err)
{
  if (out)
    an_cli_print_json(out);
  if (rc != 0 && err[0])
    fprintf(stderr, "anshin: %s\n", err);
  json_decref(out);
  an_cli_end(c, db);
  return rc;
}

struct an_db *an_cli_open_as_is(const struct an_cli *c)
{
  char err[512];
  struct an_db *db = an_db_open(&c->cfg, err, sizeof err);
  if (!db)
    fprintf(stderr, "anshin: cannot open the database: %s\n", err);
  return db;
}

bool an_cli_digits(const char *s, long min, long max, long *out)
{
  long v = 0;
  if (!*s)
    return false;
  for (; *s; s++) {
    if (*s < '0' || *s > '9' || v > max)
      return false;
    v = v * 10 + (*s - '0');
  }
  if (v < min || v > max)
    return false;
  *out = v;
  return true;
}
