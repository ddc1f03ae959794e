-- The support desk, continued (issue 13).
-- Response targets per plan (item 1): a plan may set its own first-response and resolution
-- targets (open minutes) per ticket category; a ticket about a contract takes its plan's, and
-- records which contract and plan its targets came from (0: the defaults).
CREATE TABLE support_plan_targets (
  plan_id BIGINT NOT NULL,
  category TEXT NOT NULL,
  first_response_minutes BIGINT NOT NULL,
  resolution_minutes BIGINT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (plan_id, category)
);
ALTER TABLE tickets ADD COLUMN contract_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN plan_id BIGINT NOT NULL DEFAULT 0;

-- Prohibited-act reports (TOS-17, MARK-4-2-3; item 2) are tickets of category prohibited_act:
-- what the report adds to its ticket (the act, what it concerns, the contract and the outcome)
-- is kept here, one row per ticket. legacy_id: the receipt number a report filed before the
-- move was given (its ticket has a new id).
CREATE TABLE ticket_reports (
  ticket_id BIGINT PRIMARY KEY REFERENCES tickets (id),
  act TEXT NOT NULL,
  target TEXT NOT NULL DEFAULT '',
  contract_id BIGINT,
  resolution TEXT NOT NULL DEFAULT '',
  handled_by TEXT NOT NULL DEFAULT '',
  handled_at BIGINT,
  legacy_id BIGINT
);
INSERT INTO tickets (tenant_id, shop_id, ref, channel, category, status, subject, requester_name,
                     requester_email, lang, first_response_minutes, resolution_minutes,
                     first_response_due_us, resolution_due_us, clock_from_us, first_response_at,
                     resolved_at, created_at, updated_at)
-- @postgres
SELECT 0, 0, 'S-' || upper(lpad(to_hex(id), 10, '0')), 'public', 'prohibited_act',
-- @sqlite
SELECT 0, 0, 'S-' || printf('%010X', id), 'public', 'prohibited_act',
-- @end
       CASE WHEN status = 'handled' THEN 'resolved' ELSE 'open' END,
       '禁止事項の通報（' || category || '）', reporter_name, reporter_email, 'ja', 240, 2400,
       created_at, CASE WHEN status = 'handled' THEN NULL ELSE created_at END,
       CASE WHEN status = 'handled' THEN NULL ELSE created_at END, handled_at, handled_at,
       created_at, COALESCE(handled_at, created_at)
FROM reports ORDER BY id;
INSERT INTO ticket_reports (ticket_id, act, target, contract_id, resolution, handled_by, handled_at,
                            legacy_id)
SELECT t.id, r.category, r.target, r.contract_id, r.resolution, r.handled_by, r.handled_at, r.id
-- @postgres
FROM reports r JOIN tickets t ON t.ref = 'S-' || upper(lpad(to_hex(r.id), 10, '0'));
-- @sqlite
FROM reports r JOIN tickets t ON t.ref = 'S-' || printf('%010X', r.id);
-- @end
INSERT INTO ticket_events (ticket_id, tenant_id, kind, internal, author_kind, author_label, body,
                           detail, created_at)
-- @postgres
SELECT t.id, 0, 'message', 0, 'requester', r.reporter_email, r.description, 'report:' || r.id::text,
-- @sqlite
SELECT t.id, 0, 'message', 0, 'requester', r.reporter_email, r.description, 'report:' || r.id,
-- @end
       r.created_at
-- @postgres
FROM reports r JOIN tickets t ON t.ref = 'S-' || upper(lpad(to_hex(r.id), 10, '0'));
-- @sqlite
FROM reports r JOIN tickets t ON t.ref = 'S-' || printf('%010X', r.id);
-- @end
INSERT INTO ticket_events (ticket_id, tenant_id, kind, internal, author_kind, author_label, body,
                           detail, created_at)
-- @postgres
SELECT t.id, 0, 'resolution', 1, 'staff', r.handled_by, r.resolution, 'report:' || r.id::text,
-- @sqlite
SELECT t.id, 0, 'resolution', 1, 'staff', r.handled_by, r.resolution, 'report:' || r.id,
-- @end
       r.handled_at
-- @postgres
FROM reports r JOIN tickets t ON t.ref = 'S-' || upper(lpad(to_hex(r.id), 10, '0'))
-- @sqlite
FROM reports r JOIN tickets t ON t.ref = 'S-' || printf('%010X', r.id)
-- @end
WHERE r.status = 'handled';
DROP TABLE reports;

-- Personal-data requests (item 3): what was carried out when one was granted (a correction,
-- an account disabled or deleted), and the deadline reminders already sent (comma-separated:
-- "before", "overdue").
ALTER TABLE pd_requests ADD COLUMN carried_out TEXT NOT NULL DEFAULT '';
ALTER TABLE pd_requests ADD COLUMN reminded TEXT NOT NULL DEFAULT '';
