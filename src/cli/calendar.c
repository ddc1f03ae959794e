/* anshin calendar: the business-day calendar from the command line, for operators checking a
 * deadline. Needs no configuration file and no database. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/calendar.h"

static void usage(FILE *out)
{
  fputs(
      "usage: anshin calendar holidays YEAR [--holidays-csv FILE]\n"
      "       anshin calendar is-business-day YYYY-MM-DD [--holidays-csv FILE] "
      "[--closing-days SPEC]\n"
      "       anshin calendar add-business-days YYYY-MM-DD N [--holidays-csv FILE] "
      "[--closing-days SPEC]\n"
      "holidays: prints the national holidays of YEAR, one \"YYYY-MM-DD<TAB>name\" a line\n"
      "  (computed from the Act on National Holidays for 1948..2099).\n"
      "is-business-day: prints yes or no (weekends, holidays and closing days are not).\n"
      "add-business-days: prints the date N business days later; a start that is not a business\n"
      "  day counts from the next business day, so N=0 gives the first business day on or after.\n"
      "--holidays-csv FILE: the Cabinet Office's syukujitsu.csv (Shift_JIS as published, or\n"
      "  UTF-8); it replaces the computed holidays of every year it lists.\n"
      "--closing-days SPEC: recurring closing days, default \"" AN_CALENDAR_DEFAULT_CLOSING "\";\n"
      "  e.g. \"12-29..01-03,08-13..08-15\"; \"\" for none.\n"
      "Exit 0: answered. Exit 2: bad input (the problem is named on stderr).\n",
      out);
}

static bool parse_date_arg(const char *s, struct an_date *out)
{
  if (an_date_parse(s, out))
    return true;
  fprintf(stderr, "anshin calendar: \"%s\" is not a date (YYYY-MM-DD, years %d..%d)\n", s,
          AN_DATE_MIN_YEAR, AN_DATE_MAX_YEAR);
  return false;
}

static int holidays(const struct an_calendar *cal, int argc, char **argv)
{
  long year;
  if (argc != 1) {
    fputs("anshin calendar holidays: expected one YEAR\n", stderr);
    return 2;
  }
  if (!an_cli_digits(argv[0], AN_DATE_MIN_YEAR, AN_DATE_MAX_YEAR, &year)) {
    fprintf(stderr, "anshin calendar holidays: \"%s\" is not a year (%d..%d)\n", argv[0],
            AN_DATE_MIN_YEAR, AN_DATE_MAX_YEAR);
    return 2;
  }
  struct an_holiday h[366];
  size_t n = an_calendar_holidays(cal, (int)year, h, sizeof h / sizeof h[0]);
  if (n == 0) {
    fprintf(stderr,
            "anshin calendar holidays: no holidays known for %ld (computed for %d..%d; "
            "give --holidays-csv for other years)\n",
            year, AN_HOLIDAY_MIN_YEAR, AN_HOLIDAY_MAX_YEAR);
    return 2;
  }
  for (size_t i = 0; i < n; i++) {
    char d[AN_DATE_STRLEN];
    an_date_format(h[i].date, d, sizeof d);
    printf("%s\t%s\n", d, h[i].name);
  }
  return 0;
}

static int is_business_day(const struct an_calendar *cal, int argc, char **argv)
{
  struct an_date d;
  if (argc != 1) {
    fputs("anshin calendar is-business-day: expected one date YYYY-MM-DD\n", stderr);
    return 2;
  }
  if (!parse_date_arg(argv[0], &d))
    return 2;
  puts(an_calendar_is_business_day(cal, d) ? "yes" : "no");
  return 0;
}

static int add_business_days(const struct an_calendar *cal, int argc, char **argv)
{
  struct an_date d, r;
  long n;
  if (argc != 2) {
    fputs("anshin calendar add-business-days: expected a date YYYY-MM-DD and N\n", stderr);
    return 2;
  }
  if (!parse_date_arg(argv[0], &d))
    return 2;
  if (!an_cli_digits(argv[1], 0, 100000, &n)) {
    fprintf(stderr,
            "anshin calendar add-business-days: N \"%s\" is not a whole number "
            "0..100000\n",
            argv[1]);
    return 2;
  }
  if (!an_calendar_add_business_days(cal, d, n, &r)) {
    fprintf(stderr,
            "anshin calendar add-business-days: no business day found (the closing "
            "days leave too few, or the result is past %d)\n",
            AN_DATE_MAX_YEAR);
    return 2;
  }
  char out[AN_DATE_STRLEN];
  an_date_format(r, out, sizeof out);
  puts(out);
  return 0;
}

int an_cmd_calendar(int argc, char **argv)
{
  static const struct {
    const char *name;
    int (*run)(const struct an_calendar *cal, int argc, char **argv);
    bool closing; /* takes --closing-days */
  } subs[] = {
      {"holidays", holidays, false},
      {"is-business-day", is_business_day, true},
      {"add-business-days", add_business_days, true},
  };
  size_t which = sizeof subs / sizeof subs[0];
  for (size_t i = 0; argc >= 2 && i < sizeof subs / sizeof subs[0]; i++)
    if (!strcmp(argv[1], subs[i].name))
      which = i;
  if (which == sizeof subs / sizeof subs[0]) {
    bool help = argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));
    if (!help && argc >= 2)
      fprintf(stderr, "anshin calendar: unknown subcommand \"%s\"\n", argv[1]);
    usage(help ? stdout : stderr);
    return help ? 0 : 2;
  }
  const char *csv = NULL, *closing = NULL;
  static const struct option opts[] = {{"holidays-csv", required_argument, NULL, 'f'},
                                       {"closing-days", required_argument, NULL, 'c'},
                                       {"help", no_argument, NULL, 'h'},
                                       {0, 0, 0, 0}};
  int o;
  argc--;
  argv++;
  opterr = 0; /* our messages name the subcommand and the problem */
  while ((o = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
    const char *sub = subs[which].name;
    if (o == 'f') {
      csv = optarg;
    } else if (o == 'c' && subs[which].closing) {
      closing = optarg;
    } else if (o == 'h') {
      usage(stdout);
      return 0;
    } else {
      if (o == 'c')
        fprintf(stderr,
                "anshin calendar %s: --closing-days does not apply (closing days are "
                "not holidays)\n",
                sub);
      else if (o == ':')
        fprintf(stderr, "anshin calendar %s: %s needs a value\n", sub, argv[optind - 1]);
      else if (optopt >= '0' && optopt <= '9')
        fprintf(stderr, "anshin calendar %s: negative numbers are not allowed\n", sub);
      else
        fprintf(stderr, "anshin calendar %s: unknown option %s\n", sub, argv[optind - 1]);
      usage(stderr);
      return 2;
    }
  }
  struct an_calendar *cal = an_calendar_new();
  char err[512];
  int rc = 2;
  if (closing && !an_calendar_set_closing(cal, closing, err, sizeof err))
    fprintf(stderr, "anshin calendar: --closing-days: %s\n", err);
  else if (csv && !an_calendar_load_csv(cal, csv, err, sizeof err))
    fprintf(stderr, "anshin calendar: --holidays-csv: %s\n", err);
  else
    rc = subs[which].run(cal, argc - optind, argv + optind);
  an_calendar_free(cal);
  return rc;
}
