-- TOTP second factor and recovery codes (SLA-22, WP-12). Seeds are sealed: with the tenant's
-- data key for tenant users, with the master-derived key for operator staff.

CREATE TABLE mfa_totp (
  subject_kind TEXT NOT NULL,
  subject_id INTEGER NOT NULL,
  tenant_id INTEGER,
  secret_sealed BLOB NOT NULL,
  confirmed INTEGER NOT NULL DEFAULT 0,
  last_step INTEGER NOT NULL DEFAULT -1,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (subject_kind, subject_id)
);

CREATE TABLE mfa_recovery (
  subject_kind TEXT NOT NULL,
  subject_id INTEGER NOT NULL,
  code_hash BLOB NOT NULL,
  used_at INTEGER
);
CREATE INDEX mfa_recovery_subject ON mfa_recovery (subject_kind, subject_id);

-- A session whose password was right but whose second factor is still to come.
ALTER TABLE sessions ADD COLUMN mfa_pending INTEGER NOT NULL DEFAULT 0;
