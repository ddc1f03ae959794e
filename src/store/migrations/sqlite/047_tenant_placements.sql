-- Dedicated tenancy (WP-1, issue 15 item 3): where a tenant's own rows live. PostgreSQL only (a
-- dedicated database is another PostgreSQL database); the table exists on SQLite so that both
-- schemas stay alike, and stays empty.
CREATE TABLE tenant_placements (
  tenant_id INTEGER PRIMARY KEY REFERENCES tenants (id),
  state TEXT NOT NULL,
  label TEXT NOT NULL DEFAULT '',
  conninfo BLOB,
  writable_from INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  changed_at INTEGER NOT NULL
);
