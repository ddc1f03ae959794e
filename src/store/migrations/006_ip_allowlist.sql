-- Per-tenant IP address allowlist (CHK-10, WP-10): comma-separated CIDR ranges; empty = any.
ALTER TABLE tenants ADD COLUMN ip_allowlist TEXT NOT NULL DEFAULT '';
