/* Command-line subcommands of the anshin binary. Each returns the process exit code. */
#ifndef AN_CLI_CLI_H
#define AN_CLI_CLI_H
#include <stdbool.h>

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
