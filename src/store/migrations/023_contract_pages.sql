-- Keyset pages of a shop's contracts (newest first, ids below a cursor) read an index range, as
-- a tenant's do through contracts_tenant.
CREATE INDEX contracts_shop ON contracts (shop_id, id);
