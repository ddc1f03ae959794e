-- Receivables (TOS-7, TOS-8, TOS-13, TOS-20): a month's statement per contractor and shop becomes
-- an invoice issued in the shop's name with its qualified-invoice registration number; invoices
-- are never changed once issued (corrections are credit notes that name the invoice they
-- correct); payments come from the collection agent's result files or are recorded by hand and
-- are allocated to invoices; what no invoice takes stays as the contractor's credit with the shop.
ALTER TABLE shops ADD COLUMN invoice_registration_number TEXT NOT NULL DEFAULT '';

CREATE TABLE invoices (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  number TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,                 -- invoice | credit_note
  tenant_id INTEGER NOT NULL REFERENCES tenants (id),
  shop_id INTEGER NOT NULL REFERENCES shops (id),
  month TEXT NOT NULL,                -- YYYY-MM, the transaction period
  corrects_id INTEGER REFERENCES invoices (id),
  issuer_name TEXT NOT NULL,
  issuer_registration TEXT NOT NULL,
  recipient_name TEXT NOT NULL,
  lines TEXT NOT NULL,                -- JSON, as issued
  subtotal_10 INTEGER NOT NULL,
  tax_10 INTEGER NOT NULL,
  subtotal_8 INTEGER NOT NULL,
  tax_8 INTEGER NOT NULL,
  total INTEGER NOT NULL,             -- with tax; negative for a credit note
  reason TEXT NOT NULL DEFAULT '',
  issued_on TEXT NOT NULL,
  due_on TEXT NOT NULL,
  issued_by TEXT NOT NULL,
  issued_at INTEGER NOT NULL
);
-- One standing invoice per contractor, shop and month is checked when issuing (in a
-- serializable transaction): after a credit note the month is invoiced again under a new number.
CREATE INDEX invoices_pair_month ON invoices (tenant_id, shop_id, month);
CREATE INDEX invoices_tenant ON invoices (tenant_id, id);
CREATE INDEX invoices_shop ON invoices (shop_id, id);

CREATE TABLE payment_imports (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  sha256 TEXT NOT NULL UNIQUE,        -- the file's bytes: importing it again changes nothing
  filename TEXT NOT NULL DEFAULT '',
  encoding TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  applied INTEGER NOT NULL,
  unmatched TEXT NOT NULL,            -- JSON [{row, reason}]
  imported_by TEXT NOT NULL,
  imported_at INTEGER NOT NULL
);

CREATE TABLE payments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id),
  shop_id INTEGER NOT NULL REFERENCES shops (id),
  amount INTEGER NOT NULL,
  paid_on TEXT NOT NULL,
  source TEXT NOT NULL,               -- import | manual
  import_id INTEGER REFERENCES payment_imports (id),
  reference TEXT NOT NULL DEFAULT '',
  recorded_by TEXT NOT NULL,
  recorded_at INTEGER NOT NULL
);
CREATE INDEX payments_tenant_shop ON payments (tenant_id, shop_id);

CREATE TABLE payment_allocations (
  payment_id INTEGER NOT NULL REFERENCES payments (id),
  invoice_id INTEGER NOT NULL REFERENCES invoices (id),
  tenant_id INTEGER NOT NULL,
  amount INTEGER NOT NULL,
  PRIMARY KEY (payment_id, invoice_id)
);
CREATE INDEX payment_allocations_invoice ON payment_allocations (invoice_id);
