#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "audit/audit.h"
#include "audit/retention.h"
#include "backup/schedule.h"
#include "cli/cli.h"
#include "compliance/history.h"
#include "core/access_log.h"
#include "core/cidr.h"
#include "core/log.h"
#include "core/ratelimit.h"
#include "core/time.h"
#include "core/webmanifest.h"
#include "http/fairshare.h"
#include "http/server.h"
#include "identity/login_gate.h"
#include "identity/login_rate.h"
#include "identity/review_reminder.h"
#include "identity/tenant_rate.h"
#include "identity/usage.h"
#include "lifecycle/export.h"
#include "market/dunning.h"
#include "market/worker.h"
#include "notify/sender.h"
#include "ops/jobs.h"
#include "ops/latency.h"
#include "ops/monitor.h"
#include "store/db.h"
#include "store/group.h"
#include "store/seal_rows.h"
#include "support/inbound.h"

static void usage(FILE *out)
{
  fputs("usage: anshin serve [--config FILE]\n"
        "Applies pending migrations, then serves the web UI and the API until SIGINT/SIGTERM.\n"
        "The address comes from [server] listen (default 127.0.0.1:8080).\n",
        out);
}

/* Seals what is still plaintext (store/seal_rows.h); a failure is logged and the next start,
 * or `anshin seal migrate`, goes on where it stopped. */
static void seal_plaintext(struct an_db *db)
{
  json_t *done = NULL;
  if (an_store_seal_migrate(db, an_time_now_us(), &done) < 0)
    an_log(AN_LOG_WARN, "sealing plaintext personal data stopped; it resumes at the next start",
           NULL);
  else if (json_integer_value(json_object_get(done, "users")) ||
           json_integer_value(json_object_get(done, "tenants")) ||
           json_integer_value(json_object_get(done, "mails")))
    an_log(AN_LOG_INFO, "plaintext personal data sealed", json_incref(done));
  json_decref(done);
}

int an_cmd_serve(int argc, char **argv)
{
  const char *config = NULL;
  int done = an_cli_config_args(argc, argv, usage, &config);
  if (done >= 0)
    return done;
  struct an_cli c;
  if (!an_cli_setup(config, true, &c))
    return 1;
  char err[256];
  struct an_cidr_list *proxies = an_cidr_parse(c.cfg.trusted_proxies, err, sizeof err);
  if (!proxies) {
    fprintf(stderr, "anshin: configuration refused: [server] trusted_proxies: %s\n", err);
    an_cli_teardown(&c);
    return 1;
  }
  struct an_db *db = an_cli_open_db(&c);
  if (!db)
    goto no_log;
  seal_plaintext(db); /* personal data written before sealing (issue 14 item 1) */
  an_db_close(db);
  if (!an_access_log_start(&c.cfg))
    goto no_log;
  an_login_gate_init(c.cfg.login_concurrency);
  struct an_server srv = {
      .cfg = &c.cfg, .keys = &c.keys, .trusted_proxies = proxies, .tls = an_config_tls(&c.cfg)};
  an_cli_web_root(&c.cfg, srv.web_root, sizeof srv.web_root);
  if (!an_cli_web_manifest_load(&c.cfg, srv.web_root))
    goto no_db;
  srv.login_rate = an_login_rate_new(&c.cfg);
  srv.public_per_ip =
      an_ratelimit_new(c.cfg.public_write_rate_per_ip, c.cfg.public_write_window_seconds, 0);
  srv.public_global =
      an_ratelimit_new(c.cfg.public_write_rate_global, c.cfg.public_write_window_seconds, 0);
  srv.public_recipient =
      an_ratelimit_new(c.cfg.public_mail_rate_per_recipient, c.cfg.public_write_window_seconds, 0);
  if (c.cfg.fairshare_tenant_percent > 0) { /* at least one worker, however few there are */
    long share = an_http_worker_threads(&c.cfg) * c.cfg.fairshare_tenant_percent / 100;
    srv.tenant_share = an_fairshare_new(share < 1 ? 1 : share);
  }
  srv.tenant_rate = an_tenant_rate_new(&c.cfg); /* [fairshare] tenant_rate, across instances */
  if (!an_db_group_start(&c.cfg))
    goto no_db;
  an_retention_start(&c.cfg, &c.keys);
  if (!an_audit_sequencer_start(&c.cfg, &c.keys)) {
    fprintf(stderr, "anshin: cannot start the audit sequencer\n");
    goto no_sequencer;
  }
  an_market_worker_start(&c.cfg, &c.keys);
  if (!an_mail_sender_start(&c.cfg, &c.keys))
    goto no_sender;
  an_support_inbound_start(&c.cfg, &c.keys); /* the support mailbox, when configured */
  an_backup_schedule_start(&c.cfg, &c.keys);
  an_export_worker_start(&c.cfg, &c.keys);
  an_monitor_start(&c.cfg, &c.keys);  /* probes and alerts (issue 12 item 7) */
  an_ops_latency_start(&c.cfg);       /* response times per hour (issue 12 item 6) */
  an_usage_start(&c.cfg);             /* API calls per tenant and day (issue 12 item 8) */
  an_ops_jobs_start(&c.cfg, &c.keys); /* announcements mailed at their publish time */
  /* account review reminders (WP-24) */
  an_review_reminder_start(&c.cfg, &c.keys);
  an_compliance_start(&c.cfg, &c.keys); /* live compliance checks on a schedule (issue 16) */
  an_dunning_start(&c.cfg, &c.keys);    /* overdue invoices' reminders (issue 17 item 3) */
  int rc = an_http_serve(&srv, an_routes, an_nroutes);
  an_dunning_stop();
  an_compliance_stop();
  an_review_reminder_stop();
  an_ops_jobs_stop();
  an_monitor_stop();
  an_export_worker_stop();
  an_backup_schedule_stop();
  an_support_inbound_stop();
  an_login_rate_free(srv.login_rate);
  an_ratelimit_free(srv.public_per_ip);
  an_ratelimit_free(srv.public_global);
  an_ratelimit_free(srv.public_recipient);
  an_fairshare_free(srv.tenant_share);
  an_tenant_rate_free(srv.tenant_rate);
  an_mail_sender_stop();
  an_market_worker_stop();
  an_ops_latency_stop();     /* after the workers: their last runs counted */
  an_usage_stop();           /* the API calls counted since the last hourly write */
  an_audit_sequencer_stop(); /* after the workers: every committed event sealed on the way out */
  an_db_group_stop();        /* after everything that writes */
  an_retention_stop();
  an_access_log_stop();
  an_cidr_free(proxies);
  an_cli_teardown(&c);
  return rc;
  /* A start that failed: what was started is stopped in the reverse order. */
no_sender:
  an_market_worker_stop();
  an_audit_sequencer_stop();
no_sequencer:
  an_retention_stop();
  an_db_group_stop();
no_db:
  an_access_log_stop();
no_log:
  an_cidr_free(proxies);
  an_cli_teardown(&c);
  return 1;
}
