/* anshin erase request|approve|list|due and anshin certificate verify|list (issue 14). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/ascii.h"
#include "lifecycle/certificate.h"
#include "lifecycle/erase.h"
#include "store/db.h"

static void erase_usage(FILE *out)
{
  fputs("usage: anshin erase request --tenant CODE --reason TEXT --as LOGIN [--config FILE]\n"
        "       anshin erase approve ID --as LOGIN [--config FILE]\n"
        "       anshin erase list [--config FILE]\n"
        "       anshin erase due [--config FILE]\n"
        "Deletes a whole company (WP-11) with two-person approval: one operator admin asks\n"
        "(request), a different one approves (approve), and the deletion runs at once: rows\n"
        "deleted, the data key destroyed, the store compacted, a signed certificate issued and\n"
        "mailed. `due` deletes the tenants whose deletion deadline has come (serve does it too).\n"
        "Exit 0: done. Exit 1: refused (self-approval, not an admin, no such request). Exit 2:\n"
        "cannot run.\n",
        out);
}

struct erase_opts {
  const char *config, *tenant, *reason, *as, *arg;
};

static int erase_run(const char *sub, const struct erase_opts *o)
{
  struct an_cli c;
  struct an_ctx ctx;
  char actor[96];
  snprintf(actor, sizeof actor, "anshin erase %s", sub);
  struct an_db *db = an_cli_begin(o->config, false, actor, &c, &ctx);
  if (!db)
    return 2;
  char err[512] = "";
  json_t *out = NULL;
  int rc = 2, v = 0;
  if (!strcmp(sub, "request")) {
    if (!o->tenant || !o->reason || !o->reason[0] || !o->as) {
      erase_usage(stderr);
    } else {
      char code[65];
      snprintf(code, sizeof code, "%s", o->tenant);
      an_ascii_upper(code);
      int64_t id = 0;
      v = an_lifecycle_erase_request(&ctx, db, code, o->reason, o->as, &id);
      if (v == 1)
        out = json_pack("{s:I, s:s}", "request_id", (json_int_t)id, "status", "requested");
    }
  } else if (!strcmp(sub, "approve")) {
    long long id = o->arg ? strtoll(o->arg, NULL, 10) : 0;
    if (id <= 0 || !o->as)
      erase_usage(stderr);
    else
      v = an_lifecycle_erase_approve(&ctx, db, id, o->as, &out, err, sizeof err);
  } else if (!strcmp(sub, "list")) {
    out = json_array();
    v = an_lifecycle_erase_list(db, out) >= 0 ? 1 : -1;
  } else if (!strcmp(sub, "due")) {
    out = json_pack("{s:i}", "erased", an_lifecycle_erase_due(&ctx, db));
    v = 1;
  }
  if (v == 1)
    rc = 0;
  else if (v == AN_ERASE_SELF_APPROVAL || v == AN_ERASE_NOT_ADMIN || v == AN_ERASE_NOT_FOUND)
    rc = 1;
  if (v == AN_ERASE_NOT_ADMIN && !err[0])
    snprintf(err, sizeof err, "%s is not an active operator admin", o->as);
  if (v == AN_ERASE_NOT_FOUND && !err[0])
    snprintf(err, sizeof err, "no such company, or it was erased already");
  return an_cli_finish(&c, db, out, rc, err);
}

int an_cmd_erase(int argc, char **argv)
{
  const char *sub = argc >= 2 ? argv[1] : "";
  if (strcmp(sub, "request") && strcmp(sub, "approve") && strcmp(sub, "list") && strcmp(sub, "due"))
    return an_cli_usage(erase_usage, sub);
  struct erase_opts o = {0};
  const struct an_cli_opt opts[] = {{"config", 'c', &o.config, NULL},
                                    {"tenant", 't', &o.tenant, NULL},
                                    {"reason", 'r', &o.reason, NULL},
                                    {"as", 'a', &o.as, NULL}};
  argc--;
  argv++;
  AN_CLI_OPTIONS_OR_RETURN(argc, argv, opts, erase_usage);
  o.arg = optind < argc ? argv[optind] : NULL;
  return erase_run(sub, &o);
}

int an_cmd_certificate(int argc, char **argv)
{
  if (argc < 3 || strcmp(argv[1], "verify") != 0) {
    fputs("usage: anshin certificate verify FILE [--config FILE]\n"
          "Checks a deletion certificate's Ed25519 signature against this operator's key.\n"
          "Exit 0: genuine and unaltered. Exit 1: altered, or signed by another key. Exit 2:\n"
          "cannot check.\n",
          argc >= 2 && !strcmp(argv[1], "--help") ? stdout : stderr);
    return 2;
  }
  const char *config = NULL, *file = NULL;
  for (int i = 2; i < argc; i++) {
    if (!strcmp(argv[i], "--config") && i + 1 < argc)
      config = argv[++i];
    else
      file = argv[i];
  }
  struct an_cli c;
  if (!file || !an_cli_setup(config, false, &c))
    return 2;
  char err[256];
  bool ok = an_cert_verify_file(&c.keys, file, err, sizeof err);
  if (ok)
    printf("certificate %s: signature valid (operator key)\n", file);
  else
    fprintf(stderr, "anshin: certificate %s refused: %s\n", file, err);
  an_cli_teardown(&c);
  return ok ? 0 : 1;
}
