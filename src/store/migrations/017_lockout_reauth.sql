-- Operator and shop staff lock after repeated failures, like tenant users (SLA-21): the end of
-- the lock; staff.failed_logins counts password and second-factor failures alike.
ALTER TABLE staff ADD COLUMN locked_until BIGINT NOT NULL DEFAULT 0;
-- When the session's subject last proved who they are (login with every factor, or
-- POST /api/v1/me/reauth): credential changes need it recent (M5). 0 = never.
ALTER TABLE sessions ADD COLUMN auth_at BIGINT NOT NULL DEFAULT 0;
UPDATE sessions SET auth_at = created_at WHERE mfa_pending = 0;
