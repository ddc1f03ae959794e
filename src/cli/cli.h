/* Command-line subcommands of the anshin binary. Each returns the process exit code. */
#ifndef AN_CLI_CLI_H
#define AN_CLI_CLI_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "core/config.h"
#include "core/ctx.h"
#include "crypto/keys.h"

struct an_cli {
  struct an_config cfg;
  struct an_keys keys;
};

/* Loads configuration and keys (creating the key file when create_key), initialises crypto and
 * logging. Prints the reason and returns false on failure. */
bool an_cli_setup(const char *config_path, bool create_key, struct an_cli *out);
/* Frees what an_cli_setup made. */
void an_cli_teardown(struct an_cli *c);
/* A context for actions taken from the command line (actor "system"). */
void an_cli_ctx(const struct an_cli *c, const char *actor, struct an_ctx *ctx);
/* Opens the database and applies pending migrations; prints and returns NULL on failure. */
struct an_db *an_cli_open_db(const struct an_cli *c);

/* True when arg asks for help (--help or -h); NULL is not a request. */
bool an_cli_is_help(const char *arg);
/* Prints usage to stdout when arg asks for help, else to stderr; returns the exit code the
 * subcommand ends with (0 for help, 2 for a wrong call). */
int an_cli_usage(void (*usage)(FILE *), const char *arg);
/* Parses a subcommand's only options, --config FILE and --help (argv[0] is the subcommand;
 * optind is left after them). Returns -1 to go on, with *config set when given; otherwise the
 * exit code, after printing usage (0 for --help, 2 for an unknown option). */
int an_cli_config_args(int argc, char **argv, void (*usage)(FILE *), const char **config);
/* One row of a subcommand's option table: --name (and -letter unless letter is 0) takes a value
 * kept in *value (pointing into argv), or, with value NULL, is a flag that sets *flag. */
struct an_cli_opt {
  const char *name;
  char letter;
  const char **value;
  bool *flag;
};
/* Parses the options of argv (argv[0] is the subcommand; optind is left after them, as
 * getopt_long leaves it) against the n rows of opts and --help/-h. Returns -1 to go on; otherwise
 * the exit code, after printing usage: 0 for --help (stdout), 2 for an unknown option or a
 * missing value (stderr, after getopt's own message). */
int an_cli_options(int argc, char **argv, const struct an_cli_opt *opts, size_t n,
                   void (*usage)(FILE *));
/* an_cli_options whose messages are the command's own, "who: --x needs a value" and "who: unknown
 * option --x", instead of getopt's (who NULL: getopt's, as an_cli_options). */
int an_cli_options_as(const char *who, int argc, char **argv, const struct an_cli_opt *opts,
                      size_t n, void (*usage)(FILE *));
/* an_cli_options over the whole array opts (its length is the array's, so it cannot disagree with
 * the rows), returning from the calling command with the exit code when it is not to go on. */
#define AN_CLI_OPTIONS_OR_RETURN(argc, argv, opts, usage)                                          \
  do {                                                                                             \
    int an_cli_stop_ =                                                                             \
        an_cli_options((argc), (argv), (opts), sizeof(opts) / sizeof((opts)[0]), (usage));         \
    if (an_cli_stop_ >= 0)                                                                         \
      return an_cli_stop_;                                                                         \
  } while (0)
/* an_cli_setup, an_cli_open_db and an_cli_ctx (for actor) in one: the store of a command that
 * acts. Returns NULL with the reason printed and nothing left to free; else end with an_cli_end. */
struct an_db *an_cli_begin(const char *config, bool create_key, const char *actor, struct an_cli *c,
                           struct an_ctx *ctx);
/* Opens the database as it is, without migrating (a command that only reads, or migrates itself);
 * prints "anshin: cannot open the database: ..." and returns NULL on failure. */
struct an_db *an_cli_open_as_is(const struct an_cli *c);
/* Closes what an_cli_begin opened (db may be NULL: only the setup is released). */
void an_cli_end(struct an_cli *c, struct an_db *db);
/* The end of a command that answers in JSON: prints out (taken; may be NULL) with
 * an_cli_print_json, err on stderr as "anshin: err" when rc is not 0 and err is not empty, closes
 * what an_cli_begin opened and returns rc. */
int an_cli_finish(struct an_cli *c, struct an_db *db, json_t *out, int rc, const char *err);
/* Prints j on stdout as indented JSON with sorted keys (the output of list commands). */
void an_cli_print_json(json_t *j);
/* Parses s, a whole number of plain digits (not empty, no sign, no spaces), into *out when it lies
 * in min..max (max at most LONG_MAX / 10); false, *out untouched, otherwise. */
bool an_cli_digits(const char *s, long min, long max, long *out);
/* The web root served: [web] root, else ./web, else the source tree's web/ (so the binary runs
 * from anywhere); written to out (n bytes). */
void an_cli_web_root(const struct an_config *cfg, char *out, size_t n);
/* Loads root's manifest as [web] manifest says: "off" checks nothing; "" is the build's
 * manifest when root is the source tree's web/ it was made from (and the build wrote one); else
 * the file named. Returns false, with the reason printed, when a named manifest is unreadable. */
bool an_cli_web_manifest_load(const struct an_config *cfg, const char *root);

int an_cmd_serve(int argc, char **argv);
int an_cmd_migrate(int argc, char **argv);
int an_cmd_admin(int argc, char **argv);
int an_cmd_audit(int argc, char **argv);
int an_cmd_mail(int argc, char **argv);
int an_cmd_calendar(int argc, char **argv);
int an_cmd_logs(int argc, char **argv);
/* support desk (issue 13) */
int an_cmd_support(int argc, char **argv);
/* Operations and service levels */
int an_cmd_maintenance(int argc, char **argv);
/* backups and restore (issue 14) */
int an_cmd_backup(int argc, char **argv);
int an_cmd_restore(int argc, char **argv);
/* deleting tenants and their certificates (issue 14) */
int an_cmd_erase(int argc, char **argv);
int an_cmd_certificate(int argc, char **argv);
/* personal data sealed per tenant (issue 14 item 1) */
int an_cmd_seal(int argc, char **argv);
/* compliance: the checklists and the safety-mark verdict (issue 16) */
int an_cmd_compliance(int argc, char **argv);
/* dedicated tenancy (issue 15 item 3) */
int an_cmd_tenant(int argc, char **argv);

#endif
