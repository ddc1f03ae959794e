-- Per-tenant session policy: idle timeout (CHK-15) and whether every user needs a second factor.
ALTER TABLE tenants ADD COLUMN idle_timeout_minutes INTEGER NOT NULL DEFAULT 30;
ALTER TABLE tenants ADD COLUMN mfa_required INTEGER NOT NULL DEFAULT 0;
