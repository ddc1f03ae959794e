#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/errors.h"
#include "identity/roles.h"
#include "identity/staff.h"
#include "store/db.h"

static void usage(FILE *out)
{
  fputs("usage: anshin admin create --login NAME [--display-name TEXT] [--roles admin,...]\n"
        "                           [--if-missing] [--config FILE]\n"
        "Creates an operator staff account (default role: admin).\n"
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

static int create(const char *config, const char *login, const char *name, const char *roles,
                  bool if_missing)
{
  unsigned bits;
  if (!an_roles_parse(roles, &bits)) {
    fprintf(stderr, "anshin: --roles: use admin, support and/or auditor, comma-separated\n");
    return 2;
  }
  if (!an_staff_login_valid(login)) {
    fprintf(stderr, "anshin: --login: use 3 to 64 of A-Z a-z 0-9 . _ -\n");
    return 2;
  }
  char pw[1100];
  read_password(pw, sizeof pw);
  struct an_cli c;
  if (!an_cli_setup(config, true, &c))
    return 1;
  struct an_db *db = an_cli_open_db(&c);
  int rc = 1;
  if (db) {
    struct an_ctx ctx;
    an_cli_ctx(&c, "anshin admin create", &ctx);
    struct an_staff_new in = {
        .login = login, .display_name = name, .roles = bits, .password = pw[0] ? pw : NULL};
    struct an_staff s;
    char generated[25] = "";
    json_t *perr = NULL;
    enum an_ec ec = an_staff_create(&ctx, db, &in, &s, generated, &perr);
    if (ec == AN_EC_OK) {
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
    an_db_close(db);
  }
  an_cli_teardown(&c);
  return rc;
}

static int set_active(const char *config, const char *login, bool active)
{
  struct an_cli c;
  if (!an_cli_setup(config, false, &c))
    return 1;
  struct an_db *db = an_cli_open_db(&c);
  int rc = 1;
  if (db) {
    struct an_ctx ctx;
    an_cli_ctx(&c, active ? "anshin admin reinstate" : "anshin admin suspend", &ctx);
    enum an_ec ec = an_staff_set_active(&ctx, db, login, active);
    if (ec == AN_EC_OK) {
      printf("%s: %s\n", login, active ? "active" : "suspended");
      rc = 0;
    } else {
      fprintf(stderr, "anshin: %s\n",
              ec == AN_EC_GENERIC_NOT_FOUND ? "no such login" : an_ec_info(ec)->name);
    }
    an_db_close(db);
  }
  an_cli_teardown(&c);
  return rc;
}

int an_cmd_admin(int argc, char **argv)
{
  const char *verb = argc >= 2 ? argv[1] : "";
  if (strcmp(verb, "create") != 0 && strcmp(verb, "suspend") != 0 &&
      strcmp(verb, "reinstate") != 0) {
    bool help = argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));
    usage(help ? stdout : stderr);
    return help ? 0 : 2;
  }
  const char *config = NULL, *login = NULL, *name = NULL, *roles = "admin";
  bool if_missing = false;
  static const struct option opts[] = {{"config", required_argument, NULL, 'c'},
                                       {"login", required_argument, NULL, 'l'},
                                       {"display-name", required_argument, NULL, 'n'},
                                       {"roles", required_argument, NULL, 'r'},
                                       {"if-missing", no_argument, NULL, 'm'},
                                       {"help", no_argument, NULL, 'h'},
                                       {0, 0, 0, 0}};
  int o;
  argc--;
  argv++;
  while ((o = getopt_long(argc, argv, "c:l:n:r:mh", opts, NULL)) != -1) {
    switch (o) {
    case 'c':
      config = optarg;
      break;
    case 'l':
      login = optarg;
      break;
    case 'n':
      name = optarg;
      break;
    case 'r':
      roles = optarg;
      break;
    case 'm':
      if_missing = true;
      break;
    default:
      usage(o == 'h' ? stdout : stderr);
      return o == 'h' ? 0 : 2;
    }
  }
  if (!login) {
    usage(stderr);
    return 2;
  }
  if (strcmp(verb, "create") != 0)
    return set_active(config, login, strcmp(verb, "reinstate") == 0);
  return create(config, login, name, roles, if_missing);
}
