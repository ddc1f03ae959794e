-- The audit head is signed: HMAC over (seq, mac, at) under the audit key (issue 19). On SQLite
-- writers take turns on the one write lock, so each event is still sealed into the chain in its
-- own transaction; PostgreSQL seals after commit (see the PostgreSQL script).
ALTER TABLE audit_head ADD COLUMN at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_head ADD COLUMN sig BLOB;

-- Leases of the durable-job table name their holder; the sequencer's lease is one row that the
-- job worker never claims (status 'lease').
ALTER TABLE jobs ADD COLUMN holder TEXT NOT NULL DEFAULT '';
INSERT INTO jobs (kind, ref_id, due_at, status, created_at)
  VALUES ('audit.sequence', 0, 0, 'lease', 0);
