-- Usage metering (SLA-11, TOS-20): a plan's metered dimensions with a unit price in yen and a tax
-- rate, and the usage shops report per contract, dimension and hour. A report is kept once per
-- shop and idempotency key: sending it again changes nothing.
CREATE TABLE plan_meters (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  plan_id INTEGER NOT NULL REFERENCES plans (id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  unit TEXT NOT NULL,
  unit_price INTEGER NOT NULL,        -- yen per unit, before tax
  tax_rate INTEGER NOT NULL,          -- 10 | 8
  created_at INTEGER NOT NULL,
  UNIQUE (plan_id, code)
);

CREATE TABLE usage_reports (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id),
  shop_id INTEGER NOT NULL REFERENCES shops (id),
  contract_id INTEGER NOT NULL REFERENCES contracts (id),
  meter_id INTEGER NOT NULL REFERENCES plan_meters (id),
  quantity INTEGER NOT NULL,
  hour TEXT NOT NULL,                 -- RFC 3339 UTC, truncated to the hour
  month TEXT NOT NULL,                -- YYYY-MM of the hour in JST, the statement it goes to
  idempotency_key TEXT NOT NULL,
  reported_by TEXT NOT NULL,
  reported_at INTEGER NOT NULL,
  UNIQUE (shop_id, idempotency_key)
);
CREATE INDEX usage_reports_tenant_month ON usage_reports (tenant_id, month);
CREATE INDEX usage_reports_contract ON usage_reports (contract_id, month);
