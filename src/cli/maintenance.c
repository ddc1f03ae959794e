/* anshin maintenance planned --year YYYY: the regular maintenance windows of a year (SLA-1,
 * MARK-5-2-1), from the [ops] rule, one "START<TAB>END" line each in RFC 3339 with +09:00. Needs
 * the configuration only (the rule), no database and no key. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/time.h"
#include "ops/schedule.h"

static void usage(FILE *out)
{
  fputs(
      "usage: anshin maintenance planned --year YYYY [--config FILE]\n"
      "planned: prints the year's regular maintenance windows ([ops] maintenance_week,\n"
      "  maintenance_weekday, maintenance_start_minute, maintenance_minutes; by default the\n"
      "  4th Sunday of each month, 00:00-05:00 JST), one \"START<TAB>END\" line each in RFC 3339\n"
      "  with +09:00. Nothing is printed when maintenance_minutes is 0.\n"
      "Exit 0: printed. Exit 2: bad input or configuration.\n",
      out);
}

/* YEAR: four digits, a year the calendar knows. */
static bool parse_year(const char *s, int *out)
{
  long v;
  if (strlen(s) != 4 || !an_cli_digits(s, AN_DATE_MIN_YEAR, AN_DATE_MAX_YEAR - 1, &v))
    return false;
  *out = (int)v;
  return true;
}

static int planned(const struct an_config *cfg, int year)
{
  struct an_ops_rule rule = an_ops_rule_from(cfg);
  for (int m = 1; m <= 12; m++) {
    struct an_ops_span w;
    if (!an_ops_rule_window(rule, year, m, &w))
      continue;
    char a[40], b[40];
    an_time_format_jst(w.start, a, sizeof a);
    an_time_format_jst(w.end, b, sizeof b);
    printf("%s\t%s\n", a, b);
  }
  return 0;
}

int an_cmd_maintenance(int argc, char **argv)
{
  const char *config = NULL, *year_arg = NULL;
  if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
    usage(stdout);
    return 0;
  }
  if (argc < 2 || strcmp(argv[1], "planned") != 0) {
    usage(stderr);
    return 2;
  }
  const struct an_cli_opt opts[] = {{"year", 'y', &year_arg, NULL}, {"config", 'c', &config, NULL}};
  optind = 1;
  AN_CLI_OPTIONS_OR_RETURN(argc - 1, argv + 1, opts, usage);
  int year;
  if (optind != argc - 1 || !year_arg || !parse_year(year_arg, &year)) {
    fprintf(stderr, "anshin maintenance planned: expected --year YYYY (%d..%d)\n", AN_DATE_MIN_YEAR,
            AN_DATE_MAX_YEAR - 1);
    return 2;
  }
  struct an_config cfg;
  char err[512];
  if (!an_config_load(&cfg, config, err, sizeof err)) {
    fprintf(stderr, "anshin maintenance: %s\n", err);
    return 2;
  }
  int rc = planned(&cfg, year);
  an_config_free(&cfg);
  return rc;
}
