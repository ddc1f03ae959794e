-- Per-tenant password policy (WP-9, CHK-14) and the password history it enforces.

CREATE TABLE tenant_policies (
  tenant_id INTEGER PRIMARY KEY REFERENCES tenants (id),
  min_length INTEGER NOT NULL,
  require_upper INTEGER NOT NULL,
  require_lower INTEGER NOT NULL,
  require_digit INTEGER NOT NULL,
  require_symbol INTEGER NOT NULL,
  history INTEGER NOT NULL,
  max_age_days_user INTEGER NOT NULL,
  max_age_days_admin INTEGER NOT NULL,
  max_failures INTEGER NOT NULL,
  lockout_minutes INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE password_history (
  tenant_id INTEGER NOT NULL REFERENCES tenants (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX password_history_user ON password_history (tenant_id, user_id, created_at);
