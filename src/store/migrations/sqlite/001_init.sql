-- Operator staff, sessions and the audit chain.
-- Times are microseconds since the epoch, UTC.

CREATE TABLE staff (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  login TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  roles TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  must_change_password INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'active',
  failed_logins INTEGER NOT NULL DEFAULT 0,
  password_changed_at INTEGER NOT NULL,
  last_login_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  token_hash BLOB NOT NULL UNIQUE,
  subject_kind TEXT NOT NULL,
  subject_id INTEGER NOT NULL,
  tenant_id INTEGER,
  csrf_token TEXT NOT NULL,
  client_ip TEXT NOT NULL,
  user_agent TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX sessions_subject ON sessions (subject_kind, subject_id);

CREATE TABLE audit_events (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_kind TEXT NOT NULL,
  actor_id INTEGER,
  actor_label TEXT NOT NULL,
  tenant_id INTEGER,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  outcome TEXT NOT NULL,
  client_ip TEXT NOT NULL,
  request_id TEXT NOT NULL,
  details TEXT NOT NULL,
  prev_mac BLOB NOT NULL,
  mac BLOB NOT NULL
);
CREATE INDEX audit_events_tenant_at ON audit_events (tenant_id, at);
CREATE INDEX audit_events_at ON audit_events (at);

-- The chain's head: the last sequence number and MAC. Appending an event advances it in the same
-- transaction, which also serialises appends.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  mac BLOB NOT NULL
);
INSERT INTO audit_head (id, seq, mac)
  VALUES (1, 0, X'0000000000000000000000000000000000000000000000000000000000000000');
