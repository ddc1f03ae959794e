-- The language a person reads the server's messages in (mails, portal notices): 'ja' or 'en',
-- Japanese unless chosen. Users and staff choose their own; a tenant's responsible person and an
-- applicant get the language of the application (the form's language when it was sent).
ALTER TABLE users ADD COLUMN lang TEXT NOT NULL DEFAULT 'ja';
ALTER TABLE staff ADD COLUMN lang TEXT NOT NULL DEFAULT 'ja';
ALTER TABLE tenants ADD COLUMN lang TEXT NOT NULL DEFAULT 'ja';
ALTER TABLE applications ADD COLUMN lang TEXT NOT NULL DEFAULT 'ja';
-- Portal notices are written in both languages; each reader sees theirs.
ALTER TABLE notices ADD COLUMN title_en TEXT NOT NULL DEFAULT '';
ALTER TABLE notices ADD COLUMN body_en TEXT NOT NULL DEFAULT '';
