-- Retention purging keeps the chain verifiable: the newest checkpoint names the last purged
-- event and its MAC, from which verification continues; an audit.purge event in the chain
-- vouches for each checkpoint.
CREATE TABLE audit_checkpoints (
  seq INTEGER PRIMARY KEY,
  mac BLOB NOT NULL,
  cutoff INTEGER NOT NULL,
  purged INTEGER NOT NULL,
  at INTEGER NOT NULL
);
