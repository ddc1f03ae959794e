-- Public applications are confirmed from the applicant's mailbox before they reach the operator
-- (issue 8, M6): the application waits as 'unconfirmed' with the SHA-256 of a one-time token
-- mailed to the responsible person, valid until confirm_expires_at.
ALTER TABLE applications ADD COLUMN confirm_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN confirm_expires_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE applications ADD COLUMN confirmed_at BIGINT;
CREATE INDEX applications_confirm ON applications (confirm_hash);
