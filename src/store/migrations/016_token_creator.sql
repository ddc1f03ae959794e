-- API tokens are bound to the account that created them (H1): created_by_kind is 'user' (a
-- tenant user, for a tenant's tokens) or 'staff' (operator staff for operator tokens and tokens
-- the operator issues to a shop; the shop's own staff account for the tokens it makes), and
-- created_by_id is that account's id. A token stops working when its creator is suspended or
-- deleted, and grants no more than its creator holds at the time of use.
ALTER TABLE api_tokens ADD COLUMN created_by_kind TEXT NOT NULL DEFAULT 'user';
ALTER TABLE api_tokens ADD COLUMN created_by_id BIGINT;

-- Existing rows: created_by holds the creator's login at creation time. A tenant's token maps to
-- the user with that login in its tenant; any other token to the staff account with that login.
UPDATE api_tokens SET created_by_id =
  (SELECT u.id FROM users u
    WHERE u.tenant_id = api_tokens.tenant_id AND u.login = api_tokens.created_by)
  WHERE tenant_id IS NOT NULL;
UPDATE api_tokens SET created_by_kind = 'staff', created_by_id =
  (SELECT s.id FROM staff s WHERE s.login = api_tokens.created_by)
  WHERE tenant_id IS NULL;

-- Tokens whose creator cannot be found (deleted, or no such login) are REVOKED now, and so are
-- tokens whose creator is suspended today: the rule from here on is that a token dies with its
-- creator's account, and reinstating the account does not bring its tokens back.
-- @postgres
UPDATE api_tokens SET revoked_at = (EXTRACT(EPOCH FROM clock_timestamp()) * 1000000)::BIGINT
-- @sqlite
UPDATE api_tokens SET revoked_at = CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)
-- @end
  WHERE revoked_at IS NULL AND (created_by_id IS NULL
    OR (created_by_kind = 'user' AND NOT EXISTS
        (SELECT 1 FROM users u WHERE u.id = api_tokens.created_by_id AND u.status = 'active'))
    OR (created_by_kind = 'staff' AND NOT EXISTS
        (SELECT 1 FROM staff s WHERE s.id = api_tokens.created_by_id AND s.status = 'active')));

CREATE INDEX api_tokens_creator ON api_tokens (created_by_kind, created_by_id);

-- Ended sessions are purged after [session] retention_days (I4): by expiry or by revocation.
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_revoked ON sessions (revoked_at);
