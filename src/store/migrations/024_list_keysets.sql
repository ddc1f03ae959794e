-- Keyset pages of a tenant's users (issue 20): the list reads "tenant_id = $1 AND id > $cursor
-- ORDER BY id", which this index answers at any depth (the login index orders by login).
CREATE INDEX users_tenant_id ON users (tenant_id, id);
