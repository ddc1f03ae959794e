-- Backups (SLA-13, CHK-4, MARK-3-1-5/6/7): one row per backup file made by `anshin backup run`
-- or the 04:00 JST schedule, one row per copy of it (the local directory and the SFTP site, each
-- with its distance class), and the restore drills with their measured recovery point and time.
-- The rows describe the files; the files themselves are never in the database.
CREATE TABLE backups (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at INTEGER NOT NULL,
  driver TEXT NOT NULL,
  file_name TEXT NOT NULL UNIQUE,
  bytes INTEGER NOT NULL DEFAULT 0,
  sha256 TEXT NOT NULL DEFAULT '',
  manifest TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL,
  error TEXT NOT NULL DEFAULT '',
  verified_at INTEGER,
  expired_at INTEGER
);
CREATE INDEX backups_created ON backups (created_at);

CREATE TABLE backup_copies (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  backup_id INTEGER NOT NULL REFERENCES backups (id),
  destination TEXT NOT NULL,
  distance_class TEXT NOT NULL,
  status TEXT NOT NULL,
  error TEXT NOT NULL DEFAULT '',
  at INTEGER NOT NULL
);
CREATE INDEX backup_copies_backup ON backup_copies (backup_id);

CREATE TABLE restore_drills (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  backup_id INTEGER NOT NULL REFERENCES backups (id),
  started_at INTEGER NOT NULL,
  finished_at INTEGER NOT NULL,
  ok INTEGER NOT NULL,
  rpo_seconds INTEGER NOT NULL,
  rto_ms INTEGER NOT NULL,
  detail TEXT NOT NULL DEFAULT '{}'
);

-- The last alert mail about backups, so the schedule writes at most one a day.
CREATE TABLE backup_alerts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  reason TEXT NOT NULL
);

-- The schedule's standing lease: one instance takes the daily backup.
INSERT INTO leases (name) VALUES ('backup.schedule');

-- Deleting a tenant (CHK-17, WP-4, WP-11, SLA-14): a whole-company deletion asked for by one
-- operator admin and approved by another (two-person rule), and the signed deletion
-- certificates. The certificate's content is kept (it names counts and dates, no personal data
-- beyond the company's name) so it can be shown and mailed again.
CREATE TABLE tenant_erasures (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id INTEGER NOT NULL,
  reason TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  requested_at INTEGER NOT NULL,
  approved_by TEXT NOT NULL DEFAULT '',
  approved_at INTEGER,
  status TEXT NOT NULL DEFAULT 'requested'
);
CREATE INDEX tenant_erasures_tenant ON tenant_erasures (tenant_id);

CREATE TABLE deletion_certificates (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id INTEGER NOT NULL,
  company_code TEXT NOT NULL,
  issued_at INTEGER NOT NULL,
  content TEXT NOT NULL,
  signature TEXT NOT NULL,
  file_name TEXT NOT NULL
);
CREATE INDEX deletion_certificates_tenant ON deletion_certificates (tenant_id);

-- A tenant's data exports (WP-16, TOS-10, SLA-23, SLA-24): built in the background with their
-- progress, kept until expires_at, downloaded once through a link whose token only hashes here.
CREATE TABLE exports (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id INTEGER NOT NULL,
  requested_by TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'queued',
  progress INTEGER NOT NULL DEFAULT 0,
  file_name TEXT NOT NULL DEFAULT '',
  bytes INTEGER NOT NULL DEFAULT 0,
  token_hash TEXT NOT NULL DEFAULT '',
  error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  ready_at INTEGER,
  expires_at INTEGER,
  downloaded_at INTEGER
);
CREATE INDEX exports_tenant ON exports (tenant_id, id);
CREATE INDEX exports_status ON exports (status, id);
