-- Client certificates (SLA-22): a tenant's CA certificate (PEM) and whether its users must present
-- a TLS client certificate issued by it, in addition to password and second factor.
CREATE TABLE tenant_client_cas (
  tenant_id BIGINT PRIMARY KEY REFERENCES tenants (id),
  ca_pem TEXT NOT NULL,
  required INTEGER NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);
