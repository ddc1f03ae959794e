/* anshin compliance: the checklists from the command line. mark-score gives the safety-mark
 * verdict (seed 004) for a file of answers, for outside checks and for a provider filling in the
 * application; catalogs lists the embedded checklists. Needs no configuration and no database. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "compliance/catalog.h"
#include "compliance/score.h"

static void usage(FILE *out)
{
  fputs("usage: anshin compliance mark-score --answers FILE [--first-application] [--lang ja|en]\n"
        "       anshin compliance catalogs\n"
        "mark-score: the safety-mark verdict (renewal: all 29 mandatory items, at least 92 of 119\n"
        "  points, none of 7-1-1, 7-1-2, 7-1-3 at 0; --first-application: 28 mandatory items, at\n"
        "  least 96 of 124 points). FILE (\"-\" for standard input) holds a JSON object mapping\n"
        "  item numbers to answers: true/false for mandatory and fixed-point items, whole points\n"
        "  for range items (\"3-1-7\": 4, \"7-1-1\": 5). A missing item (or null) counts as not\n"
        "  met / 0. Prints JSON: application, mandatory_met, mandatory_total, points, points_max,\n"
        "  points_min, pass, reasons (sentences in --lang, default ja) and reason_codes.\n"
        "catalogs: one line per embedded checklist: id, number of items, title.\n"
        "Exit 0: scored (whether it passes or not). Exit 2: bad arguments, a file that is not a\n"
        "  JSON object, an unknown item or a value of the wrong type or out of range (named).\n",
        out);
}

static json_t *read_answers(const char *path)
{
  json_error_t err;
  json_t *doc = !strcmp(path, "-") ? json_loadf(stdin, JSON_REJECT_DUPLICATES, &err)
                                   : json_load_file(path, JSON_REJECT_DUPLICATES, &err);
  if (!doc)
    fprintf(stderr, "anshin compliance mark-score: %s: %s (line %d)\n", path, err.text, err.line);
  return doc;
}

static int mark_score(int argc, char **argv)
{
  static const struct option opts[] = {{"answers", required_argument, NULL, 'a'},
                                       {"first-application", no_argument, NULL, 'f'},
                                       {"lang", required_argument, NULL, 'l'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  const char *path = NULL, *lang = "ja";
  enum an_cat_app app = AN_CAT_RENEWAL;
  int c;
  while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
    if (c == 'a')
      path = optarg;
    else if (c == 'f')
      app = AN_CAT_FIRST;
    else if (c == 'l' && (!strcmp(optarg, "ja") || !strcmp(optarg, "en")))
      lang = optarg;
    else if (c == 'h') {
      usage(stdout);
      return 0;
    } else {
      usage(stderr);
      return 2;
    }
  }
  if (!path || optind != argc) {
    usage(stderr);
    return 2;
  }
  const struct an_catalog *mark = an_catalog_get("mark");
  if (!mark) {
    fputs("anshin compliance mark-score: the safety-mark catalog does not load\n", stderr);
    return 1;
  }
  json_t *doc = read_answers(path);
  if (!doc)
    return 2;
  int *answers = calloc(mark->n_items, sizeof *answers);
  char *err = answers ? an_mark_answers_from_json(mark, app, doc, answers) : NULL;
  json_decref(doc);
  struct an_mark_result r;
  if (err || !answers || !an_mark_score(mark, app, answers, &r)) {
    fprintf(stderr, "anshin compliance mark-score: %s: %s\n", path, err ? err : "out of memory");
    free(err);
    free(answers);
    return err ? 2 : 1;
  }
  free(answers);
  json_t *out = an_mark_result_json(&r, lang);
  an_mark_result_free(&r);
  if (!out || json_dumpf(out, stdout, JSON_INDENT(2)) != 0) {
    json_decref(out);
    return 1;
  }
  json_decref(out);
  putchar('\n');
  return 0;
}

static int catalogs(int argc, char **argv)
{
  (void)argv;
  if (argc != 1) {
    usage(stderr);
    return 2;
  }
  if (!an_catalog_count()) {
    fputs("anshin compliance catalogs: the catalogs do not load\n", stderr);
    return 1;
  }
  for (size_t i = 0; i < an_catalog_count(); i++) {
    const struct an_catalog *cat = an_catalog_at(i);
    printf("%s\t%zu\t%s\n", cat->id, cat->n_items, cat->title);
  }
  return 0;
}

int an_cmd_compliance(int argc, char **argv)
{
  if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (!strcmp(argv[1], "mark-score"))
    return mark_score(argc - 1, argv + 1);
  if (!strcmp(argv[1], "catalogs"))
    return catalogs(argc - 1, argv + 1);
  fprintf(stderr, "anshin compliance: unknown subcommand \"%s\"\n", argv[1]);
  usage(stderr);
  return 2;
}
