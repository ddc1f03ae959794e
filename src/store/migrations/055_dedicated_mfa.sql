-- Dedicated tenancy, second slice (WP-1, issue 15 item 3): a user's recovery codes carry their
-- tenant, like the TOTP enrolment and the e-mail codes, so they move with the tenant into its own
-- database and are counted and deleted by tenant (not through the users table, which may be in
-- another database). Staff codes keep NULL.
ALTER TABLE mfa_recovery ADD COLUMN tenant_id BIGINT;
UPDATE mfa_recovery SET tenant_id = (SELECT u.tenant_id FROM users u WHERE u.id = mfa_recovery.subject_id)
WHERE subject_kind = 'user';
CREATE INDEX mfa_recovery_tenant ON mfa_recovery (tenant_id);
CREATE INDEX mfa_totp_tenant ON mfa_totp (tenant_id);
