-- Dedicated tenancy (WP-1, issue 15 item 3): where a tenant's own rows live. No row = the shared
-- database. state: shared | to_dedicated | dedicated | to_shared. The conninfo of the tenant's
-- database is sealed under a subkey of the master key (never in clear here, in logs or backups);
-- label is its host and database name only, for display. Writes of the tenant's moved tables are
-- refused before writable_from (every instance has seen the switch by then). Used on PostgreSQL
-- only (a dedicated database is another PostgreSQL database); the table exists on SQLite so that
-- both schemas stay alike, and stays empty.
CREATE TABLE tenant_placements (
  tenant_id BIGINT PRIMARY KEY REFERENCES tenants (id),
  state TEXT NOT NULL,
  label TEXT NOT NULL DEFAULT '',
  conninfo BYTEA,
  writable_from BIGINT NOT NULL DEFAULT 0,
  version BIGINT NOT NULL DEFAULT 1,
  changed_at BIGINT NOT NULL
);
