-- The e-mail outbox and a record of every delivery attempt (TOS-21: notices by e-mail are
-- recorded). Times are microseconds since the epoch, UTC.
-- status: queued -> sending (claimed by one sender until claimed_until) -> sent, or back to
-- queued with a later next_attempt_at, or failed after the last attempt.

CREATE TABLE mail_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id INTEGER,
  to_addr TEXT NOT NULL,
  subject TEXT NOT NULL,
  body_text TEXT NOT NULL,
  template TEXT NOT NULL,
  lang TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  claimed_by TEXT,
  claimed_until INTEGER
);
-- The sender's pick query: due queued mail, and sending mail whose claim ran out.
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
CREATE INDEX mail_outbox_tenant ON mail_outbox (tenant_id, id);

CREATE TABLE mail_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  mail_id INTEGER NOT NULL REFERENCES mail_outbox (id),
  attempt INTEGER NOT NULL,
  at INTEGER NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('sent', 'retry', 'failed')),
  smtp_response TEXT NOT NULL
);
CREATE INDEX mail_deliveries_mail ON mail_deliveries (mail_id, attempt);
