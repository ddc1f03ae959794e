-- Edits of the catalogue (issue 10 item 5). A fee increase on a plan with live contracts is a
-- material change (MARK-4-4-1): it waits for its notice period in these two columns and the
-- market worker applies it on pending_fee_on ("plan.fee_apply"). NULL when none is pending.
ALTER TABLE plans ADD COLUMN pending_monthly_fee BIGINT;
ALTER TABLE plans ADD COLUMN pending_fee_on TEXT;

-- The application's confirmations (issue 10 item 20, Art. 26, MARK-4-1-3): the applicant
-- confirmed the privacy policy and declared not being an anti-social force (1; 0 for
-- applications made before these were asked).
ALTER TABLE applications ADD COLUMN privacy_confirmed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE applications ADD COLUMN antisocial_declared INTEGER NOT NULL DEFAULT 0;

-- The contract's service area (TOS-11): set by the operator at approval, 日本国内 by default.
ALTER TABLE contracts ADD COLUMN service_area TEXT NOT NULL DEFAULT '日本国内';

-- Art. 4 (issue 10 item 18): a tenant's acknowledgement of a material terms version, recorded
-- like TOS-1 consent (who, when, from where). Until its admin acknowledges, its users are asked
-- at login.
CREATE TABLE terms_acknowledgements (
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  document_id BIGINT NOT NULL REFERENCES documents (id),
  user_id BIGINT NOT NULL,
  ip TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, document_id)
);
