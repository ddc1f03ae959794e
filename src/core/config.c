#include "core/config.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/cidr.h"

enum kind { K_STR, K_INT, K_BOOL, K_ENUM };

struct spec {
  const char *section;
  const char *key;
  enum kind kind;
  size_t off;
  long min, max;       /* K_INT */
  const char *choices; /* K_ENUM: "a|b|c" */
  const char *def;
};

#define O(f) offsetof(struct an_config, f)
static const struct spec specs[] = {
    {"server", "listen", K_STR, O(listen), 0, 0, NULL, "127.0.0.1:8080"},
    {"server", "threads", K_INT, O(threads), 0, 256, NULL, "0"},
    {"server", "tls_cert", K_STR, O(tls_cert), 0, 0, NULL, ""},
    {"server", "tls_key", K_STR, O(tls_key), 0, 0, NULL, ""},
    {"server", "max_body_bytes", K_INT, O(max_body_bytes), 1024, 1L << 30, NULL, "1048576"},
    {"server", "max_header_bytes", K_INT, O(max_header_bytes), 4096, 1L << 20, NULL, "32768"},
    {"server", "connection_timeout", K_INT, O(connection_timeout), 1, 3600, NULL, "30"},
    {"server", "max_connections", K_INT, O(max_connections), 1, 100000, NULL, "1024"},
    {"server", "per_ip_connections", K_INT, O(per_ip_connections), 0, 100000, NULL, "32"},
    {"server", "trusted_proxies", K_STR, O(trusted_proxies), 0, 0, NULL, ""},
    {"server", "public_url", K_STR, O(public_url), 0, 0, NULL, ""},
    {"server", "header_timeout", K_INT, O(header_timeout), 1, 3600, NULL, "10"},
    {"server", "body_timeout", K_INT, O(body_timeout), 1, 86400, NULL, "60"},
    {"server", "metrics_token", K_STR, O(metrics_token), 0, 0, NULL, ""},
    {"store", "driver", K_ENUM, O(store_driver), 0, 0, "sqlite|postgres", "sqlite"},
    {"store", "path", K_STR, O(store_path), 0, 0, NULL, "var/anshin.db"},
    {"store", "url", K_STR, O(store_url), 0, 0, NULL, ""},
    {"store", "busy_timeout_ms", K_INT, O(busy_timeout_ms), 0, 600000, NULL, "5000"},
    {"store", "sqlite_writer", K_ENUM, O(store_sqlite_writer), 0, 0, "thread|queue", "thread"},
    {"keys", "master_key_file", K_STR, O(master_key_file), 0, 0, NULL, "var/master.key"},
    {"password", "argon2_memory_kib", K_INT, O(argon2_memory_kib), 8192, 4194304, NULL, "19456"},
    {"password", "argon2_iterations", K_INT, O(argon2_iterations), 1, 64, NULL, "2"},
    {"password", "login_concurrency", K_INT, O(login_concurrency), 0, 256, NULL, "0"},
    {"password", "login_rate_per_ip", K_INT, O(login_rate_per_ip), 0, 1000000, NULL, "60"},
    {"password", "login_rate_per_account", K_INT, O(login_rate_per_account), 0, 1000000, NULL,
     "30"},
    {"password", "rate_limit_store", K_ENUM, O(rate_limit_store), 0, 0, "auto|memory|database",
     "auto"},
    {"password", "staff_max_failures", K_INT, O(staff_max_failures), 0, 100, NULL, "5"},
    {"password", "staff_lockout_minutes", K_INT, O(staff_lockout_minutes), 1, 1440, NULL, "15"},
    {"password", "reauth_max_age_minutes", K_INT, O(reauth_max_age_minutes), 1, 1440, NULL, "5"},
    {"session", "idle_timeout", K_INT, O(idle_timeout), 60, 86400, NULL, "1800"},
    {"session", "absolute_lifetime", K_INT, O(absolute_lifetime), 300, 2592000, NULL, "43200"},
    {"session", "retention_days", K_INT, O(session_retention_days), 1, 3650, NULL, "30"},
    {"log", "level", K_ENUM, O(log_level), 0, 0, "debug|info|warn|error", "info"},
    {"log", "access_log", K_BOOL, O(access_log), 0, 0, NULL, "true"},
    {"log", "access_dir", K_STR, O(access_dir), 0, 0, NULL, "var/access"},
    {"log", "access_retention_days", K_INT, O(access_retention_days), 365, 36500, NULL, "365"},
    {"log", "access_file_max_bytes", K_INT, O(access_file_max_bytes), 4096, 1L << 30, NULL,
     "104857600"},
    {"security", "staff_mfa_required", K_BOOL, O(staff_mfa_required), 0, 0, NULL, "true"},
    {"audit", "retention_days", K_INT, O(audit_retention_days), 0, 36500, NULL, "0"},
    {"web", "root", K_STR, O(web_root), 0, 0, NULL, ""},
    {"mail", "relay", K_STR, O(mail_relay), 0, 0, NULL, ""},
    {"mail", "from", K_STR, O(mail_from), 0, 0, NULL, "anshin <no-reply@anshin.localhost>"},
    {"mail", "username", K_STR, O(mail_username), 0, 0, NULL, ""},
    {"mail", "password", K_STR, O(mail_password), 0, 0, NULL, ""},
    {"mail", "poll_interval_ms", K_INT, O(mail_poll_interval_ms), 100, 60000, NULL, "1000"},
    {"mail", "starttls", K_BOOL, O(mail_starttls), 0, 0, NULL, "true"},
    {"mail", "timeout_seconds", K_INT, O(mail_timeout_seconds), 1, 600, NULL, "30"},
    {"market", "document_notice_days", K_INT, O(document_notice_days), 30, 3650, NULL, "30"},
    {"market", "deletion_business_days", K_INT, O(deletion_business_days), 1, 365, NULL, "10"},
    {"market", "poll_interval_ms", K_INT, O(market_poll_interval_ms), 100, 600000, NULL, "1000"},
    {"market", "public_cache_check_ms", K_INT, O(public_cache_check_ms), 0, 60000, NULL, "1000"},
    {"calendar", "closing_days", K_STR, O(closing_days), 0, 0, NULL, "12-29..01-03"},
    {"calendar", "holidays_csv", K_STR, O(holidays_csv), 0, 0, NULL, ""},
    {"webhook", "allow_private_targets", K_BOOL, O(webhook_allow_private_targets), 0, 0, NULL,
     "false"},
    {"public", "write_rate_per_ip", K_INT, O(public_write_rate_per_ip), 0, 1000000, NULL, "5"},
    {"public", "write_rate_global", K_INT, O(public_write_rate_global), 0, 10000000, NULL, "200"},
    {"public", "write_window_seconds", K_INT, O(public_write_window_seconds), 1, 86400, NULL,
     "600"},
    {"public", "mail_rate_per_recipient", K_INT, O(public_mail_rate_per_recipient), 0, 1000000,
     NULL, "3"},
    /* identity and access (issue 11) */
    {"security", "staff_session_max", K_INT, O(staff_session_max), 300, 2592000, NULL, "43200"},
    {"security", "staff_allowed_networks", K_STR, O(staff_allowed_networks), 0, 0, NULL, ""},
    {"session", "tenant_idle_min", K_INT, O(tenant_idle_min), 1, 1440, NULL, "5"},
    {"session", "tenant_idle_max", K_INT, O(tenant_idle_max), 1, 1440, NULL, "480"},
    /* [support] the support desk (issue 13) */
    {"support", "hours", K_STR, O(support_hours), 0, 0, NULL, "10:00-18:00"},
    {"support", "targets", K_STR, O(support_targets), 0, 0, NULL, ""},
    {"support", "first_response_minutes", K_INT, O(support_first_response_minutes), 1, 100000, NULL,
     "240"},
    {"support", "resolution_minutes", K_INT, O(support_resolution_minutes), 1, 1000000, NULL,
     "2400"},
    {"support", "warning_percent", K_INT, O(support_warning_percent), 0, 100, NULL, "25"},
    {"support", "pdr_deadline_days", K_INT, O(support_pdr_deadline_days), 1, 365, NULL, "14"},
    {"support", "email", K_STR, O(support_email), 0, 0, NULL, "support@anshin.localhost"},
    {"support", "phone", K_STR, O(support_phone), 0, 0, NULL, ""},
    {"support", "privacy_email", K_STR, O(support_privacy_email), 0, 0, NULL,
     "privacy@anshin.localhost"},
    {"support", "attachment_max_bytes", K_INT, O(support_attachment_max_bytes), 1024,
     100L * 1024 * 1024, NULL, "716800"},
    {"support", "imap_url", K_STR, O(support_imap_url), 0, 0, NULL, ""},
    {"support", "imap_username", K_STR, O(support_imap_username), 0, 0, NULL, ""},
    {"support", "imap_password", K_STR, O(support_imap_password), 0, 0, NULL, ""},
    {"support", "imap_starttls", K_BOOL, O(support_imap_starttls), 0, 0, NULL, "true"},
    {"support", "imap_poll_seconds", K_INT, O(support_imap_poll_seconds), 1, 86400, NULL, "60"},
    {"support", "reminder_seconds", K_INT, O(support_reminder_seconds), 1, 86400, NULL, "300"},
    {"support", "pdr_remind_days", K_INT, O(support_pdr_remind_days), 0, 365, NULL, "3"},
    /* [identity] (onboarding: links to set a password) */
    {"identity", "password_link_hours", K_INT, O(password_link_hours), 1, 720, NULL, "72"},
    /* [ops]: operations and service levels */
    {"ops", "maintenance_week", K_INT, O(ops_maintenance_week), 1, 5, NULL, "4"},
    {"ops", "maintenance_weekday", K_INT, O(ops_maintenance_weekday), 0, 6, NULL, "0"},
    {"ops", "maintenance_start_minute", K_INT, O(ops_maintenance_start_minute), 0, 1439, NULL, "0"},
    {"ops", "maintenance_minutes", K_INT, O(ops_maintenance_minutes), 0, 300, NULL, "300"},
    {"ops", "partial_outage_weight_percent", K_INT, O(ops_partial_weight_percent), 0, 100, NULL,
     "0"},
    {"ops", "status_cache_ms", K_INT, O(ops_status_cache_ms), 0, 60000, NULL, "1000"},
    /* [backup]: backups, their second site and restore drills (issue 14) */
    {"backup", "dir", K_STR, O(backup_dir), 0, 0, NULL, "var/backups"},
    {"backup", "generations", K_INT, O(backup_generations), 1, 3650, NULL, "14"},
    {"backup", "schedule", K_STR, O(backup_schedule), 0, 0, NULL, "04:00"},
    {"backup", "poll_interval_ms", K_INT, O(backup_poll_interval_ms), 100, 3600000, NULL, "60000"},
    {"backup", "sftp_url", K_STR, O(backup_sftp_url), 0, 0, NULL, ""},
    {"backup", "sftp_key", K_STR, O(backup_sftp_key), 0, 0, NULL, ""},
    {"backup", "sftp_known_hosts", K_STR, O(backup_sftp_known_hosts), 0, 0, NULL, ""},
    {"backup", "sftp_distance_class", K_ENUM, O(backup_sftp_distance_class), 0, 0,
     "100km+|within-100km|other-building|other-floor|other-rack", "other-rack"},
    {"backup", "drill_interval_days", K_INT, O(backup_drill_interval_days), 0, 365, NULL, "7"},
    {"backup", "drill_url", K_STR, O(backup_drill_url), 0, 0, NULL, ""},
    {"backup", "max_age_hours", K_INT, O(backup_max_age_hours), 1, 8760, NULL, "26"},
    {"backup", "alert_to", K_STR, O(backup_alert_to), 0, 0, NULL, ""},
    /* [lifecycle]: deleting tenants and their certificates (issue 14) */
    {"lifecycle", "certificate_dir", K_STR, O(certificate_dir), 0, 0, NULL, "var/certificates"},
    {"lifecycle", "export_dir", K_STR, O(export_dir), 0, 0, NULL, "var/exports"},
    {"lifecycle", "export_per_day", K_INT, O(export_per_day), 1, 1000, NULL, "5"},
    {"lifecycle", "export_ttl_hours", K_INT, O(export_ttl_hours), 1, 720, NULL, "24"},
    {"lifecycle", "export_max_bytes", K_INT, O(export_max_bytes), 1048576, 1L << 40, NULL,
     "1073741824"},
    {"lifecycle", "export_poll_interval_ms", K_INT, O(export_poll_interval_ms), 100, 600000, NULL,
     "1000"},
    /* [clientcert]: TLS client certificates a tenant may require (issue 11, SLA-22) */
    {"clientcert", "request", K_BOOL, O(client_cert_request), 0, 0, NULL, "true"},
    {"clientcert", "proxy_header", K_STR, O(client_cert_header), 0, 0, NULL, ""},
    /* [ops] monitoring and alerts (issue 12 item 7), [web] manifest */
    {"ops", "oncall_emails", K_STR, O(ops_oncall_emails), 0, 0, NULL, ""},
    {"ops", "oncall_webhook", K_STR, O(ops_oncall_webhook), 0, 0, NULL, ""},
    {"ops", "oncall_webhook_secret", K_STR, O(ops_oncall_webhook_secret), 0, 0, NULL, ""},
    {"ops", "monitor_interval_ms", K_INT, O(ops_monitor_interval_ms), 100, 3600000, NULL, "60000"},
    {"ops", "monitor_disk_min_free_percent", K_INT, O(ops_monitor_disk_min_free), 0, 100, NULL,
     "10"},
    {"ops", "monitor_memory_min_free_percent", K_INT, O(ops_monitor_memory_min_free), 0, 100, NULL,
     "5"},
    {"ops", "monitor_queue_lag_seconds", K_INT, O(ops_monitor_queue_lag_s), 1, 86400, NULL, "900"},
    {"ops", "monitor_cert_min_days", K_INT, O(ops_monitor_cert_min_days), 0, 365, NULL, "14"},
    {"ops", "monitor_open_report", K_BOOL, O(ops_monitor_open_report), 0, 0, NULL, "false"},
    {"ops", "monitor_keep_days", K_INT, O(ops_monitor_keep_days), 1, 3650, NULL, "90"},
    {"web", "manifest", K_STR, O(web_manifest), 0, 0, NULL, ""},
    /* [receivables] (issue 17: invoices, payments, balances) */
    {"receivables", "import_columns", K_STR, O(recv_import_columns), 0, 0, NULL,
     "invoice_number,amount,paid_on,reference"},
    {"receivables", "import_header_rows", K_INT, O(recv_import_header_rows), 0, 10, NULL, "1"},
    {"receivables", "due_days", K_INT, O(recv_due_days), 0, 365, NULL, "0"},
    /* [jobs] durable jobs with several instances on one database (issue 15) */
    {"jobs", "lease_ms", K_INT, O(jobs_lease_ms), 1000, 86400000, NULL, "300000"},
    {"fairshare", "tenant_percent", K_INT, O(fairshare_tenant_percent), 0, 100, NULL, "0"},
    /* [market] notice floors and contract terms (issue 10 items 17, 20) */
    {"market", "discontinuation_notice_min_days", K_INT, O(discontinuation_notice_min_days), 90,
     3650, NULL, "180"},
    {"market", "liability_cap_months", K_INT, O(liability_cap_months), 1, 120, NULL, "1"},
    /* [ops] response times (issue 12 item 6) */
    {"ops", "latency_flush_ms", K_INT, O(ops_latency_flush_ms), 100, 3600000, NULL, "60000"},
    {"ops", "jobs_interval_ms", K_INT, O(ops_jobs_interval_ms), 100, 3600000, NULL, "60000"},
    /* [receivables] usage metering (issue 17 item 5, SLA-11) */
    {"receivables", "usage_late_hours", K_INT, O(recv_usage_late_hours), 0, 8760, NULL, "72"},
    /* [compliance] live checks, attestations and their history (issue 16) */
    {"compliance", "interval_ms", K_INT, O(compliance_interval_ms), 0, 86400000, NULL, "3600000"},
    {"compliance", "attestation_days", K_INT, O(compliance_attestation_days), 1, 3660, NULL, "365"},
    /* dedicated tenancy (issue 15 item 3) */
    {"tenancy", "placement_check_ms", K_INT, O(tenancy_placement_check_ms), 100, 60000, NULL,
     "1000"},
    /* [receivables] dunning (issue 17 item 3, TOS-6) */
    {"receivables", "dunning_days", K_STR, O(recv_dunning_days), 0, 0, NULL, "7,21,35"},
    {"receivables", "dunning_seconds", K_INT, O(recv_dunning_seconds), 1, 86400, NULL, "3600"},
    /* [fairshare] rates across instances and [idempotency] retried writes (issue 15 items 1, 4) */
    {"fairshare", "tenant_rate", K_INT, O(fairshare_tenant_rate), 0, 1000000, NULL, "0"},
    {"fairshare", "rate_sync_ms", K_INT, O(fairshare_rate_sync_ms), 10, 1000, NULL, "100"},
    {"fairshare", "rate_store", K_ENUM, O(fairshare_rate_store), 0, 0, "auto|memory|database",
     "auto"},
    {"idempotency", "ttl_seconds", K_INT, O(idempotency_ttl_seconds), 60, 604800, NULL, "86400"},
    /* [compliance] the public trust page (issue 16 item 5) */
    {"compliance", "trust_page", K_BOOL, O(compliance_trust_page), 0, 0, NULL, "false"},
    /* [compliance] the remaining live checks and evaluation on change (issue 16 items 2, 6) */
    {"compliance", "news_days", K_INT, O(compliance_news_days), 1, 3660, NULL, "90"},
    {"compliance", "advice_days", K_INT, O(compliance_advice_days), 1, 3660, NULL, "365"},
    {"compliance", "change_delay_ms", K_INT, O(compliance_change_delay_ms), 0, 60000, NULL, "500"},
};
#undef O
#define NSPECS (sizeof specs / sizeof specs[0])

static const struct spec *find(const char *section, const char *key)
{
  for (size_t i = 0; i < NSPECS; i++)
    if (strcmp(specs[i].section, section) == 0 && strcmp(specs[i].key, key) == 0)
      return &specs[i];
  return NULL;
}

static bool parse_bool(const char *v, bool *out)
{
  if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcasecmp(v, "on") || !strcmp(v, "1"))
    *out = true;
  else if (!strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcasecmp(v, "off") ||
           !strcmp(v, "0"))
    *out = false;
  else
    return false;
  return true;
}

static bool enum_has(const char *choices, const char *v)
{
  size_t n = strlen(v);
  for (const char *p = choices; *p;) {
    const char *bar = strchr(p, '|');
    size_t len = bar ? (size_t)(bar - p) : strlen(p);
    if (len == n && strncmp(p, v, n) == 0)
      return true;
    if (!bar)
      break;
    p = bar + 1;
  }
  return false;
}

static bool valid_listen(const char *v)
{
  const char *colon = strrchr(v, ':');
  if (!colon || colon == v)
    return false;
  char *end;
  errno = 0;
  long port = strtol(colon + 1, &end, 10);
  return !errno && *end == '\0' && end != colon + 1 && port > 0 && port < 65536;
}

bool an_config_set(struct an_config *cfg, const char *section, const char *key, const char *value,
                   char *err, size_t errlen)
{
  const struct spec *s = find(section, key);
  if (!s) {
    snprintf(err, errlen, "unknown configuration key [%s] %s", section, key);
    return false;
  }
  char *base = (char *)cfg;
  switch (s->kind) {
  case K_STR: {
    if (strcmp(key, "listen") == 0 && !valid_listen(value)) {
      snprintf(err, errlen, "[%s] %s: expected host:port, got \"%s\"", section, key, value);
      return false;
    }
    char **dst = (char **)(base + s->off);
    free(*dst);
    *dst = an_strdup(value);
    return true;
  }
  case K_ENUM: {
    if (!enum_has(s->choices, value)) {
      snprintf(err, errlen, "[%s] %s: expected one of %s, got \"%s\"", section, key, s->choices,
               value);
      return false;
    }
    char **dst = (char **)(base + s->off);
    free(*dst);
    *dst = an_strdup(value);
    return true;
  }
  case K_INT: {
    char *end;
    errno = 0;
    long v = strtol(value, &end, 10);
    if (errno || end == value || *end != '\0' || v < s->min || v > s->max) {
      snprintf(err, errlen, "[%s] %s: expected an integer from %ld to %ld, got \"%s\"", section,
               key, s->min, s->max, value);
      return false;
    }
    *(long *)(base + s->off) = v;
    return true;
  }
  case K_BOOL:
    if (!parse_bool(value, (bool *)(base + s->off))) {
      snprintf(err, errlen, "[%s] %s: expected true or false, got \"%s\"", section, key, value);
      return false;
    }
    return true;
  }
  return false;
}

struct ini_ctx {
  struct an_config *cfg;
  char *err;
  size_t errlen;
  bool failed;
};

static int on_ini(void *user, const char *section, const char *name, const char *value)
{
  struct ini_ctx *c = user;
  if (c->failed)
    return 0;
  if (!an_config_set(c->cfg, section, name, value, c->err, c->errlen)) {
    c->failed = true;
    return 0;
  }
  return 1;
}

static bool known_section(const char *name, size_t n)
{
  for (size_t i = 0; i < NSPECS; i++)
    if (strlen(specs[i].section) == n && strncmp(specs[i].section, name, n) == 0)
      return true;
  return false;
}

/* ANSHIN_<SECTION>_<KEY>: the section is the part before the first underscore. */
static bool apply_env(struct an_config *cfg, char *err, size_t errlen)
{
  extern char **environ;
  for (char **e = environ; *e; e++) {
    if (strncmp(*e, "ANSHIN_", 7) != 0)
      continue;
    const char *eq = strchr(*e, '=');
    if (!eq)
      continue;
    char name[128];
    size_t n = (size_t)(eq - *e - 7);
    if (n >= sizeof name)
      n = sizeof name - 1;
    memcpy(name, *e + 7, n);
    name[n] = '\0';
    for (char *p = name; *p; p++)
      *p = (char)tolower((unsigned char)*p);
    if (strcmp(name, "master_key") == 0)
      continue; /* read by the key loader */
    char *us = strchr(name, '_');
    if (!us || !known_section(name, (size_t)(us - name)))
      continue; /* not ours (e.g. a test harness's ANSHIN_BIN); typos in a key are refused */
    *us = '\0';
    if (!an_config_set(cfg, name, us + 1, eq + 1, err, errlen)) {
      char inner[256];
      snprintf(inner, sizeof inner, "%s", err);
      snprintf(err, errlen, "environment %.*s: %s", (int)(eq - *e), *e, inner);
      return false;
    }
  }
  return true;
}

/* identity and access (issue 11): the tenant idle range is a range, and the staff networks
 * parse (a typo would otherwise lock every operator out, or let everyone in). */
static bool check_identity(const struct an_config *cfg, char *err, size_t errlen)
{
  if (cfg->tenant_idle_min > cfg->tenant_idle_max) {
    snprintf(err, errlen, "[session] tenant_idle_min must not exceed tenant_idle_max");
    return false;
  }
  char why[160] = "";
  struct an_cidr_list *nets = an_cidr_parse(cfg->staff_allowed_networks, why, sizeof why);
  if (!nets) {
    snprintf(err, errlen, "[security] staff_allowed_networks: %s", why);
    return false;
  }
  an_cidr_free(nets);
  return true;
}

static bool check(const struct an_config *cfg, char *err, size_t errlen)
{
  if ((cfg->tls_cert[0] != '\0') != (cfg->tls_key[0] != '\0')) {
    snprintf(err, errlen, "[server] tls_cert and tls_key must be set together");
    return false;
  }
  if (cfg->audit_retention_days > 0 && cfg->audit_retention_days < 365) {
    snprintf(err, errlen,
             "[audit] retention_days: at least 365 (a year of logs), or 0 to keep "
             "every event");
    return false;
  }
  if (strcmp(cfg->store_driver, "postgres") == 0 && cfg->store_url[0] == '\0') {
    snprintf(err, errlen, "[store] url is required when [store] driver = postgres");
    return false;
  }
  if (strcmp(cfg->store_driver, "sqlite") == 0 && cfg->store_path[0] == '\0') {
    snprintf(err, errlen, "[store] path must not be empty");
    return false;
  }
  if (cfg->mail_relay[0] && strncmp(cfg->mail_relay, "smtp://", 7) != 0 &&
      strncmp(cfg->mail_relay, "smtps://", 8) != 0) {
    snprintf(err, errlen, "[mail] relay: expected smtp://host:port or smtps://host:port");
    return false;
  }
  if (!strchr(cfg->mail_from, '@') || strpbrk(cfg->mail_from, "\r\n")) {
    snprintf(err, errlen, "[mail] from: expected \"Name <address>\" or an address");
    return false;
  }
  if (an_config_dunning_steps(cfg->recv_dunning_days, NULL) < 0) {
    snprintf(err, errlen,
             "[receivables] dunning_days: up to %d days past due, rising, each 1..3650 "
             "(e.g. 7,21,35), or empty for no reminders",
             AN_DUNNING_MAX_STEPS);
    return false;
  }
  return check_identity(cfg, err, errlen);
}

bool an_config_load(struct an_config *cfg, const char *path, char *err, size_t errlen)
{
  memset(cfg, 0, sizeof *cfg);
  for (size_t i = 0; i < NSPECS; i++)
    if (!an_config_set(cfg, specs[i].section, specs[i].key, specs[i].def, err, errlen))
      return false;
  if (!path && access("anshin.conf", F_OK) == 0)
    path = "anshin.conf";
  cfg->source = an_strdup(path ? path : "(defaults)");
  if (path) {
    struct ini_ctx c = {cfg, err, errlen, false};
    int rc = ini_parse(path, on_ini, &c);
    if (c.failed)
      return false;
    if (rc < 0) {
      snprintf(err, errlen, "cannot read configuration file %s", path);
      return false;
    }
    if (rc > 0) {
      snprintf(err, errlen, "%s:%d: syntax error", path, rc);
      return false;
    }
  }
  if (!apply_env(cfg, err, errlen))
    return false;
  return check(cfg, err, errlen);
}

void an_config_free(struct an_config *cfg)
{
  for (size_t i = 0; i < NSPECS; i++)
    if (specs[i].kind == K_STR || specs[i].kind == K_ENUM) {
      char **p = (char **)((char *)cfg + specs[i].off);
      free(*p);
      *p = NULL;
    }
  free(cfg->source);
  cfg->source = NULL;
}

bool an_config_tls(const struct an_config *cfg)
{
  return cfg->tls_cert && cfg->tls_cert[0] && cfg->tls_key && cfg->tls_key[0];
}

/* ---- [receivables] dunning_days (issue 17 item 3) ---- */

int an_config_dunning_steps(const char *s, long *steps)
{
  int n = 0;
  long last = 0;
  const char *p = s ? s : "";
  while (*p == ' ')
    p++;
  while (*p) {
    char *end = NULL;
    if (*p < '0' || *p > '9')
      return -1;
    long v = strtol(p, &end, 10);
    if (v < 1 || v > 3650 || v <= last || n == AN_DUNNING_MAX_STEPS)
      return -1;
    if (steps)
      steps[n] = v;
    n++;
    last = v;
    p = end;
    while (*p == ' ')
      p++;
    if (*p == ',') {
      p++;
      while (*p == ' ')
        p++;
      if (!*p)
        return -1; /* a trailing comma */
    } else if (*p) {
      return -1;
    }
  }
  return n;
}
