/* anshin support: the support desk from the command line. `support due` computes when an SLA
 * target falls due in support hours (SLA-12), for operators and outside checks; it needs no
 * database, only the configuration for the default hours and closing days. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/calendar.h"
#include "core/config.h"
#include "core/time.h"
#include "support/hours.h"

static void usage(FILE *out)
{
  fputs("usage: anshin support due START MINUTES [--hours SPEC] [--closing-days SPEC]\n"
        "                          [--holidays-csv FILE] [--config FILE]\n"
        "due: prints the instant (RFC 3339, +09:00) by which MINUTES minutes of support hours\n"
        "  have passed after START (RFC 3339, e.g. 2026-12-04T17:30:00+09:00). Support hours\n"
        "  count on business days only: weekends, national holidays (substitute holidays too)\n"
        "  and closing days are skipped.\n"
        "--hours SPEC: the weekly schedule, default [support] hours (" AN_SUPPORT_DEFAULT_HOURS
        "):\n"
        "  \"10:00-12:00,13:00-17:00\" (Monday to Friday) or \"mon-fri 09:00-17:00; sat "
        "10:00-12:00\".\n"
        "--closing-days SPEC: as in `anshin calendar`, default [calendar] closing_days.\n"
        "Exit 0: answered. Exit 2: bad input (the problem is named on stderr).\n",
        out);
}

static int due(const struct an_calendar *cal, const struct an_support_hours *h, int argc,
               char **argv)
{
  int64_t start, at;
  long minutes;
  if (argc != 2) {
    fputs("anshin support due: expected START and MINUTES\n", stderr);
    return 2;
  }
  if (!an_time_parse(argv[0], &start) || !strchr(argv[0], 'T')) {
    fprintf(stderr, "anshin support due: START \"%s\" is not an RFC 3339 time\n", argv[0]);
    return 2;
  }
  if (!an_cli_digits(argv[1], 0, 10000000, &minutes)) { /* no sign, no spaces */
    fprintf(stderr, "anshin support due: MINUTES \"%s\" is not a whole number 0..10000000\n",
            argv[1]);
    return 2;
  }
  if (!an_support_due(cal, h, start, (int64_t)minutes * 60, &at)) {
    fputs("anshin support due: no support hours found within ten years\n", stderr);
    return 2;
  }
  char out[40];
  an_time_format_jst(at, out, sizeof out);
  puts(out);
  return 0;
}

/* Builds the calendar and hours from the options, else the configuration. */
static int run(const char *config, const char *hours, const char *closing, const char *csv,
               int argc, char **argv)
{
  struct an_config cfg;
  char err[512];
  if (!an_config_load(&cfg, config, err, sizeof err)) {
    fprintf(stderr, "anshin support: %s\n", err);
    return 2;
  }
  struct an_calendar *cal = an_calendar_new();
  struct an_support_hours h;
  int rc = 2;
  const char *spec = hours ? hours : cfg.support_hours;
  if (!an_support_hours_parse(spec, &h, err, sizeof err))
    fprintf(stderr, "anshin support: %s: %s\n", hours ? "--hours" : "[support] hours", err);
  else if (!an_calendar_set_closing(cal, closing ? closing : cfg.closing_days, err, sizeof err))
    fprintf(stderr, "anshin support: --closing-days: %s\n", err);
  else if ((csv || cfg.holidays_csv[0]) &&
           !an_calendar_load_csv(cal, csv ? csv : cfg.holidays_csv, err, sizeof err))
    fprintf(stderr, "anshin support: --holidays-csv: %s\n", err);
  else
    rc = due(cal, &h, argc, argv);
  an_calendar_free(cal);
  an_config_free(&cfg);
  return rc;
}

int an_cmd_support(int argc, char **argv)
{
  bool help = argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));
  if (argc < 2 || strcmp(argv[1], "due")) {
    if (!help && argc >= 2)
      fprintf(stderr, "anshin support: unknown subcommand \"%s\"\n", argv[1]);
    usage(help ? stdout : stderr);
    return help ? 0 : 2;
  }
  const char *config = NULL, *hours = NULL, *closing = NULL, *csv = NULL;
  const struct an_cli_opt opts[] = {{"hours", 0, &hours, NULL},
                                    {"closing-days", 0, &closing, NULL},
                                    {"holidays-csv", 0, &csv, NULL},
                                    {"config", 0, &config, NULL}};
  argc--;
  argv++;
  int stop = an_cli_options_as("anshin support due", argc, argv, opts, 4, usage);
  if (stop >= 0)
    return stop;
  return run(config, hours, closing, csv, argc - optind, argv + optind);
}
