#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "audit/tenant_retention.h"
#include "cli/cli.h"
#include "core/time.h"
#include "store/db.h"

static void usage(FILE *out)
{
  fputs("usage: anshin audit verify [--config FILE]\n"
        "       anshin audit purge [--days N | --tenants] [--config FILE]\n"
        "purge: removes events older than N days (default [audit] retention_days; at least 365),\n"
        "leaving a checkpoint so verify still proves the rest of the chain; first, the events of\n"
        "tenants past their own retention, leaving tombstones (CHK-24). --tenants: only those.\n"
        "Checks the audit log's chain of MACs. Exit 0: intact. Exit 1: an event was edited,\n"
        "deleted, inserted or reordered (the first bad event is named). Exit 2: cannot check.\n",
        out);
}

/* The age in days beyond which purge removes events (0: only the tenants' own retention), or -1
 * after saying why days_arg asks to keep too few. */
static long purge_days(const struct an_cli *c, const char *days_arg, bool tenants_only)
{
  long days = days_arg ? strtol(days_arg, NULL, 10) : -1;
  bool given = days >= 0;
  if (!given)
    days = tenants_only ? 0 : c->cfg.audit_retention_days; /* 0: the tenants' own (CHK-24) */
  if ((!tenants_only || given) && days < AN_AUDIT_MIN_RETENTION_DAYS) {
    fprintf(stderr,
            "anshin: audit events are kept at least %d days (--days or [audit] "
            "retention_days)\n",
            AN_AUDIT_MIN_RETENTION_DAYS);
    return -1;
  }
  return days;
}

/* Purges with db open: 0, or 2 after saying it failed. */
static int purge_run(const struct an_cli *c, struct an_db *db, long days)
{
  struct an_ctx ctx;
  int64_t n = 0, tn = 0;
  an_cli_ctx(c, "anshin audit purge", &ctx);
  /* The tenants' own retention first, so their tombstones go with the checkpoint. */
  int trc = an_audit_purge_tenants(&ctx, db, days, &tn);
  if (trc < 0 || (days > 0 && an_audit_purge(&ctx, db, days, &n) < 0)) {
    fprintf(stderr, "anshin: purge failed\n");
    return 2;
  }
  if (days > 0)
    printf("purged %lld events older than %ld days\n", (long long)n, days);
  printf("purged %lld events of tenants past their own retention\n", (long long)tn);
  return 0;
}

static int purge(int argc, char **argv)
{
  const char *config = NULL, *days_arg = NULL;
  bool tenants_only = false;
  const struct an_cli_opt opts[] = {{"config", 'c', &config, NULL},
                                    {"days", 'd', &days_arg, NULL},
                                    {"tenants", 't', NULL, &tenants_only}};
  AN_CLI_OPTIONS_OR_RETURN(argc, argv, opts, usage);
  struct an_cli c;
  if (!an_cli_setup(config, false, &c))
    return 2;
  long days = purge_days(&c, days_arg, tenants_only);
  struct an_db *db = days >= 0 ? an_cli_open_db(&c) : NULL;
  int rc = db ? purge_run(&c, db, days) : 2;
  an_cli_end(&c, db);
  return rc;
}

/* Prints what verifying the chain found: 0 intact, 1 broken, 2 unreadable. */
static int verify_report(struct an_db *db, const struct an_keys *keys)
{
  struct an_audit_report rep;
  int v = an_audit_verify(db, keys, &rep);
  if (v != 0 && v != 1) {
    fprintf(stderr, "anshin: cannot read the audit log\n");
    return 2;
  }
  if (v == 0) {
    if (rep.bad_id)
      printf("audit chain BROKEN at unsealed event id %lld: %s (%lld events checked, head at "
             "%lld)\n",
             (long long)rep.bad_id, rep.reason, (long long)rep.events, (long long)rep.head_seq);
    else
      printf("audit chain BROKEN at event %lld: %s (%lld events checked, head at %lld)\n",
             (long long)rep.bad_seq, rep.reason, (long long)rep.events, (long long)rep.head_seq);
    return 1;
  }
  printf("audit chain intact: %lld events, head at %lld", (long long)rep.events,
         (long long)rep.head_seq);
  if (rep.unsealed) {
    double age = (double)(an_time_now_us() - rep.oldest_unsealed_at) / 1e6;
    printf("; %lld newer events not yet sealed (oldest %.1f s, each matches its MAC)",
           (long long)rep.unsealed, age);
    if (age > AN_AUDIT_SEAL_BOUND_SECONDS)
      fprintf(stderr,
              "anshin: warning: events wait longer than %d s to be sealed: is a "
              "server running?\n",
              AN_AUDIT_SEAL_BOUND_SECONDS);
  }
  printf("\n");
  return 0;
}

int an_cmd_audit(int argc, char **argv)
{
  if (argc >= 2 && strcmp(argv[1], "purge") == 0)
    return purge(argc - 1, argv + 1);
  if (argc < 2 || strcmp(argv[1], "verify") != 0)
    return an_cli_usage(usage, argc >= 2 ? argv[1] : NULL);
  const char *config = NULL;
  int done = an_cli_config_args(argc - 1, argv + 1, usage, &config);
  if (done >= 0)
    return done;
  struct an_cli c;
  /* Never create a key here: verifying with a new key would call every event forged. */
  if (!an_cli_setup(config, false, &c))
    return 2;
  struct an_db *db = an_cli_open_as_is(&c);
  int rc = db ? verify_report(db, &c.keys) : 2;
  an_cli_end(&c, db);
  return rc;
}
