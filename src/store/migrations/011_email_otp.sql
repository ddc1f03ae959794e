-- E-mail one-time codes as a second factor (SLA-22): a user may choose them instead of TOTP.
ALTER TABLE users ADD COLUMN mfa_email BIGINT NOT NULL DEFAULT 0;

CREATE TABLE email_codes (
  tenant_id BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  code_hash BYTEA NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE INDEX email_codes_user ON email_codes (tenant_id, user_id);
