-- The marketplace (TOS-13): shops sell services with plans; contractors apply under the terms in
-- force, the operator approves, and contracts carry separate access, billing and deletion dates
-- (dates are Japanese calendar dates, 'YYYY-MM-DD'; instants are microseconds UTC).

ALTER TABLE tenants ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE tenants ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE staff ADD COLUMN shop_id INTEGER;
ALTER TABLE api_tokens ADD COLUMN shop_id INTEGER;

CREATE TABLE shops (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  contact_email TEXT NOT NULL,
  webhook_url TEXT NOT NULL DEFAULT '',
  webhook_secret TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'active',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE services (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  shop_id INTEGER NOT NULL REFERENCES shops (id),
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  conditions TEXT NOT NULL,
  notice_days INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'active',
  discontinue_on TEXT,
  discontinue_reason TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX services_shop ON services (shop_id);

CREATE TABLE plans (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  service_id INTEGER NOT NULL REFERENCES services (id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  monthly_fee INTEGER NOT NULL,
  initial_fee INTEGER NOT NULL,
  billing_cycle TEXT NOT NULL,
  tax_rate INTEGER NOT NULL,
  max_users INTEGER NOT NULL,
  storage_gb INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'active',
  created_at INTEGER NOT NULL,
  UNIQUE (service_id, code)
);

-- Terms of use, important-matters and prohibited-acts documents, each kind versioned.
CREATE TABLE documents (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  version INTEGER NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  effective_on TEXT NOT NULL,
  material INTEGER NOT NULL DEFAULT 0,
  published_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (kind, version)
);

CREATE TABLE applications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  status TEXT NOT NULL DEFAULT 'pending',
  company_name TEXT NOT NULL,
  company_code TEXT NOT NULL,
  address TEXT NOT NULL,
  phone TEXT NOT NULL,
  responsible_name TEXT NOT NULL,
  responsible_email TEXT NOT NULL,
  admin_login TEXT NOT NULL,
  plan_id INTEGER NOT NULL REFERENCES plans (id),
  terms_document_id INTEGER NOT NULL REFERENCES documents (id),
  consent_at INTEGER NOT NULL,
  consent_ip TEXT NOT NULL,
  consent_by TEXT NOT NULL,
  refusal_reason TEXT NOT NULL DEFAULT '',
  decision_message TEXT NOT NULL DEFAULT '',
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at INTEGER,
  tenant_id INTEGER,
  contract_id INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX applications_status ON applications (status, id);

CREATE TABLE contracts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id),
  number TEXT NOT NULL UNIQUE,
  shop_id INTEGER NOT NULL REFERENCES shops (id),
  service_id INTEGER NOT NULL REFERENCES services (id),
  plan_id INTEGER NOT NULL REFERENCES plans (id),
  terms_document_id INTEGER NOT NULL REFERENCES documents (id),
  status TEXT NOT NULL DEFAULT 'active',
  status_reason TEXT NOT NULL DEFAULT '',
  area TEXT NOT NULL DEFAULT 'JP',
  start_on TEXT NOT NULL,
  requested_end_on TEXT,
  cancel_notice_at INTEGER,
  end_on TEXT,
  access_end_on TEXT,
  billing_end_on TEXT,
  deletion_due_on TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX contracts_tenant ON contracts (tenant_id, id);
CREATE INDEX contracts_service ON contracts (service_id, status);

-- Plan changes, added services and contractor-detail changes: requested, decided, applied.
CREATE TABLE change_requests (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id),
  contract_id INTEGER,
  kind TEXT NOT NULL,
  plan_id INTEGER,
  details TEXT NOT NULL DEFAULT '{}',
  effective_on TEXT NOT NULL,
  late_notice INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'pending',
  requested_by TEXT NOT NULL,
  decided_by TEXT NOT NULL DEFAULT '',
  decision_message TEXT NOT NULL DEFAULT '',
  decided_at INTEGER,
  applied_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX change_requests_tenant ON change_requests (tenant_id, id);
CREATE INDEX change_requests_status ON change_requests (status, id);

-- Durable scheduled work: a row per job, claimed with a lease so exactly one instance runs it
-- and a restart loses nothing.
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  ref_id INTEGER NOT NULL,
  due_at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  lease_until INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  done_at INTEGER,
  UNIQUE (kind, ref_id, due_at)
);
CREATE INDEX jobs_due ON jobs (status, due_at);

-- Notices posted to contractors (TOS-21): tenant_id NULL = every contractor.
CREATE TABLE notices (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id INTEGER,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  ref TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
CREATE INDEX notices_tenant ON notices (tenant_id, id);

-- Contract events for shops, signed and retried with back-off.
CREATE TABLE webhook_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  shop_id INTEGER NOT NULL REFERENCES shops (id),
  event TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL,
  last_status INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  delivered_at INTEGER
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_at);
CREATE INDEX webhook_deliveries_shop ON webhook_deliveries (shop_id, id);

-- Each hand-over of personal data to a shop or the payment collection agent (TOS-18).
CREATE TABLE handovers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  recipient_kind TEXT NOT NULL,
  recipient TEXT NOT NULL,
  tenant_id INTEGER,
  purpose TEXT NOT NULL,
  fields TEXT NOT NULL,
  records INTEGER NOT NULL,
  actor TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

-- Reports of suspected prohibited acts (TOS-17).
CREATE TABLE reports (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  category TEXT NOT NULL,
  description TEXT NOT NULL,
  target TEXT NOT NULL DEFAULT '',
  reporter_name TEXT NOT NULL DEFAULT '',
  reporter_email TEXT NOT NULL DEFAULT '',
  contract_id INTEGER,
  status TEXT NOT NULL DEFAULT 'open',
  resolution TEXT NOT NULL DEFAULT '',
  handled_by TEXT NOT NULL DEFAULT '',
  handled_at INTEGER,
  created_at INTEGER NOT NULL
);
