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
