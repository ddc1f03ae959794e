/* Receivables (TOS-7, TOS-8, TOS-13, TOS-20): invoices in each shop's name, payments from the
 * collection agent or by hand, balances with ageing, and the amounts due at a cancellation
 * notice or a termination.
 *
 * Rules (docs/architecture.md, "Receivables"):
 * - A closed month's statement per contractor and shop becomes one invoice, issued in the shop's
 *   name with its qualified-invoice registration number (T + 13 digits; without one the invoice
 *   is issued but marked not qualified). The tax is the statement's: once per rate, rounded down.
 * - An issued invoice never changes. A correction is a credit note that names it and reverses
 *   what is left of it; the month can then be invoiced again.
 * - A payment is allocated to the invoice it names, then to the oldest open invoices of the same
 *   contractor and shop; what is left is the contractor's credit with that shop and is taken by
 *   the next invoice. Importing the same result file twice changes nothing.
 * - Due at once at a notice (Art. 12-2) or a termination (Art. 13): every open invoice, plus the
 *   fees up to that day not yet invoiced, less the credit; what is still charged from the next
 *   day to the end date is stated apart. */
#ifndef AN_MARKET_RECEIVABLES_H
#define AN_MARKET_RECEIVABLES_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/ctx.h"
#include "core/errors.h"
#include "store/contracts.h"
#include "store/db.h"
#include "store/receivables.h"

/* What is left to pay of an invoice (0 for a credit note). */
int64_t an_invoice_open(const struct an_invoice *inv);

/* Issues the invoices of month "YYYY-MM" (a closed month: before the current JST month) for
 * every contractor and shop with charges, skipping those already invoiced. Operator only.
 * *out {month, issued: [numbers], skipped}. INVALID_FIELD for a bad month, RECV_MONTH_OPEN for
 * the current or a later month. */
enum an_ec an_invoices_issue(const struct an_ctx *ctx, struct an_db *db, const char *month,
                             json_t **out);
/* {"items": [...]}: the operator's every invoice, a contractor's own, a shop's own. */
enum an_ec an_invoice_list(const struct an_ctx *ctx, struct an_db *db, json_t **out);
/* One invoice in the caller's scope; NOT_FOUND outside it. */
enum an_ec an_invoice_get(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **out);
/* The caller's invoice id (as an_invoice_get) as a struct, for the printable copy. */
enum an_ec an_invoice_read(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                           struct an_invoice *out);
/* A credit note reversing what is left of invoice id, with reason (1..500 characters). Operator
 * only. RECV_NOTHING_TO_CREDIT when the invoice is a credit note or fully credited. */
enum an_ec an_invoice_credit(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                             const char *reason, json_t **out);
/* Sets a shop's qualified-invoice registration number ("" clears it). Operator, or the shop's
 * own staff. INVALID_FIELD when not T + 13 digits. */
enum an_ec an_shop_set_invoice_registration(const struct an_ctx *ctx, struct an_db *db,
                                            int64_t shop_id, const char *number, json_t **out);

/* Imports a collection agent's result file (CSV, UTF-8 with or without BOM, or CP932), its
 * columns as [receivables] import_columns says. Operator only. *out {import, rows: [{row,
 * invoice_number, amount, outcome: full|partial|over|unmatched, reason?}], duplicate}. A file
 * imported before answers its first import with duplicate true and changes nothing.
 * INVALID_FIELD (*bad names the problem) for a file that is not CSV in either encoding. */
enum an_ec an_payments_import(const struct an_ctx *ctx, struct an_db *db, const char *bytes,
                              size_t len, const char *filename, json_t **out, const char **bad);
struct an_payment_in {
  const char *invoice_number, *paid_on, *reference;
  int64_t amount;
};
/* Records a payment by hand against an invoice's contractor and shop (allocated as an imported
 * one). Operator only. INVALID_FIELD (*bad) for an unknown invoice, a bad date or amount. */
enum an_ec an_payment_record(const struct an_ctx *ctx, struct an_db *db,
                             const struct an_payment_in *in, json_t **out, const char **bad);
/* {"items": [...]}: the operator's every payment, a contractor's own. */
enum an_ec an_payment_list(const struct an_ctx *ctx, struct an_db *db, json_t **out);
/* Allocates the pair's unallocated payments to its open invoices, oldest first. Returns 1 or
 * an error. */
int an_receivables_settle(struct an_db *db, int64_t tenant_id, int64_t shop_id);

/* Balances per contractor and shop in the caller's scope with ageing by days past due on
 * as_of (today): current, 1-30, 31-60, 61-90, 91+; and the credit. */
enum an_ec an_receivables_balances(const struct an_ctx *ctx, struct an_db *db, json_t **out);

/* What a notice on `notice` (cancellation, Art. 12-2) or a termination that day (Art. 13)
 * makes due at once for the contract's contractor and shop, and what is still charged from the
 * next day through `end`. */
struct an_due {
  int64_t open_invoices, accrued, credit, due_now, until_end;
};
int an_receivables_due(struct an_db *db, const struct an_contract *c, struct an_date notice,
                       struct an_date end, struct an_due *out);
json_t *an_due_json(const struct an_due *d);

/* The caller's invoices / balances as CSV (UTF-8 with BOM; headers in lang); *csv malloc'd. */
enum an_ec an_invoices_csv(const struct an_ctx *ctx, struct an_db *db, const char *lang, char **csv,
                           size_t *len);
enum an_ec an_balances_csv(const struct an_ctx *ctx, struct an_db *db, const char *lang, char **csv,
                           size_t *len);

/* The caller's invoice id (as an_invoice_get) as a PDF laid out as a qualified invoice, labels in
 * lang; *pdf malloc'd (*len bytes), *filename malloc'd ("<number>.pdf"). NOT_FOUND outside the
 * caller's scope. */
enum an_ec an_invoice_pdf(const struct an_ctx *ctx, struct an_db *db, int64_t id, const char *lang,
                          unsigned char **pdf, size_t *len, char **filename);

#endif
