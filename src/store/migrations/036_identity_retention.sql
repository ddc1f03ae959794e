-- Audit retention per tenant (CHK-24): 0 = the operator's [audit] retention_days, -1 = until the
-- tenant is deleted, otherwise days (at least 365).
ALTER TABLE tenants ADD COLUMN audit_retention_days BIGINT NOT NULL DEFAULT 0;
-- What stays of an event purged by its tenant's retention while older events of other tenants
-- remain: its place in the chain (seq and both chain MACs), its tenant and time, no content, and
-- a MAC over all of that made when it was purged, so `audit verify` walks through it.
CREATE TABLE audit_tombstones (
  seq BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  tenant_id BIGINT NOT NULL,
  prev_mac BYTEA NOT NULL,
  mac BYTEA NOT NULL,
  purged_at BIGINT NOT NULL,
  tmac BYTEA NOT NULL
);
-- Account review reminders (WP-24): the due date (microseconds) the tenant's admins were last
-- reminded of, so each due date is reminded once.
ALTER TABLE tenants ADD COLUMN review_reminded_for BIGINT NOT NULL DEFAULT 0;
-- The standing lease of the hourly reminder job: one instance at a time.
INSERT INTO leases (name) VALUES ('account_review.remind');
