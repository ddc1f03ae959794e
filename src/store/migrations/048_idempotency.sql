-- Answers of writes sent with an Idempotency-Key (issue 15 item 1): the row is inserted in the
-- same transaction as the write, so a retry finds out whether the write happened even when the
-- first attempt's COMMIT was lost; the answer (status, type, body sealed under a key derived from
-- the master key) is added right after. Rows live until expires_at ([idempotency] ttl_seconds).
CREATE TABLE idempotency_keys (
  tenant_id BIGINT NOT NULL,      -- the caller's tenant; 0 for the operator's staff and shops
  scope TEXT NOT NULL,         -- the caller: "user:12", "staff:3", "token:7" ...
  key TEXT NOT NULL,           -- the client's Idempotency-Key
  fingerprint TEXT NOT NULL,   -- SHA-256 (hex) of the method, path and body
  status BIGINT,                  -- NULL until the answer is stored
  content_type TEXT,
  body BYTEA,                    -- the sealed answer; NULL when it was not kept
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, scope, key)
);
CREATE INDEX idempotency_keys_expires ON idempotency_keys (expires_at);

-- The standing lease of the support reminders (breaches, personal-data requests): one instance
-- sends them (issue 15 item 2).
INSERT INTO leases (name) VALUES ('support.remind');
