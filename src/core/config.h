/* Configuration: built-in defaults, then an INI file, then ANSHIN_<SECTION>_<KEY> environment
 * variables. Unknown keys and bad values are refused with a message naming the key. */
#ifndef AN_CORE_CONFIG_H
#define AN_CORE_CONFIG_H
#include <stdbool.h>
#include <stddef.h>

struct an_config {
  /* [server] */
  char *listen;   /* "host:port" */
  long threads;   /* worker threads (0 = four per core) */
  char *tls_cert; /* PEM path; TLS is on when both cert and key are set */
  char *tls_key;
  long max_body_bytes;     /* larger bodies get 413 */
  long max_header_bytes;   /* per-connection memory for request line and headers */
  long connection_timeout; /* idle seconds before a connection is closed */
  long max_connections;
  long per_ip_connections;
  char *trusted_proxies; /* comma-separated CIDRs whose X-Forwarded-For is believed */
  char *public_url;      /* where people open the product; printed and used in mails */
  long header_timeout;   /* seconds from a connection (or its previous request) to headers */
  long body_timeout;     /* seconds from a request's headers to the end of its body */
  char *metrics_token;   /* bearer token for /metrics; "" = /metrics answers 404 */
  /* [store] */
  char *store_driver; /* "sqlite" or "postgres" */
  char *store_path;   /* SQLite file */
  char *store_url;    /* PostgreSQL conninfo */
  long busy_timeout_ms;
  char *store_sqlite_writer; /* "thread": group commit by one writer thread (store/group.h);
                              * "queue": each request's own connection, in turn */
  /* [keys] */
  char *master_key_file;
  /* [password] */
  long argon2_memory_kib;
  long argon2_iterations;
  long login_concurrency;      /* hashes run at once (0 = number of cores) */
  long login_rate_per_ip;      /* login and OTP attempts per minute from one address (0 = off) */
  long login_rate_per_account; /* per minute for one account */
  char *rate_limit_store;      /* memory, database, or auto (database on PostgreSQL) */
  long staff_max_failures;     /* failed password or code attempts before staff lock (0 = off) */
  long staff_lockout_minutes;  /* how long a staff lock lasts */
  long reauth_max_age_minutes; /* authentication older than this must be repeated before a
                                  credential change (M5) */
  /* [session] */
  long idle_timeout;           /* seconds */
  long absolute_lifetime;      /* seconds */
  long session_retention_days; /* ended (expired or revoked) sessions are deleted after this */
  /* [log] */
  char *log_level; /* debug, info, warn, error */
  bool access_log;
  char *access_dir;           /* daily access-log files (CHK-7); "" = none */
  long access_retention_days; /* at least 365 (CHK-7) */
  long access_file_max_bytes; /* a day's file is cut into parts of this size */
  /* [security] */
  bool staff_mfa_required; /* operator staff must set up a second factor (CHK-9, WP-12) */
  /* [audit] */
  long audit_retention_days; /* 0 = keep for ever (SLA-9); otherwise at least 365 (CHK-7) */
  /* [web] */
  char *web_root;
  /* [mail] */
  char *mail_relay;    /* smtp://host:port or smtps://host:port; "" = keep mail queued */
  char *mail_from;     /* "Name <address>" or "address" */
  char *mail_username; /* relay login; "" = none */
  char *mail_password;
  long mail_poll_interval_ms;
  bool mail_starttls;        /* STARTTLS when offered (required when a password is sent) */
  long mail_timeout_seconds; /* one delivery attempt at most (connect, dialogue, upload) */
  /* [market] */
  long document_notice_days; /* notice before a material change takes effect, >= 30 (MARK-4-4-1) */
  long deletion_business_days;  /* business days from a contract's end to data deletion (CHK-17) */
  long market_poll_interval_ms; /* how often due jobs and webhooks are looked for */
  long public_cache_check_ms; /* how often the public-page cache looks for other instances' changes
                               */
  /* [calendar] */
  char *closing_days; /* operator closing days, "12-29..01-03" style, "" = none */
  char *holidays_csv; /* the Cabinet Office holiday CSV (UTF-8), "" = computed only */
  /* [webhook] */
  bool webhook_allow_private_targets; /* deliver to loopback/private addresses (tests only) */
  /* [public] (the forms anyone may post: applications, their confirmation, reports) */
  long public_write_rate_per_ip; /* writes per window from one address, or to one address */
  long public_write_rate_global; /* writes per window in all */
  long public_write_window_seconds;
  long public_mail_rate_per_recipient; /* confirmation mails to one address per window */
  /* identity and access (issue 11) */
  /* [security] seconds an operator or shop staff session lasts at most, whatever its use */
  long staff_session_max;
  /* [security] CIDRs operator staff may work from; "" = any (CHK-9) */
  char *staff_allowed_networks;
  long tenant_idle_min; /* [session] floor of a tenant's idle timeout, minutes */
  long tenant_idle_max; /* [session] ceiling of a tenant's idle timeout, minutes */
  /* [support] (the support desk, issue 13) */
  char *support_hours;                 /* weekly schedule, see support/hours.h */
  char *support_targets;               /* per-category targets "category=FIRST/RESOLVE,..." */
  long support_first_response_minutes; /* default first-response target, open minutes */
  long support_resolution_minutes;     /* default resolution target, open minutes */
  long
      support_warning_percent; /* a ticket is "warning" when less than this % of a target is left */
  long support_pdr_deadline_days;    /* personal-data requests are answered within (MARK-7-5-2) */
  char *support_email;               /* the support desk's address shown on the public page */
  char *support_phone;               /* its telephone number ("" = none shown) */
  char *support_privacy_email;       /* the personal-data contact (TOS-19, MARK-7-5-1) */
  long support_attachment_max_bytes; /* one attachment at most; larger ones are refused */
  char *support_imap_url;            /* the support mailbox, imap://host:port/INBOX; "" = none */
  char *support_imap_username;
  char *support_imap_password;
  bool support_imap_starttls;     /* require STARTTLS on imap:// when a password is sent */
  long support_imap_poll_seconds; /* how often the mailbox is read */
  long support_reminder_seconds;  /* how often breach deadlines are checked for reminders */
  long support_pdr_remind_days;   /* personal-data requests: reminded this many days before due */
  /* [identity] */
  long password_link_hours; /* a link to set a password is valid this long (1..720, default 72) */
  /* [ops] (operations and service levels: maintenance, incidents, availability, status page) */
  long ops_maintenance_week;         /* the regular window's week of the month, 1..5 (5 = last) */
  long ops_maintenance_weekday;      /* its weekday, 0 Sunday .. 6 Saturday */
  long ops_maintenance_start_minute; /* its start, minutes after 00:00 JST */
  long ops_maintenance_minutes;      /* its length, at most 300 (5 h; 0 = no regular window) */
  long ops_partial_weight_percent;   /* share of a partial outage counted as downtime (SLA-4) */
  long ops_status_cache_ms;          /* how long the public status JSON is reused */
  /* [backup] (issue 14: backups, the second site, restore drills) */
  char *backup_dir;                 /* local backup files (created 0700) */
  long backup_generations;          /* backups kept, locally and at the second site */
  char *backup_schedule;            /* daily "HH:MM" JST, or "off" */
  long backup_poll_interval_ms;     /* how often the schedule is looked at */
  char *backup_sftp_url;            /* "sftp://user@host:port/dir/"; "" = no second site */
  char *backup_sftp_key;            /* private key file for the SFTP site */
  char *backup_sftp_known_hosts;    /* known_hosts with the SFTP site's host key */
  char *backup_sftp_distance_class; /* MARK-3-1-7: how far the second site is */
  long backup_drill_interval_days;  /* restore drills every N days; 0 = off */
  char *backup_drill_url;           /* PostgreSQL: an empty scratch database for drills */
  long backup_max_age_hours;        /* alert when the newest verified backup is older */
  char *backup_alert_to;            /* where backup alerts are mailed; "" = logged only */
  /* [lifecycle] (issue 14: deletion) */
  char *certificate_dir;        /* signed deletion certificates (PDF), created 0700 */
  char *export_dir;             /* tenants' export ZIP files while they wait, created 0700 */
  long export_per_day;          /* exports a tenant may ask for in 24 hours */
  long export_ttl_hours;        /* how long a built export waits for its download */
  long export_max_bytes;        /* an export larger than this fails */
  long export_poll_interval_ms; /* how often queued exports are looked for */
  /* [clientcert] (issue 11: client certificates, SLA-22) */
  bool client_cert_request; /* under native TLS, ask every client for a certificate */
  char *client_cert_header; /* a trusted proxy's header with the client's PEM; "" = off */
  /* [ops] monitoring and alerts (issue 12 item 7), [web] manifest */
  char *ops_oncall_emails;          /* comma-separated addresses alerted at a probe failure */
  char *ops_oncall_webhook;         /* URL POSTed the alert as signed JSON; "" = none */
  char *ops_oncall_webhook_secret;  /* hex HMAC key of that webhook */
  long ops_monitor_interval_ms;     /* how often the probes are sampled */
  long ops_monitor_disk_min_free;   /* percent of the data disk that must stay free */
  long ops_monitor_memory_min_free; /* percent of memory that must stay available */
  long ops_monitor_queue_lag_s;     /* a due job waiting longer than this is a failure */
  long ops_monitor_cert_min_days;   /* the TLS certificate must be valid this many more days */
  bool ops_monitor_open_report;     /* a failing probe files a report in the incident queue */
  long ops_monitor_keep_days;       /* how long samples are kept */
  char *web_manifest;               /* SHA-256 manifest of [web] root; "" = the build's; "off" */
  /* [receivables] (issue 17: invoices, payments, balances) */
  char *recv_import_columns;    /* the result file's columns in order: invoice_number, amount,
                                   paid_on, reference, or "-" for a column not read */
  long recv_import_header_rows; /* lines before the first payment row */
  long recv_due_days;           /* days after issue an invoice falls due; 0 = the end of the
                                   month after the invoiced month */
  /* [jobs] durable jobs with several instances on one database (issue 15) */
  long jobs_lease_ms; /* how long a claimed job is its claimer's before another may take it */
  long fairshare_tenant_percent; /* share of the workers one tenant's requests may hold (SLA-5) */
  /* [market] notice floors and contract terms (issue 10 items 17, 20) */
  long discontinuation_notice_min_days; /* platform floor of a service's notice (TOS-9), >= 90 */
  long liability_cap_months;            /* the liability cap in months' fees (SLA-16) */
  /* [ops] response times (issue 12 item 6) */
  long ops_latency_flush_ms; /* how often the histograms' new counts are written to the hour */
  long ops_jobs_interval_ms; /* how often announcements due are mailed */
  /* [receivables] usage metering (issue 17 item 5) */
  long recv_usage_late_hours; /* a usage report is accepted until its hour ended this long ago */
  /* [compliance] live checks, attestations and their history (issue 16) */
  long compliance_interval_ms;      /* how often every check is evaluated; 0 = on demand only */
  long compliance_attestation_days; /* an attestation's default term */
  /* [tenancy] dedicated tenancy (issue 15 item 3) */
  long tenancy_placement_check_ms; /* how often a process reloads the tenants' placements */
  /* [receivables] dunning (issue 17 item 3) */
  char *recv_dunning_days;   /* reminders on these days past due, rising ("" = none); after the
                                last, a suspension proposal for the operator */
  long recv_dunning_seconds; /* how often the dunning job looks for reminders due */
  /* [fairshare] rates across instances and [idempotency] retried writes (issue 15 items 1, 4) */
  long fairshare_tenant_rate;   /* requests a second of one tenant over all instances; 0 = off */
  long fairshare_rate_sync_ms;  /* how often an instance adds its counts to the shared counter */
  char *fairshare_rate_store;   /* "auto" (shared on PostgreSQL), "memory" or "database" */
  long idempotency_ttl_seconds; /* how long a write's answer is kept for its Idempotency-Key */
  /* [compliance] the public trust page (issue 16 item 5) */
  bool compliance_trust_page; /* GET /trust and /api/v1/trust show which automatic checks pass */
  /* [compliance] the remaining live checks and evaluation on change (issue 16 items 2, 6) */
  long compliance_news_days;       /* virus and security news must be this recent (MARK-6-2-x) */
  long compliance_advice_days;     /* the security advice page must be this recent (MARK-6-1-1) */
  long compliance_change_delay_ms; /* a change is evaluated this long after it commits; 0 = off */
  /* derived */
  char *source; /* file the configuration came from, or "(defaults)" */
};

/* Loads the configuration. path may be NULL (then ./anshin.conf if it exists). On error returns
 * false and writes a one-line message naming the offending key into err (size errlen). */
bool an_config_load(struct an_config *cfg, const char *path, char *err, size_t errlen);
/* Frees every string of cfg. */
void an_config_free(struct an_config *cfg);
/* True when TLS is configured. */
bool an_config_tls(const struct an_config *cfg);
/* Sets one key as if read from the file; used by the loader and by tests. */
bool an_config_set(struct an_config *cfg, const char *section, const char *key, const char *value,
                   char *err, size_t errlen);

/* [receivables] dunning_days parsed: up to AN_DUNNING_MAX_STEPS days past due, rising, each
 * 1..3650, comma-separated ("" = none). Fills steps (when not NULL) and returns the count, or -1
 * when s is malformed. */
#define AN_DUNNING_MAX_STEPS 8
int an_config_dunning_steps(const char *s, long *steps);

/* Appends to b the address people open the product at, without a trailing slash: [server]
 * public_url, else http://<listen>. */
struct an_buf;
void an_config_base_url(const struct an_config *cfg, struct an_buf *b);

#endif
