-- Per-tenant password policy (WP-9, CHK-14) and the password history it enforces.

CREATE TABLE tenant_policies (
  tenant_id BIGINT PRIMARY KEY REFERENCES tenants (id),
  min_length BIGINT NOT NULL,
  require_upper BIGINT NOT NULL,
  require_lower BIGINT NOT NULL,
  require_digit BIGINT NOT NULL,
  require_symbol BIGINT NOT NULL,
  history BIGINT NOT NULL,
  max_age_days_user BIGINT NOT NULL,
  max_age_days_admin BIGINT NOT NULL,
  max_failures BIGINT NOT NULL,
  lockout_minutes BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE password_history (
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  password_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX password_history_user ON password_history (tenant_id, user_id, created_at);
