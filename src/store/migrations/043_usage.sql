-- API calls per tenant and Japanese (JST) calendar day (WP-15, SLA-11): every instance counts the
-- requests made in a tenant's scope in memory and adds them to the day's row about once an hour
-- and at stop; GET /api/v1/usage adds what the answering instance has not written yet.
CREATE TABLE tenant_api_calls (
  tenant_id BIGINT NOT NULL,
  day TEXT NOT NULL,
  count BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, day)
);
