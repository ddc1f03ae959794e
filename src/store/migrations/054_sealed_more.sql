-- Personal data sealed beyond users, tenants and mail (store/seal_fields.h): applications,
-- change-request particulars, tickets and their messages, personal-data requests, breach
-- records, staff and status-page subscribers are sealed in place (same columns, "an1:" values).
-- Lookups by address go through blind indexes: a ticket's requester (under its tenant's index
-- key, the operator's for tickets of no tenant) and a status-page subscriber (operator key).
ALTER TABLE tickets ADD COLUMN requester_bidx TEXT NOT NULL DEFAULT '';
CREATE INDEX tickets_requester_bidx ON tickets (requester_bidx);
ALTER TABLE ops_subscribers ADD COLUMN email_bidx TEXT NOT NULL DEFAULT '';
CREATE INDEX ops_subscribers_email_bidx ON ops_subscribers (email_bidx);
