/* anshin compliance: the checklists from the command line. mark-score gives the safety-mark
 * verdict (seed 004) for a file of answers, for outside checks and for a provider filling in the
 * application; catalogs lists the embedded checklists (neither needs configuration or a database);
 * report evaluates the live checks and prints the assessment (issue 16 items 4, 5). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "compliance/assess.h"
#include "compliance/catalog.h"
#include "compliance/history.h"
#include "compliance/report_pdf.h"
#include "compliance/score.h"

static void usage(FILE *out)
{
  fputs("usage: anshin compliance mark-score --answers FILE [--first-application] [--lang ja|en]\n"
        "       anshin compliance catalogs\n"
        "       anshin compliance report --format json|csv|oscal [--catalog ID] [--lang ja|en]\n"
        "                                [--config FILE]\n"
        "       anshin compliance report --format pdf --output FILE [--lang ja|en]\n"
        "                                [--config FILE]\n"
        "mark-score: the safety-mark verdict (renewal: all 29 mandatory items, at least 92 of 119\n"
        "  points, none of 7-1-1, 7-1-2, 7-1-3 at 0; --first-application: 28 mandatory items, at\n"
        "  least 96 of 124 points). FILE (\"-\" for standard input) holds a JSON object mapping\n"
        "  item numbers to answers: true/false for mandatory and fixed-point items, whole points\n"
        "  for range items (\"3-1-7\": 4, \"7-1-1\": 5). A missing item (or null) counts as not\n"
        "  met / 0. Prints JSON: application, mandatory_met, mandatory_total, points, points_max,\n"
        "  points_min, pass, reasons (sentences in --lang, default ja) and reason_codes.\n"
        "catalogs: one line per embedded checklist: id, number of items, title.\n"
        "report: evaluates every live check and attestation now, then prints the assessment:\n"
        "  json (every catalog, or --catalog ID: sections, items with status, reason, next step\n"
        "  and evidence, the safety-mark verdict), csv (the answer sheet of --catalog ID,\n"
        "  default checksheet), oscal (NIST OSCAL assessment-results of the automatic checks) or\n"
        "  pdf (the printable report of every checklist in --lang, written to --output FILE,\n"
        "  which must not exist yet).\n"
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
  const char *path = NULL, *lang = "ja";
  bool first = false;
  const struct an_cli_opt opts[] = {{"answers", 0, &path, NULL},
                                    {"first-application", 0, NULL, &first},
                                    {"lang", 0, &lang, NULL}};
  AN_CLI_OPTIONS_OR_RETURN(argc, argv, opts, usage);
  enum an_cat_app app = first ? AN_CAT_FIRST : AN_CAT_RENEWAL;
  if (strcmp(lang, "ja") && strcmp(lang, "en")) {
    usage(stderr);
    return 2;
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

/* Writes the PDF report to path (created, never overwritten); 0, or 1 when it cannot. */
static int report_pdf(const struct an_ctx *ctx, struct an_db *db, const char *lang,
                      const char *path)
{
  struct an_buf b = {0};
  enum an_ec ec = an_assess_report_pdf(ctx, db, lang, &b);
  int fd = ec == AN_EC_OK ? open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644) : -1;
  FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
  bool ok = f && fwrite(b.data, 1, b.len, f) == b.len;
  if (f && fclose(f) != 0)
    ok = false;
  else if (!f && fd >= 0)
    close(fd);
  if (ec == AN_EC_OK && !ok)
    fprintf(stderr, "anshin compliance report: cannot write %s: %s\n", path, strerror(errno));
  an_buf_free(&b);
  return ok ? 0 : 1;
}

/* Prints the assessment in fmt; 0, or 1 when it cannot be read. */
static int report_print(const struct an_ctx *ctx, struct an_db *db, const char *fmt,
                        const char *catalog, const char *lang, const char *output)
{
  json_t *out = NULL;
  enum an_ec ec;
  if (!strcmp(fmt, "pdf"))
    return report_pdf(ctx, db, lang, output);
  if (!strcmp(fmt, "csv")) {
    struct an_buf b = {0};
    ec = an_assess_csv(ctx, db, catalog ? catalog : "checksheet", lang, &b);
    if (ec == AN_EC_OK && b.data)
      fwrite(b.data, 1, b.len, stdout);
    an_buf_free(&b);
    return ec == AN_EC_OK ? 0 : 1;
  }
  if (!strcmp(fmt, "oscal"))
    ec = an_assess_oscal(ctx, db, &out);
  else if (catalog)
    ec = an_assess_catalog(ctx, db, catalog, lang, &out);
  else {
    out = json_array();
    ec = AN_EC_OK;
    for (size_t i = 0; i < an_catalog_count() && ec == AN_EC_OK; i++) {
      json_t *one = NULL;
      ec = an_assess_catalog(ctx, db, an_catalog_at(i)->id, lang, &one);
      json_array_append_new(out, one);
    }
    out = json_pack("{s:o}", "catalogs", out);
  }
  if (ec == AN_EC_OK && out)
    json_dumpf(out, stdout, JSON_INDENT(2));
  json_decref(out);
  if (ec == AN_EC_OK)
    putchar('\n');
  return ec == AN_EC_OK ? 0 : 1;
}

static int report(int argc, char **argv)
{
  const char *fmt = "json", *catalog = NULL, *lang = "ja", *config = NULL, *output = NULL;
  const struct an_cli_opt opts[] = {{"format", 0, &fmt, NULL},
                                    {"catalog", 0, &catalog, NULL},
                                    {"lang", 0, &lang, NULL},
                                    {"config", 0, &config, NULL},
                                    {"output", 0, &output, NULL}};
  AN_CLI_OPTIONS_OR_RETURN(argc, argv, opts, usage);
  if (strcmp(lang, "ja") && strcmp(lang, "en")) {
    usage(stderr);
    return 2;
  }
  bool pdf = !strcmp(fmt, "pdf");
  if (optind != argc ||
      (strcmp(fmt, "json") && strcmp(fmt, "csv") && strcmp(fmt, "oscal") && !pdf) ||
      pdf != (output != NULL)) {
    usage(stderr);
    return 2;
  }
  if (catalog && !an_catalog_get(catalog)) {
    fprintf(stderr, "anshin compliance report: no catalog \"%s\"\n", catalog);
    return 2;
  }
  struct an_cli cli;
  if (!an_cli_setup(config, false, &cli))
    return 2;
  /* The web files are judged as the server serves them (MARK-2-1-4). */
  char root[4096];
  an_cli_web_root(&cli.cfg, root, sizeof root);
  struct an_db *db = an_cli_web_manifest_load(&cli.cfg, root) ? an_cli_open_db(&cli) : NULL;
  if (!db) {
    an_cli_teardown(&cli);
    return 2;
  }
  struct an_ctx ctx;
  an_cli_ctx(&cli, "anshin compliance report", &ctx);
  an_scope_resolve(&ctx); /* the operator's scope, as the schedule's evaluation has */
  int rc = an_compliance_evaluate(&ctx, db, NULL) == AN_EC_OK
               ? report_print(&ctx, db, fmt, catalog, lang, output)
               : 1;
  if (rc)
    fputs("anshin compliance report: the assessment could not be read\n", stderr);
  an_db_close(db);
  an_cli_teardown(&cli);
  return rc;
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
  if (!strcmp(argv[1], "report"))
    return report(argc - 1, argv + 1);
  fprintf(stderr, "anshin compliance: unknown subcommand \"%s\"\n", argv[1]);
  usage(stderr);
  return 2;
}
