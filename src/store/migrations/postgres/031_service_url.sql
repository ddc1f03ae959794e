-- The address of a service (issue 10 item 15): where a contractor's users open it. An absolute
-- http or https URL, checked by the market code before it is stored; NULL when the shop has not
-- given one (the dashboard then shows the service without a link).
ALTER TABLE services ADD COLUMN url TEXT;
