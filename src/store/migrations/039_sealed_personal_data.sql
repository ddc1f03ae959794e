-- Personal data sealed per tenant (issue 14 item 1). The wrapped data keys move out of tenants
-- into their own key store, which data backups leave out, so destroying one there shreds the
-- tenant's sealed values in every older backup too. users.email_bidx is the blind index (keyed
-- HMAC) of the sealed e-mail address for equality lookups. Existing plaintext values are sealed
-- by the batch migration (`anshin seal migrate`, also run at start): SQL cannot seal them.
CREATE TABLE tenant_keys (
  tenant_id BIGINT PRIMARY KEY,
  dek_wrapped BYTEA NOT NULL
);
INSERT INTO tenant_keys (tenant_id, dek_wrapped)
  SELECT id, dek_wrapped FROM tenants WHERE length(dek_wrapped) > 0;
UPDATE tenants SET dek_wrapped = '\x'::bytea;
ALTER TABLE users ADD COLUMN email_bidx TEXT NOT NULL DEFAULT '';
CREATE INDEX users_email_bidx ON users (email_bidx);
-- The blind index of a mail's sealed recipient address (under the key that sealed it), so the
-- mails sent to one person can still be found (personal-data requests).
ALTER TABLE mail_outbox ADD COLUMN to_bidx TEXT NOT NULL DEFAULT '';
CREATE INDEX mail_outbox_to_bidx ON mail_outbox (to_bidx);
