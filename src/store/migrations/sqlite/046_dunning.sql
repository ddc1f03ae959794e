-- Dunning (issue 17 item 3, TOS-6): reminders of an overdue invoice on the days past due of
-- [receivables] dunning_days, each sent once per invoice and step (the row is the claim), and
-- after the last step a suspension proposal that the operator decides (suspend or dismiss).
CREATE TABLE dunning_reminders (
  invoice_id INTEGER NOT NULL REFERENCES invoices (id),
  step INTEGER NOT NULL,              -- the schedule's days past due
  tenant_id INTEGER NOT NULL REFERENCES tenants (id),
  days_past_due INTEGER NOT NULL,
  open_amount INTEGER NOT NULL,
  admins INTEGER NOT NULL,
  sent_at INTEGER NOT NULL,
  PRIMARY KEY (invoice_id, step)
);
CREATE INDEX dunning_reminders_tenant ON dunning_reminders (tenant_id, invoice_id);

CREATE TABLE suspension_proposals (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  invoice_id INTEGER NOT NULL UNIQUE REFERENCES invoices (id),
  tenant_id INTEGER NOT NULL REFERENCES tenants (id),
  shop_id INTEGER NOT NULL REFERENCES shops (id),
  days_past_due INTEGER NOT NULL,
  open_amount INTEGER NOT NULL,       -- the invoice's open amount when proposed
  reminders INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'open', -- open | suspended | dismissed
  reason TEXT NOT NULL DEFAULT '',
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX suspension_proposals_status ON suspension_proposals (status, id);

-- The dunning job's standing lease: one instance at a time sends the reminders.
INSERT INTO leases (name) VALUES ('receivables.dunning');
