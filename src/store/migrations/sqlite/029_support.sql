-- The support desk (issue 13): tickets with their business-hours SLA clock and full history
-- (MARK-5-1-1, MARK-5-1-4, SLA-12, SLA-24, SLA-31).
-- tenant_id 0: a ticket from someone outside any tenant (the public form, a call, a mail);
-- shop_id 0: not routed to a shop. Times are microseconds UTC; *_us columns are instants shown
-- in JST (due times), *_at columns the usual timestamps.
CREATE TABLE tickets (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id INTEGER NOT NULL DEFAULT 0,
  shop_id INTEGER NOT NULL DEFAULT 0,
  ref TEXT NOT NULL UNIQUE,
  channel TEXT NOT NULL,
  category TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'new',
  subject TEXT NOT NULL,
  requester_user_id INTEGER NOT NULL DEFAULT 0,
  requester_name TEXT NOT NULL DEFAULT '',
  requester_email TEXT NOT NULL DEFAULT '',
  lang TEXT NOT NULL DEFAULT 'ja',
  assignee TEXT NOT NULL DEFAULT '',
  first_response_minutes INTEGER NOT NULL,
  resolution_minutes INTEGER NOT NULL,
  first_response_due_us INTEGER NOT NULL,
  resolution_due_us INTEGER,
  clock_from_us INTEGER,
  clock_used_s INTEGER NOT NULL DEFAULT 0,
  first_response_at INTEGER,
  resolved_at INTEGER,
  closed_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX tickets_tenant ON tickets (tenant_id, id);
CREATE INDEX tickets_shop ON tickets (shop_id, id);
CREATE INDEX tickets_status ON tickets (status, id);

-- Every step of a ticket, never edited or deleted (MARK-5-1-4): messages both ways, internal
-- notes, status changes, assignment, routing, mails sent.
CREATE TABLE ticket_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id INTEGER NOT NULL REFERENCES tickets (id),
  tenant_id INTEGER NOT NULL DEFAULT 0,
  kind TEXT NOT NULL,
  internal INTEGER NOT NULL DEFAULT 0,
  author_kind TEXT NOT NULL,
  author_label TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, id);

-- Attachments of a ticket's messages (issue 13 item 1): size-limited and type-checked before
-- they are kept, and stored sealed (AEAD under a master-derived key, bound to the ticket).
CREATE TABLE ticket_attachments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id INTEGER NOT NULL REFERENCES tickets (id),
  tenant_id INTEGER NOT NULL DEFAULT 0,
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sealed BLOB NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX ticket_attachments_ticket ON ticket_attachments (ticket_id, id);

-- Personal-data requests (MARK-7-5-2): disclose, correct, or stop using / delete. The identity
-- is verified by login (tenant_id/user_id set) or by a code mailed to the address on record
-- (code_mac: HMAC of the code; a download token after verification, stored as its hash).
CREATE TABLE pd_requests (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id INTEGER NOT NULL DEFAULT 0,
  user_id INTEGER NOT NULL DEFAULT 0,
  email TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  lang TEXT NOT NULL DEFAULT 'ja',
  status TEXT NOT NULL,
  code_mac TEXT NOT NULL DEFAULT '',
  code_expires_us INTEGER NOT NULL DEFAULT 0,
  code_attempts INTEGER NOT NULL DEFAULT 0,
  token_hash TEXT NOT NULL DEFAULT '',
  token_expires_us INTEGER NOT NULL DEFAULT 0,
  due_on TEXT NOT NULL,
  ticket_id INTEGER NOT NULL DEFAULT 0,
  outcome TEXT NOT NULL DEFAULT '',
  handled_by TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  verified_at INTEGER,
  completed_at INTEGER
);
CREATE INDEX pd_requests_tenant ON pd_requests (tenant_id, id);

-- Personal-data breaches (MARK-7-6-1/2/3, APPI Art. 26): what leaked, whose, when it was found,
-- the deadlines of the reports to the Personal Information Protection Commission, and each step
-- with who and when; every notice mailed to an affected person is recorded.
CREATE TABLE pd_breaches (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  title TEXT NOT NULL,
  what_leaked TEXT NOT NULL,
  whose TEXT NOT NULL,
  found_on TEXT NOT NULL,
  malicious INTEGER NOT NULL DEFAULT 0,
  affected_tenant_id INTEGER NOT NULL DEFAULT 0,
  affected_emails TEXT NOT NULL DEFAULT '',
  preliminary_due_on TEXT NOT NULL,
  final_due_on TEXT NOT NULL,
  preliminary_at INTEGER,
  final_at INTEGER,
  published_at INTEGER,
  notified_count INTEGER NOT NULL DEFAULT 0,
  reminded TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE pd_breach_steps (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  breach_id INTEGER NOT NULL REFERENCES pd_breaches (id),
  step TEXT NOT NULL,
  content TEXT NOT NULL DEFAULT '',
  done_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX pd_breach_steps_breach ON pd_breach_steps (breach_id, id);
CREATE TABLE pd_breach_notices (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  breach_id INTEGER NOT NULL REFERENCES pd_breaches (id),
  email TEXT NOT NULL,
  mail_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX pd_breach_notices_breach ON pd_breach_notices (breach_id, id);

-- The lawful-disclosure register (WP-21, TOS-26): disclosures to authorities without the
-- customer's consent, and whether the contractor was told before or, when prior notice was
-- prohibited, promptly after (notice: prior, pending, after).
CREATE TABLE lawful_disclosures (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id INTEGER NOT NULL,
  authority TEXT NOT NULL,
  legal_basis TEXT NOT NULL,
  data_disclosed TEXT NOT NULL,
  disclosed_on TEXT NOT NULL,
  prior_notice_prohibited INTEGER NOT NULL DEFAULT 0,
  notice TEXT NOT NULL,
  notified_at INTEGER,
  recorded_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX lawful_disclosures_tenant ON lawful_disclosures (tenant_id, id);
