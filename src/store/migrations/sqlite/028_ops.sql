-- Operations and service levels (SLA-1..8, CHK-19, WP-19): maintenance windows beyond the
-- regular rule, incidents with their services and updates, announcements and their deliveries.
-- The regular monthly window is computed from [ops] and never stored.
CREATE TABLE ops_maintenance (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,                 -- maintenance | planned_stop
  title TEXT NOT NULL,
  service_id INTEGER REFERENCES services (id), -- NULL: every service
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  announced_at INTEGER NOT NULL,
  within_notice INTEGER NOT NULL,     -- announced within its notice rule (SLA-2): excluded from planned time
  urgent INTEGER NOT NULL DEFAULT 0,
  urgent_reason TEXT NOT NULL DEFAULT '',
  cancelled INTEGER NOT NULL DEFAULT 0,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX ops_maintenance_time ON ops_maintenance (starts_at, ends_at);

CREATE TABLE ops_incidents (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  title TEXT NOT NULL,
  impact TEXT NOT NULL,               -- major_outage | partial_outage | degraded | none (a report not yet triaged)
  status TEXT NOT NULL,               -- reported | investigating | identified | monitoring | resolved
  source TEXT NOT NULL DEFAULT 'operator', -- operator | report
  started_at INTEGER NOT NULL,
  resolved_at INTEGER,
  detected_at INTEGER NOT NULL,
  notify_due_on TEXT NOT NULL,        -- WP-19: the business day by whose end members are told
  notified_at INTEGER,
  reach_half INTEGER NOT NULL DEFAULT 0, -- reached at least half the users (seed 004)
  postmortem TEXT NOT NULL DEFAULT '',
  reporter_name TEXT NOT NULL DEFAULT '',
  reporter_email TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX ops_incidents_time ON ops_incidents (started_at);

CREATE TABLE ops_incident_services (
  incident_id INTEGER NOT NULL REFERENCES ops_incidents (id),
  service_id INTEGER NOT NULL REFERENCES services (id),
  PRIMARY KEY (incident_id, service_id)
);

CREATE TABLE ops_incident_updates (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id INTEGER NOT NULL REFERENCES ops_incidents (id),
  status TEXT NOT NULL,
  body TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX ops_incident_updates_incident ON ops_incident_updates (incident_id, id);

CREATE TABLE ops_announcements (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  title_en TEXT NOT NULL DEFAULT '',  -- English text ('' = the Japanese is shown)
  body_en TEXT NOT NULL DEFAULT '',
  audience TEXT NOT NULL,             -- all | service | tenant
  service_id INTEGER REFERENCES services (id),
  tenant_id INTEGER REFERENCES tenants (id),
  publish_at INTEGER NOT NULL,
  effective_at INTEGER,               -- when the change or stop happens (notice rules)
  urgent INTEGER NOT NULL DEFAULT 0,
  urgent_reason TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX ops_announcements_publish ON ops_announcements (publish_at);

-- TOS-21: each delivery of an announcement is recorded with the mail that carried it.
CREATE TABLE ops_announcement_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  announcement_id INTEGER NOT NULL REFERENCES ops_announcements (id),
  tenant_id INTEGER NOT NULL REFERENCES tenants (id),
  to_addr TEXT NOT NULL,
  mail_id INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX ops_announcement_deliveries_a ON ops_announcement_deliveries (announcement_id);

-- Subscribers of the public status page by e-mail (double opt-in): the confirmation token is kept
-- as its SHA-256 only; the unsubscribe token goes in every mail for one-click unsubscribing and
-- can do nothing else.
CREATE TABLE ops_subscribers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT NOT NULL,
  lang TEXT NOT NULL DEFAULT 'ja',
  status TEXT NOT NULL DEFAULT 'pending', -- pending | active | removed
  confirm_hash TEXT NOT NULL,
  unsubscribe_token TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  confirmed_at INTEGER,
  removed_at INTEGER
);
CREATE INDEX ops_subscribers_confirm ON ops_subscribers (confirm_hash);
CREATE INDEX ops_subscribers_active ON ops_subscribers (status, id);
