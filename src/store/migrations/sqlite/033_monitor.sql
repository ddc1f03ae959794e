-- Monitoring (SLA-7, CHK-3, CHK-5, MARK-2-1-4): the built-in probes' current state (one row per
-- probe: since when it is in that state, when its failure was alerted) and their samples over
-- time, as the monitor thread of `anshin serve` takes them.
CREATE TABLE monitor_probes (
  name TEXT PRIMARY KEY,
  ok INTEGER NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  value INTEGER,
  checked_at INTEGER NOT NULL,
  since INTEGER NOT NULL,
  alerted_at INTEGER,
  report_id INTEGER
);

CREATE TABLE monitor_samples (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  probe TEXT NOT NULL,
  ok INTEGER NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  value INTEGER,
  at INTEGER NOT NULL
);
CREATE INDEX monitor_samples_at ON monitor_samples (at);

-- The standing lease of the monitor thread: one instance probes and alerts.
INSERT INTO leases (name) VALUES ('ops.monitor');
