-- Live compliance checks (issue 16 items 2, 3, 6): each requirement's current status as the
-- latest evaluation found it (since when it has had that status), every change of status kept
-- as history, and the operator's attestations for organisational requirements (who, role, date,
-- document, expiry; an expired or revoked one stops counting). Reasons are message keys with
-- their placeholders, rendered in the reader's language.
CREATE TABLE compliance_status (
  requirement TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  source TEXT NOT NULL,
  reason_key TEXT NOT NULL,
  reason_vars TEXT NOT NULL DEFAULT '{}',
  evidence TEXT NOT NULL DEFAULT '{}',
  since_at INTEGER NOT NULL,
  evaluated_at INTEGER NOT NULL
);

CREATE TABLE compliance_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  requirement TEXT NOT NULL,
  status TEXT NOT NULL,
  previous TEXT NOT NULL DEFAULT '',
  reason_key TEXT NOT NULL,
  reason_vars TEXT NOT NULL DEFAULT '{}',
  evidence TEXT NOT NULL DEFAULT '{}',
  alerted INTEGER NOT NULL DEFAULT 0,
  changed_at INTEGER NOT NULL
);
CREATE INDEX compliance_history_req ON compliance_history (requirement, id);

CREATE TABLE compliance_attestations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  requirement TEXT NOT NULL,
  attested_by TEXT NOT NULL,
  role TEXT NOT NULL,
  attested_on TEXT NOT NULL,
  expires_on TEXT NOT NULL,
  document_ref TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  recorded_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER,
  revoked_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX compliance_attestations_req ON compliance_attestations (requirement, id);

-- One instance of several evaluates on the schedule.
INSERT INTO leases (name) VALUES ('compliance.evaluate');
