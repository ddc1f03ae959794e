#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/errors.h"
#include "identity/roles.h"
#include "identity/staff.h"
#include "market/reads.h"
#include "store/db.h"

static void usage(FILE *out)
{
  fputs("usage: anshin admin create --login NAME [--display-name TEXT] [--roles admin,...]\n"
        "                           [--shop ID] [--email ADDRESS] [--if-missing] [--config FILE]\n"
        "Creates an operator staff account (default role: admin), or with --roles shop --shop ID\n"
        "a shop's staff account for that shop (its portal). With --email, a single-use link to\n"
        "set the password is mailed to the address.\n"
        "The password is read from the first line of standard input. When standard input is a\n"
        "terminal or empty, a one-time password is generated and printed; it must be changed at\n"
        "the first login. With --if-missing, an existing login is not an error (exit 0, nothing\n"
        "printed but a note).\n"
        "       anshin admin suspend --login NAME [--config FILE]\n"
        "       anshin admin reinstate --login NAME [--config FILE]\n"
        "Suspends a staff account (the operator's or a shop's): its sessions end and the API\n"
        "tokens it created are revoked. Reinstating lets it log in again but brings neither\n"
        "back.\n",
        out);
}

/* Reads the first line of stdin when it is not a terminal; "" when there is nothing. */
static void read_password(char *out, size_t n)
{
  out[0] = '\0';
  if (isatty(STDIN_FILENO) || !fgets(out, (int)n, stdin))
    return;
  out[strcspn(out, "\r\n")] = '\0';
}

struct create_opts {
  const char *name, *roles, *email;
  int64_t shop; /* with --roles shop: the shop */
  bool if_missing;
};

/* A shop account names a shop that exists. Returns 0 when fine, else the exit code. */
static int check_shop(const struct an_ctx *ctx, struct an_db *db, int64_t shop)
{
  if (!shop)
    return 0;
  json_t *sh = NULL;
  int rc = an_shop_find(ctx, db, shop, &sh);
  json_decref(sh);
  if (rc == 1)
    return 0;
  fprintf(stderr, "anshin: --shop: %s\n", rc == 0 ? "no such shop" : "the shops cannot be read");
  return rc == 0 ? 2 : 1;
}

static int create(const char *config, const char *login, const struct create_opts *opt)
{
  const char *name = opt->name;
  bool if_missing = opt->if_missing;
  unsigned bits;
  if (!an_roles_parse(opt->roles, &bits)) {
    fprintf(stderr, "anshin: --roles: use admin, support and/or auditor, comma-separated, or "
                    "shop alone with --shop\n");
    return 2;
  }
  if (((bits & AN_ROLE_SHOP) != 0) != (opt->shop > 0)) {
    fprintf(stderr, "anshin: --shop goes with --roles shop (alone), and only with it\n");
    return 2;
  }
  if (!an_staff_login_valid(login)) {
    fprintf(stderr, "anshin: --login: use 3 to 64 of A-Z a-z 0-9 . _ -\n");
    return 2;
  }
  char pw[1100];
  read_password(pw, sizeof pw);
  struct an_cli c;
  struct an_ctx ctx;
  struct an_db *db = an_cli_begin(config, true, "anshin admin create", &c, &ctx);
  if (!db)
    return 1;
  int rc = 1;
  struct an_mail_outcome mail = {0};
  struct an_staff_new in = {.login = login,
                            .display_name = name,
                            .roles = bits,
                            .shop_id = opt->shop,
                            .password = pw[0] ? pw : NULL,
                            .email = opt->email,
                            .mail = &mail};
  struct an_staff s;
  char generated[25] = "";
  json_t *perr = NULL;
  int bad = check_shop(&ctx, db, opt->shop);
  enum an_ec ec =
      bad ? AN_EC_GENERIC_INVALID_FIELD : an_staff_create(&ctx, db, &in, &s, generated, &perr);
  if (bad) {
    rc = bad;
  } else if (ec == AN_EC_OK) {
    if (mail.mail_id)
      printf("mail: a link to set the password was %s (outbox #%lld)\n",
             mail.relay ? "queued" : "put in the outbox (no relay configured)",
             (long long)mail.mail_id);
    printf("login: %s\n", s.login);
    if (generated[0])
      printf("password: %s\n(one-time password: it must be changed at the first login)\n",
             generated);
    rc = 0;
  } else if (ec == AN_EC_STAFF_LOGIN_TAKEN) {
    fprintf(stderr, "anshin: the login \"%s\" already exists\n", login);
    rc = if_missing ? 0 : 1;
  } else if (ec == AN_EC_AUTH_PASSWORD_POLICY) {
    size_t i;
    json_t *e;
    fprintf(stderr, "anshin: the password does not meet the policy:\n");
    json_array_foreach(perr, i, e)
        fprintf(stderr, "  - %s\n", json_string_value(json_object_get(e, "detail_en")));
  } else {
    fprintf(stderr, "anshin: could not create the account (%s)\n", an_ec_info(ec)->name);
  }
  json_decref(perr);
  an_cli_end(&c, db);
  return rc;
}

static int set_active(const char *config, const char *login, bool active)
{
  struct an_cli c;
  struct an_ctx ctx;
  struct an_db *db = an_cli_begin(
      config, false, active ? "anshin admin reinstate" : "anshin admin suspend", &c, &ctx);
  if (!db)
    return 1;
  int rc = 1;
  enum an_ec ec = an_staff_set_active(&ctx, db, login, active);
  if (ec == AN_EC_OK) {
    printf("%s: %s\n", login, active ? "active" : "suspended");
    rc = 0;
  } else {
    fprintf(stderr, "anshin: %s\n",
            ec == AN_EC_GENERIC_NOT_FOUND ? "no such login" : an_ec_info(ec)->name);
  }
  an_cli_end(&c, db);
  return rc;
}

int an_cmd_admin(int argc, char **argv)
{
  const char *verb = argc >= 2 ? argv[1] : "";
  if (strcmp(verb, "create") != 0 && strcmp(verb, "suspend") != 0 && strcmp(verb, "reinstate") != 0)
    return an_cli_usage(usage, argc >= 2 ? argv[1] : NULL);
  const char *config = NULL, *login = NULL;
  struct create_opts opt = {NULL, "admin", NULL, 0, false};
  const char *shop = NULL;
  const struct an_cli_opt opts[] = {{"config", 'c', &config, NULL},
                                    {"login", 'l', &login, NULL},
                                    {"display-name", 'n', &opt.name, NULL},
                                    {"roles", 'r', &opt.roles, NULL},
                                    {"if-missing", 'm', NULL, &opt.if_missing},
                                    {"shop", 's', &shop, NULL},
                                    {"email", 'e', &opt.email, NULL}};
  argc--;
  argv++;
  AN_CLI_OPTIONS_OR_RETURN(argc, argv, opts, usage);
  if (shop && (opt.shop = strtoll(shop, NULL, 10)) <= 0) {
    fprintf(stderr, "anshin: --shop: a shop id (a positive number)\n");
    return 2;
  }
  if (!login) {
    usage(stderr);
    return 2;
  }
  if (strcmp(verb, "create") != 0)
    return set_active(config, login, strcmp(verb, "reinstate") == 0);
  return create(config, login, &opt);
}
