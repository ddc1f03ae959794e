-- The audit log at scale: an index for every filter of the viewer, each ending in the sort key
-- (PostgreSQL: at, id: id is unique and given at insert, so unsealed events have their place too;
-- SQLite: at, then seq, the rowid every SQLite index carries), so a page is one index range read
-- from its cursor whatever its depth; and per-day counters, so the viewer shows a period's count
-- without counting events. (On SQLite every event is sealed, so seq IS NOT NULL holds for all.)
-- @postgres
DROP INDEX audit_events_tenant_at;
DROP INDEX audit_events_at;
CREATE INDEX audit_events_tenant_at ON audit_events (tenant_id, at, id);
CREATE INDEX audit_events_at ON audit_events (at, id);
CREATE INDEX audit_events_tenant_action_at ON audit_events (tenant_id, action, at, id);
CREATE INDEX audit_events_tenant_actor_at ON audit_events (tenant_id, actor_label, at, id);
CREATE INDEX audit_events_action_at ON audit_events (action, at, id);
CREATE INDEX audit_events_actor_at ON audit_events (actor_label, at, id);
-- @sqlite
CREATE INDEX audit_events_tenant_action_at ON audit_events (tenant_id, action, at);
CREATE INDEX audit_events_tenant_actor_at ON audit_events (tenant_id, actor_label, at);
CREATE INDEX audit_events_action_at ON audit_events (action, at);
CREATE INDEX audit_events_actor_at ON audit_events (actor_label, at);
-- @end

-- Events per JST day (day = (at / 1e6 + 9 h) / 1 day), tenant and action. tenant_id 0: events of
-- no tenant; -1: every event (the operator's totals); action '': every action. A period's count
-- is then one key range of at most a row a day. Maintained by the sequencer as it seals.
CREATE TABLE audit_day_counts (
  tenant_id BIGINT NOT NULL,
  day BIGINT NOT NULL,
  action TEXT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, action, day)
-- @postgres
);
-- @sqlite
) WITHOUT ROWID;
-- @end

INSERT INTO audit_day_counts (tenant_id, day, action, n)
  SELECT COALESCE(tenant_id, 0), (at / 1000000 + 32400) / 86400, action, COUNT(*)
  FROM audit_events WHERE seq IS NOT NULL GROUP BY 1, 2, 3;
INSERT INTO audit_day_counts (tenant_id, day, action, n)
  SELECT -1, (at / 1000000 + 32400) / 86400, action, COUNT(*)
  FROM audit_events WHERE seq IS NOT NULL GROUP BY 2, 3;
INSERT INTO audit_day_counts (tenant_id, day, action, n)
  SELECT COALESCE(tenant_id, 0), (at / 1000000 + 32400) / 86400, '', COUNT(*)
  FROM audit_events WHERE seq IS NOT NULL GROUP BY 1, 2;
INSERT INTO audit_day_counts (tenant_id, day, action, n)
  SELECT -1, (at / 1000000 + 32400) / 86400, '', COUNT(*)
  FROM audit_events WHERE seq IS NOT NULL GROUP BY 2;
