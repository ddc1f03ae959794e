-- Login and code-entry rate limits shared by every instance (SLA-21): one row per key and
-- fixed window, counted with an atomic upsert; old windows are swept by the market worker.
CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,
  window_start BIGINT NOT NULL,
  hits BIGINT NOT NULL
);
