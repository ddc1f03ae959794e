-- The address of a service (issue 10 item 15): where a contractor's users open it. An absolute
-- http or https URL, checked by the market code before it is stored; NULL when the shop has not
-- given one (the dashboard then shows the service without a link).
ALTER TABLE services ADD COLUMN url TEXT;

-- Art. 9-3 applies to change requests too (issue 10 item 19): a refused change request records
-- which of the four reasons (false_statement, technically_infeasible, past_breach, other) the
-- operator gave. NULL for requests decided before, and for those not refused.
ALTER TABLE change_requests ADD COLUMN refusal_reason TEXT;
