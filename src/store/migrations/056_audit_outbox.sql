-- Dedicated tenancy, the audit outbox (WP-1, issue 15): a transaction that writes a dedicated
-- tenant's rows commits in the tenant's database first, then in the shared one, where its audit
-- events are. A crash between the two commits would leave the tenant's change without its event.
-- So the joined transaction also writes its events here, in the tenant's database, with their
-- ids and each event's own MAC (emac); after the shared commit the rows are deleted, and a relay
-- (at start, hourly under the sequencer's lease, and in a move before its verification) inserts
-- every event whose id the shared chain lacks, unsealed, for the sequencer to seal. The table
-- exists in every PostgreSQL database of the schema (shared too, where it stays empty).
-- @postgres
CREATE TABLE audit_outbox (
  id BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  actor_kind TEXT NOT NULL,
  actor_id BIGINT,
  actor_label TEXT NOT NULL,
  tenant_id BIGINT,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  outcome TEXT NOT NULL,
  client_ip TEXT NOT NULL,
  request_id TEXT NOT NULL,
  details TEXT NOT NULL,
  emac BYTEA NOT NULL,
  queued_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- @sqlite
-- SQLite has one database and no dedicated tenants: nothing to relay.
-- @end
