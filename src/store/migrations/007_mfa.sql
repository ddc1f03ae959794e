-- TOTP second factor and recovery codes (SLA-22, WP-12). Seeds are sealed: with the tenant's
-- data key for tenant users, with the master-derived key for operator staff.

CREATE TABLE mfa_totp (
  subject_kind TEXT NOT NULL,
  subject_id BIGINT NOT NULL,
  tenant_id BIGINT,
  secret_sealed BYTEA NOT NULL,
  confirmed BIGINT NOT NULL DEFAULT 0,
  last_step BIGINT NOT NULL DEFAULT -1,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (subject_kind, subject_id)
);

CREATE TABLE mfa_recovery (
  subject_kind TEXT NOT NULL,
  subject_id BIGINT NOT NULL,
  code_hash BYTEA NOT NULL,
  used_at BIGINT
);
CREATE INDEX mfa_recovery_subject ON mfa_recovery (subject_kind, subject_id);

-- A session whose password was right but whose second factor is still to come.
ALTER TABLE sessions ADD COLUMN mfa_pending BIGINT NOT NULL DEFAULT 0;
