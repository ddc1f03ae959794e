-- E-mail one-time codes as a second factor (SLA-22): a user may choose them instead of TOTP.
ALTER TABLE users ADD COLUMN mfa_email INTEGER NOT NULL DEFAULT 0;

CREATE TABLE email_codes (
  tenant_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  code_hash BLOB NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE INDEX email_codes_user ON email_codes (tenant_id, user_id);
