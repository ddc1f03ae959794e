-- Retention purging keeps the chain verifiable: the newest checkpoint names the last purged
-- event and its MAC, from which verification continues; an audit.purge event in the chain
-- vouches for each checkpoint.
CREATE TABLE audit_checkpoints (
  seq BIGINT PRIMARY KEY,
  mac BYTEA NOT NULL,
  cutoff BIGINT NOT NULL,
  purged BIGINT NOT NULL,
  at BIGINT NOT NULL
);
