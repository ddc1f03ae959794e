-- Session rules per tenant (CHK-15, CHK-25): an absolute lifetime in minutes for its users'
-- sessions, 0 = none (seed 001: user screens have no connection time limit).
ALTER TABLE tenants ADD COLUMN session_max_minutes INTEGER NOT NULL DEFAULT 0;
-- Custom roles (CHK-13, WP-7, WP-8): named sets of permission keys per tenant, assigned to users.
CREATE TABLE tenant_roles (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id),
  name TEXT NOT NULL,
  perms TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (tenant_id, name)
);
CREATE TABLE user_roles (
  tenant_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users (id),
  role_id INTEGER NOT NULL REFERENCES tenant_roles (id),
  granted_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, user_id, role_id)
);
CREATE INDEX user_roles_role ON user_roles (tenant_id, role_id);
-- The union of the permission keys of a user's custom roles, kept with the user's row so the
-- per-request check reads nothing more than it did (rewritten whenever a role or grant changes).
ALTER TABLE users ADD COLUMN role_perms TEXT NOT NULL DEFAULT '';
-- Operator IP restriction (CHK-9): the networks one staff account may work from, comma-separated
-- CIDRs ("" = wherever [security] staff_allowed_networks allows).
ALTER TABLE staff ADD COLUMN allowed_networks TEXT NOT NULL DEFAULT '';
-- Optional audit event classes a tenant collects for its users (WP-18): screen opens, data reads,
-- downloads; security events are always collected.
ALTER TABLE tenants ADD COLUMN event_classes TEXT NOT NULL DEFAULT 'screen,read,download';
-- Account review (棚卸, WP-24): when the tenant last reviewed its accounts, by whom, and how many
-- months apart reviews are due.
ALTER TABLE tenants ADD COLUMN review_done_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tenants ADD COLUMN review_done_by TEXT NOT NULL DEFAULT '';
ALTER TABLE tenants ADD COLUMN review_months INTEGER NOT NULL DEFAULT 6;
