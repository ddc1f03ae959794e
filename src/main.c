/* anshin: one binary, several subcommands. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const struct {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *help;
} commands[] = {
    {"serve", an_cmd_serve, "serve the web UI and the API"},
    {"migrate", an_cmd_migrate, "create or upgrade the database schema"},
    {"admin", an_cmd_admin, "manage operator staff accounts (admin create)"},
    {"audit", an_cmd_audit, "check the audit log (audit verify)"},
    {"mail", an_cmd_mail, "e-mail outbox (mail test: queue a test message)"},
    {"calendar", an_cmd_calendar, "Japanese business-day calendar (holidays, add-business-days)"},
    {"logs", an_cmd_logs, "read the access log kept on disk (logs access --from --to)"},
    {"support", an_cmd_support, "support desk (support due: an SLA due time in support hours)"},
    /* Operations and service levels */
    {"maintenance", an_cmd_maintenance, "regular maintenance windows (maintenance planned --year)"},
    /* backups and restore (issue 14) */
    {"backup", an_cmd_backup, "backups: run, list, verify ID, drill (restore test), tick"},
    {"restore", an_cmd_restore,
     "restore a backup file (--backup FILE --into DIR | --into-url URL)"},
    {"erase", an_cmd_erase, "delete a company: request, approve (two people), list, due"},
    {"certificate", an_cmd_certificate, "check a deletion certificate (certificate verify FILE)"},
    /* personal data sealed per tenant (issue 14 item 1) */
    {"seal", an_cmd_seal, "sealed personal data: migrate (seal plaintext), status, outbox"},
    /* compliance: the checklists and the safety-mark verdict (issue 16) */
    {"compliance", an_cmd_compliance,
     "checklists: mark-score --answers FILE [--first-application], catalogs"},
    /* dedicated tenancy (issue 15 item 3) */
    {"tenant", an_cmd_tenant,
     "a tenant's database: dedicate ID --database URL, share ID, placement ID"},
};

static void usage(FILE *out)
{
  fputs("usage: anshin COMMAND [OPTIONS]   (anshin COMMAND --help for details)\n\ncommands:\n",
        out);
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].help);
  fputs("\nConfiguration: --config FILE, else ./anshin.conf if present, else built-in defaults;\n"
        "ANSHIN_<SECTION>_<KEY> environment variables override both.\n",
        out);
}

int main(int argc, char **argv)
{
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
    usage(stdout);
    return 0;
  }
  if (!strcmp(argv[1], "--version")) {
    printf("anshin %s\n", ANSHIN_VERSION);
    return 0;
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (!strcmp(argv[1], commands[i].name))
      return commands[i].run(argc - 1, argv + 1);
  fprintf(stderr, "anshin: unknown command \"%s\"\n\n", argv[1]);
  usage(stderr);
  return 2;
}
