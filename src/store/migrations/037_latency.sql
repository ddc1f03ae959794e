-- Response-time histograms (SLA-10, SLA-26): per hour (its start, microseconds since the epoch)
-- and route class (api, page, batch), the counts of each fixed bucket (core/latency.h: b0 up to
-- 5 ms ... b14 up to 30 min, b15 above), their total and the sum of the times. Every instance adds
-- its new counts to the hour's row, so a month's average and p95 survive restarts.
CREATE TABLE ops_latency_hours (
  hour_at BIGINT NOT NULL,
  class TEXT NOT NULL,
  count BIGINT NOT NULL DEFAULT 0,
  sum_us BIGINT NOT NULL DEFAULT 0,
  b0 BIGINT NOT NULL DEFAULT 0,
  b1 BIGINT NOT NULL DEFAULT 0,
  b2 BIGINT NOT NULL DEFAULT 0,
  b3 BIGINT NOT NULL DEFAULT 0,
  b4 BIGINT NOT NULL DEFAULT 0,
  b5 BIGINT NOT NULL DEFAULT 0,
  b6 BIGINT NOT NULL DEFAULT 0,
  b7 BIGINT NOT NULL DEFAULT 0,
  b8 BIGINT NOT NULL DEFAULT 0,
  b9 BIGINT NOT NULL DEFAULT 0,
  b10 BIGINT NOT NULL DEFAULT 0,
  b11 BIGINT NOT NULL DEFAULT 0,
  b12 BIGINT NOT NULL DEFAULT 0,
  b13 BIGINT NOT NULL DEFAULT 0,
  b14 BIGINT NOT NULL DEFAULT 0,
  b15 BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (hour_at, class)
);

-- Announcements are mailed at their publish time, not at posting (TOS-21): delivered_at is when
-- their audience was mailed (NULL = not yet; a job of `anshin serve` mails those due). Every
-- announcement before this migration was mailed when posted.
ALTER TABLE ops_announcements ADD COLUMN delivered_at BIGINT;
UPDATE ops_announcements SET delivered_at = created_at;
CREATE INDEX ops_announcements_undelivered ON ops_announcements (publish_at) WHERE delivered_at IS NULL;
