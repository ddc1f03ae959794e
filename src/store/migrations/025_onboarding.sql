-- Onboarding (issue 10): single-use links to set a password instead of passwords in mail, an
-- e-mail address for staff (where their links go), and the operator's own particulars (legal name,
-- address, representative, contact, qualified-invoice registration number) for mails and
-- documents.
CREATE TABLE password_links (
  id BIGSERIAL PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,        -- SHA-256 of the token, hex; the token itself is only in the mail
  subject_kind TEXT NOT NULL,             -- 'user' or 'staff'
  subject_id BIGINT NOT NULL,
  tenant_id BIGINT NOT NULL DEFAULT 0,   -- the user's tenant; 0 for staff
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT NOT NULL DEFAULT 0,     -- 0 = not used
  revoked_at BIGINT NOT NULL DEFAULT 0   -- 0 = not replaced by a newer link
);
CREATE INDEX password_links_subject ON password_links (subject_kind, subject_id);

ALTER TABLE staff ADD COLUMN email TEXT NOT NULL DEFAULT '';

CREATE TABLE operator_profile (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  legal_name TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  representative TEXT NOT NULL DEFAULT '',
  contact TEXT NOT NULL DEFAULT '',
  invoice_number TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL DEFAULT 0
);
INSERT INTO operator_profile (id) VALUES (1);
