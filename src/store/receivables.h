/* Receivables: invoices and credit notes (immutable once written), payments, the import files
 * they came from, and the allocation of payments to invoices. Every contractor-facing read takes a
 * tenant id > 0 or a shop id > 0; operator-wide reads are the ..._all functions. Rows are typed
 * structs bound by column name (core/spec.h). */
#ifndef AN_STORE_RECEIVABLES_H
#define AN_STORE_RECEIVABLES_H
#include <stddef.h>
#include <stdint.h>

#include "core/spec.h"
#include "store/db.h"

/* An invoice (kind "invoice") or a credit note (kind "credit_note", negative amounts, corrects_id
 * set). paid and credited are summed at read: the payments allocated to an invoice and the credit
 * notes that correct it (as a positive amount). */
struct an_invoice {
  int64_t id;
  char *number, *kind;
  int64_t tenant_id, shop_id;
  char *month;
  int64_t corrects_id;
  char *issuer_name, *issuer_registration, *recipient_name, *lines;
  int64_t subtotal_10, tax_10, subtotal_8, tax_8, total;
  char *reason, *issued_on, *due_on, *issued_by;
  int64_t issued_at;
  int64_t paid, credited;
  char *company_code, *shop_name;
  uint64_t nulls;
};
extern const struct an_spec an_invoice_spec;

/* What an invoice or a credit note is written with (corrects_id 0: none). */
struct an_invoice_new {
  const char *number, *kind, *month, *issuer_name, *issuer_registration, *recipient_name, *lines,
      *reason, *issued_on, *due_on, *issued_by;
  int64_t tenant_id, shop_id, corrects_id, subtotal_10, tax_10, subtotal_8, tax_8, total, issued_at;
};
/* Writes a new invoice or credit note. *id set. Returns 1 or an error. */
int an_store_invoice_insert(struct an_db *db, const struct an_invoice_new *inv, int64_t *id);
/* One invoice of the tenant / of the shop / anyone's. Returns 1, 0 or an error. */
int an_store_invoice_get(struct an_db *db, int64_t tenant_id, int64_t id, struct an_invoice *out);
int an_store_invoice_get_shop(struct an_db *db, int64_t shop_id, int64_t id,
                              struct an_invoice *out);
int an_store_invoice_get_all(struct an_db *db, int64_t id, struct an_invoice *out);
/* The invoice (kind invoice) numbered number. Returns 1, 0 or an error. */
int an_store_invoice_by_number_all(struct an_db *db, const char *number, struct an_invoice *out);
/* Newest first, at most 1000: the tenant's, the shop's, everyone's. */
int an_store_invoices_tenant(struct an_db *db, int64_t tenant_id, struct an_invoice **items,
                             size_t *n);
int an_store_invoices_shop(struct an_db *db, int64_t shop_id, struct an_invoice **items, size_t *n);
int an_store_invoices_all(struct an_db *db, struct an_invoice **items, size_t *n);
/* The invoices (kind invoice) of one tenant with one shop, oldest first. */
int an_store_invoices_pair(struct an_db *db, int64_t tenant_id, int64_t shop_id,
                           struct an_invoice **items, size_t *n);
/* The number of credit notes that correct invoice id. Returns the count or an error. */
int an_store_invoice_credit_count(struct an_db *db, int64_t tenant_id, int64_t id);

/* The issuer's particulars of a shop: name and qualified-invoice registration number. */
struct an_shop_billing {
  int64_t id;
  char *code, *name, *invoice_registration_number;
  uint64_t nulls;
};
extern const struct an_spec an_shop_billing_spec;
int an_store_shop_billing(struct an_db *db, int64_t shop_id, struct an_shop_billing *out);
/* Sets the shop's registration number. Returns 1, 0 when no such shop, or an error. */
int an_store_shop_set_registration(struct an_db *db, int64_t shop_id, const char *number,
                                   int64_t now);

/* A payment; allocated is summed at read. */
struct an_payment {
  int64_t id, tenant_id, shop_id, amount;
  char *paid_on, *source;
  int64_t import_id;
  char *reference, *recorded_by;
  int64_t recorded_at, allocated;
  uint64_t nulls;
};
extern const struct an_spec an_payment_spec;

/* What a payment is written with (import_id 0: none). */
struct an_payment_new {
  int64_t tenant_id, shop_id, amount, import_id, recorded_at;
  const char *paid_on, *source, *reference, *recorded_by;
};
/* *id set. */
int an_store_payment_insert(struct an_db *db, const struct an_payment_new *p, int64_t *id);
/* The payments of one tenant with one shop, oldest first. */
int an_store_payments_pair(struct an_db *db, int64_t tenant_id, int64_t shop_id,
                           struct an_payment **items, size_t *n);
/* The tenant's payments / everyone's, newest first, at most 1000. */
int an_store_payments_tenant(struct an_db *db, int64_t tenant_id, struct an_payment **items,
                             size_t *n);
int an_store_payments_all(struct an_db *db, struct an_payment **items, size_t *n);
int an_store_allocation_insert(struct an_db *db, int64_t payment_id, int64_t invoice_id,
                               int64_t tenant_id, int64_t amount);
/* Removes the allocations to the tenant's invoice id (it was credited). */
int an_store_allocations_release(struct an_db *db, int64_t tenant_id, int64_t invoice_id);

/* An import of a collection agent's result file. */
struct an_payment_import {
  int64_t id;
  char *sha256, *filename, *encoding;
  int64_t row_count, applied;
  char *unmatched, *imported_by;
  int64_t imported_at;
  uint64_t nulls;
};
extern const struct an_spec an_payment_import_spec;
/* The import of the file with this hash. Returns 1, 0 or an error. */
int an_store_payment_import_find(struct an_db *db, const char *sha256,
                                 struct an_payment_import *out);
struct an_payment_import_new {
  const char *sha256, *filename, *encoding, *imported_by;
  int64_t row_count, imported_at;
};
int an_store_payment_import_insert(struct an_db *db, const struct an_payment_import_new *im,
                                   int64_t *id);
int an_store_payment_import_finish(struct an_db *db, int64_t id, int64_t applied,
                                   const char *unmatched);

/* The (tenant, shop) pairs that have an invoice or a payment: *pairs gets 2 x *n ids. */
int an_store_receivable_pairs_all(struct an_db *db, int64_t **pairs, size_t *n);
int an_store_receivable_pairs_tenant(struct an_db *db, int64_t tenant_id, int64_t **pairs,
                                     size_t *n);
int an_store_receivable_pairs_shop(struct an_db *db, int64_t shop_id, int64_t **pairs, size_t *n);

/* Dunning (issue 17 item 3): every invoice (kind invoice) due before today ("YYYY-MM-DD"), not
 * credited and not paid in full, oldest first, at most 1000. Operator-wide: the dunning job's. */
int an_store_invoices_overdue_all(struct an_db *db, const char *today, struct an_invoice **items,
                                  size_t *n);

#endif
