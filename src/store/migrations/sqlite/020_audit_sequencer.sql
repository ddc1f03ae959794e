-- The audit head is signed: HMAC over (seq, mac, at) under the audit key (issue 19). On SQLite
-- writers take turns on the one write lock, so each event is still sealed into the chain in its
-- own transaction; PostgreSQL seals after commit (see the PostgreSQL script).
ALTER TABLE audit_head ADD COLUMN at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_head ADD COLUMN sig BLOB;

-- Standing leases, beside the durable-job table and with its lease rule (whoever holds an
-- unexpired lease keeps it; an expired one may be taken): exactly one instance runs the audit
-- sequencer. Kept apart so that the job table lists only jobs.
CREATE TABLE leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL DEFAULT '',
  lease_until INTEGER NOT NULL DEFAULT 0
);
INSERT INTO leases (name) VALUES ('audit.sequence');
