-- An optional HTTP Basic credential gate per tenant (CHK-10): a second secret, in front of the
-- login, that every request of the tenant's users must carry. Only a keyed hash is stored.
ALTER TABLE tenants ADD COLUMN basic_user TEXT NOT NULL DEFAULT '';
ALTER TABLE tenants ADD COLUMN basic_hash TEXT NOT NULL DEFAULT '';
