#include "store/receivables.h"

#include <stdlib.h>

#include "store/columns.h"
#include "store/query.h"
#include "store/rows.h"

/* clang-format off */
#define INVOICE_COLS(F, N)                                                                         \
  F(id, I, "i.id") N(number, T, "i.number") N(kind, T, "i.kind") N(tenant_id, I, "i.tenant_id")    \
  N(shop_id, I, "i.shop_id") N(month, T, "i.month") N(corrects_id, I0, "i.corrects_id")            \
  N(issuer_name, T, "i.issuer_name") N(issuer_registration, T, "i.issuer_registration")            \
  N(recipient_name, T, "i.recipient_name") N(lines, T, "i.lines")                                  \
  N(subtotal_10, I, "i.subtotal_10") N(tax_10, I, "i.tax_10") N(subtotal_8, I, "i.subtotal_8")     \
  N(tax_8, I, "i.tax_8") N(total, I, "i.total") N(reason, T, "i.reason")                           \
  N(issued_on, T, "i.issued_on") N(due_on, T, "i.due_on") N(issued_by, T, "i.issued_by")           \
  N(issued_at, TM, "i.issued_at")                                                                  \
  N(paid, I0, "CAST(COALESCE((SELECT SUM(a.amount) FROM payment_allocations a WHERE "              \
      "a.invoice_id = i.id), 0) AS BIGINT)")                                                       \
  N(credited, I0, "CAST(COALESCE((SELECT -SUM(c.total) FROM invoices c WHERE c.corrects_id "       \
      "= i.id), 0) AS BIGINT)")                                                                    \
  N(company_code, T0, "t.company_code") N(shop_name, T0, "s.name")
/* clang-format on */
#define T struct an_invoice
AN_COL_SPEC(, an_invoice_spec, INVOICE_COLS);
#undef T

/* Every column of the spec: the sums over allocations and correcting credit notes, and the
 * contractor's company code and the shop's name for lists. */
#define INVOICE_SELECT                                                                             \
  "SELECT " INVOICE_COLS(AN_COL_SQL1, AN_COL_SQL) " FROM invoices i JOIN tenants t ON t.id = "     \
                                                  "i.tenant_id JOIN shops s ON s.id = i.shop_id "

int an_store_invoice_insert(struct an_db *db, const struct an_invoice_new *v, int64_t *id)
{
  static const char SQL[] =
      "INSERT INTO invoices (number, kind, tenant_id, shop_id, month, corrects_id, issuer_name, "
      "issuer_registration, recipient_name, lines, subtotal_10, tax_10, subtotal_8, tax_8, "
      "total, reason, issued_on, due_on, issued_by, issued_at) VALUES ($1, $2, $3, $4, $5, $6, "
      "$7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) RETURNING id";
  return an_db_query(db, SQL,
                     AN_ARGS(AN_P_TEXT(v->number), AN_P_TEXT(v->kind), AN_P_INT(v->tenant_id),
                             AN_P_INT(v->shop_id), AN_P_TEXT(v->month),
                             v->corrects_id ? AN_P_INT(v->corrects_id) : AN_P_NULL,
                             AN_P_TEXT(v->issuer_name), AN_P_TEXT(v->issuer_registration),
                             AN_P_TEXT(v->recipient_name), AN_P_TEXT(v->lines),
                             AN_P_INT(v->subtotal_10), AN_P_INT(v->tax_10), AN_P_INT(v->subtotal_8),
                             AN_P_INT(v->tax_8), AN_P_INT(v->total),
                             AN_P_TEXT(v->reason ? v->reason : ""), AN_P_TEXT(v->issued_on),
                             AN_P_TEXT(v->due_on), AN_P_TEXT(v->issued_by), AN_P_INT(v->issued_at)),
                     an_store_int_cb, id);
}

int an_store_invoice_get(struct an_db *db, int64_t tenant_id, int64_t id, struct an_invoice *out)
{
  static const char SQL[] = INVOICE_SELECT "WHERE i.tenant_id = $1 AND i.id = $2";
  return an_store_scoped_typed_row(db, tenant_id, __func__, SQL,
                                   AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(id)), &an_invoice_spec,
                                   out);
}

int an_store_invoice_get_shop(struct an_db *db, int64_t shop_id, int64_t id, struct an_invoice *out)
{
  static const char SQL[] = INVOICE_SELECT "WHERE i.shop_id = $1 AND i.id = $2";
  return an_store_scoped_typed_row(db, shop_id, __func__, SQL,
                                   AN_ARGS(AN_P_INT(shop_id), AN_P_INT(id)), &an_invoice_spec, out);
}

int an_store_invoice_get_all(struct an_db *db, int64_t id, struct an_invoice *out)
{
  static const char SQL[] = INVOICE_SELECT "WHERE i.id = $1";
  return an_store_typed_row(db, SQL, AN_ARGS(AN_P_INT(id)), &an_invoice_spec, out);
}

int an_store_invoice_by_number_all(struct an_db *db, const char *number, struct an_invoice *out)
{
  static const char SQL[] = INVOICE_SELECT "WHERE i.number = $1 AND i.kind = 'invoice'";
  return an_store_typed_row(db, SQL, AN_ARGS(AN_P_TEXT(number)), &an_invoice_spec, out);
}

static int invoices(struct an_db *db, const char *sql, const struct an_db_param *p, size_t n,
                    struct an_invoice **items, size_t *count)
{
  return an_store_typed_rows(db, sql, p, n, &an_invoice_spec, (void **)items, count);
}

int an_store_invoices_tenant(struct an_db *db, int64_t tenant_id, struct an_invoice **items,
                             size_t *n)
{
  static const char SQL[] = INVOICE_SELECT "WHERE i.tenant_id = $1 ORDER BY i.id DESC LIMIT 1000";
  struct an_db_param p[] = {AN_P_INT(tenant_id)};
  *items = NULL, *n = 0;
  return an_store_scoped(tenant_id, __func__) ? invoices(db, SQL, p, 1, items, n) : 0;
}

int an_store_invoices_shop(struct an_db *db, int64_t shop_id, struct an_invoice **items, size_t *n)
{
  static const char SQL[] = INVOICE_SELECT "WHERE i.shop_id = $1 ORDER BY i.id DESC LIMIT 1000";
  struct an_db_param p[] = {AN_P_INT(shop_id)};
  *items = NULL, *n = 0;
  return an_store_scoped(shop_id, __func__) ? invoices(db, SQL, p, 1, items, n) : 0;
}

int an_store_invoices_all(struct an_db *db, struct an_invoice **items, size_t *n)
{
  static const char SQL[] = INVOICE_SELECT "ORDER BY i.id DESC LIMIT 1000";
  return invoices(db, SQL, NULL, 0, items, n);
}

int an_store_invoices_pair(struct an_db *db, int64_t tenant_id, int64_t shop_id,
                           struct an_invoice **items, size_t *n)
{
  static const char SQL[] = INVOICE_SELECT
      "WHERE i.tenant_id = $1 AND i.shop_id = $2 AND i.kind = 'invoice' ORDER BY i.month, i.id";
  struct an_db_param p[] = {AN_P_INT(tenant_id), AN_P_INT(shop_id)};
  *items = NULL, *n = 0;
  return an_store_scoped(tenant_id, __func__) ? invoices(db, SQL, p, 2, items, n) : 0;
}

int an_store_invoice_credit_count(struct an_db *db, int64_t tenant_id, int64_t id)
{
  static const char SQL[] =
      "SELECT COUNT(*) FROM invoices WHERE tenant_id = $1 AND corrects_id = $2";
  int64_t count = 0;
  int rc =
      an_db_query(db, SQL, AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(id)), an_store_int_cb, &count);
  return rc < 0 ? rc : (int)count;
}

/* clang-format off */
#define SHOP_BILLING_COLS(F, N)                                                                    \
  F(id, I, "id") N(code, T, "code") N(name, T, "name")                                             \
  N(invoice_registration_number, T, "invoice_registration_number")
/* clang-format on */
#define T struct an_shop_billing
AN_COL_SPEC(, an_shop_billing_spec, SHOP_BILLING_COLS);
#undef T

int an_store_shop_billing(struct an_db *db, int64_t shop_id, struct an_shop_billing *out)
{
  static const char SQL[] =
      "SELECT " SHOP_BILLING_COLS(AN_COL_SQL1, AN_COL_SQL) " FROM shops WHERE id = $1";
  return an_store_typed_row(db, SQL, AN_ARGS(AN_P_INT(shop_id)), &an_shop_billing_spec, out);
}

int an_store_shop_set_registration(struct an_db *db, int64_t shop_id, const char *number,
                                   int64_t now)
{
  static const char SQL[] =
      "UPDATE shops SET invoice_registration_number = $2, updated_at = $3 WHERE id = $1";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(shop_id), AN_P_TEXT(number), AN_P_INT(now)), NULL,
                     NULL);
}

/* clang-format off */
#define PAYMENT_COLS(F, N)                                                                         \
  F(id, I, "p.id") N(tenant_id, I, "p.tenant_id") N(shop_id, I, "p.shop_id")                       \
  N(amount, I, "p.amount") N(paid_on, T, "p.paid_on") N(source, T, "p.source")                     \
  N(import_id, I0, "p.import_id") N(reference, T, "p.reference")                                   \
  N(recorded_by, T, "p.recorded_by") N(recorded_at, TM, "p.recorded_at")                           \
  N(allocated, I, "CAST(COALESCE((SELECT SUM(a.amount) FROM payment_allocations a WHERE "          \
      "a.payment_id = p.id), 0) AS BIGINT)")
/* clang-format on */
#define T struct an_payment
AN_COL_SPEC(, an_payment_spec, PAYMENT_COLS);
#undef T

#define PAYMENT_SELECT "SELECT " PAYMENT_COLS(AN_COL_SQL1, AN_COL_SQL) " FROM payments p "

int an_store_payment_insert(struct an_db *db, const struct an_payment_new *v, int64_t *id)
{
  static const char SQL[] =
      "INSERT INTO payments (tenant_id, shop_id, amount, paid_on, source, import_id, reference, "
      "recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
  return an_db_query(db, SQL,
                     AN_ARGS(AN_P_INT(v->tenant_id), AN_P_INT(v->shop_id), AN_P_INT(v->amount),
                             AN_P_TEXT(v->paid_on), AN_P_TEXT(v->source),
                             v->import_id ? AN_P_INT(v->import_id) : AN_P_NULL,
                             AN_P_TEXT(v->reference ? v->reference : ""), AN_P_TEXT(v->recorded_by),
                             AN_P_INT(v->recorded_at)),
                     an_store_int_cb, id);
}

int an_store_payments_pair(struct an_db *db, int64_t tenant_id, int64_t shop_id,
                           struct an_payment **items, size_t *n)
{
  static const char SQL[] =
      PAYMENT_SELECT "WHERE p.tenant_id = $1 AND p.shop_id = $2 ORDER BY p.paid_on, p.id";
  return an_store_scoped_typed_rows(db, tenant_id, __func__, SQL,
                                    AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(shop_id)),
                                    &an_payment_spec, (void **)items, n);
}

int an_store_payments_tenant(struct an_db *db, int64_t tenant_id, struct an_payment **items,
                             size_t *n)
{
  static const char SQL[] = PAYMENT_SELECT "WHERE p.tenant_id = $1 ORDER BY p.id DESC LIMIT 1000";
  return an_store_scoped_typed_rows(db, tenant_id, __func__, SQL, AN_ARGS(AN_P_INT(tenant_id)),
                                    &an_payment_spec, (void **)items, n);
}

int an_store_payments_all(struct an_db *db, struct an_payment **items, size_t *n)
{
  static const char SQL[] = PAYMENT_SELECT "ORDER BY p.id DESC LIMIT 1000";
  return an_store_typed_rows(db, SQL, NULL, 0, &an_payment_spec, (void **)items, n);
}

int an_store_allocation_insert(struct an_db *db, int64_t payment_id, int64_t invoice_id,
                               int64_t tenant_id, int64_t amount)
{
  static const char SQL[] = "INSERT INTO payment_allocations (payment_id, invoice_id, tenant_id, "
                            "amount) VALUES ($1, $2, $3, $4)";
  return an_db_query(
      db, SQL,
      AN_ARGS(AN_P_INT(payment_id), AN_P_INT(invoice_id), AN_P_INT(tenant_id), AN_P_INT(amount)),
      NULL, NULL);
}

int an_store_allocations_release(struct an_db *db, int64_t tenant_id, int64_t invoice_id)
{
  static const char SQL[] =
      "DELETE FROM payment_allocations WHERE tenant_id = $1 AND invoice_id = $2";
  return an_store_scoped(tenant_id, __func__)
             ? an_db_query(db, SQL, AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(invoice_id)), NULL, NULL)
             : 0;
}

/* clang-format off */
#define IMPORT_COLS(F, N)                                                                          \
  F(id, I, "id") N(sha256, T, "sha256") N(filename, T, "filename") N(encoding, T, "encoding")      \
  N(row_count, I, "row_count") N(applied, I, "applied") N(unmatched, T, "unmatched")               \
  N(imported_by, T, "imported_by") N(imported_at, TM, "imported_at")
/* clang-format on */
#define IMPORT_SELECT "SELECT " IMPORT_COLS(AN_COL_SQL1, AN_COL_SQL) " FROM payment_imports "
#define T struct an_payment_import
AN_COL_SPEC(, an_payment_import_spec, IMPORT_COLS);
#undef T

int an_store_payment_import_find(struct an_db *db, const char *sha256,
                                 struct an_payment_import *out)
{
  static const char SQL[] = IMPORT_SELECT "WHERE sha256 = $1";
  return an_store_typed_row(db, SQL, AN_ARGS(AN_P_TEXT(sha256)), &an_payment_import_spec, out);
}

int an_store_payment_import_insert(struct an_db *db, const struct an_payment_import_new *im,
                                   int64_t *id)
{
  static const char SQL[] =
      "INSERT INTO payment_imports (sha256, filename, encoding, row_count, applied, unmatched, "
      "imported_by, imported_at) VALUES ($1, $2, $3, $4, 0, '[]', $5, $6) RETURNING id";
  return an_db_query(db, SQL,
                     AN_ARGS(AN_P_TEXT(im->sha256), AN_P_TEXT(im->filename),
                             AN_P_TEXT(im->encoding), AN_P_INT(im->row_count),
                             AN_P_TEXT(im->imported_by), AN_P_INT(im->imported_at)),
                     an_store_int_cb, id);
}

int an_store_payment_import_finish(struct an_db *db, int64_t id, int64_t applied,
                                   const char *unmatched)
{
  static const char SQL[] = "UPDATE payment_imports SET applied = $2, unmatched = $3 WHERE id = $1";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(id), AN_P_INT(applied), AN_P_TEXT(unmatched)), NULL,
                     NULL);
}

struct pair {
  int64_t tenant_id, shop_id;
  uint64_t nulls;
};
#define T struct pair
static const struct an_field PAIR_FIELDS[] = {
    AN_FIELD(T, tenant_id, AN_F_INT, false),
    AN_FIELD(T, shop_id, AN_F_INT, false),
};
static const struct an_spec pair_spec = AN_SPEC(T, PAIR_FIELDS, nulls);
#undef T

static int pairs_of(struct an_db *db, const char *sql, const struct an_db_param *p, size_t np,
                    int64_t **out, size_t *n)
{
  struct pair *items = NULL;
  *out = NULL, *n = 0;
  int rc = an_store_typed_rows(db, sql, p, np, &pair_spec, (void **)&items, n);
  if (rc < 0)
    return rc;
  *out = calloc(*n ? 2 * *n : 1, sizeof **out);
  for (size_t i = 0; i < *n; i++)
    (*out)[2 * i] = items[i].tenant_id, (*out)[2 * i + 1] = items[i].shop_id;
  an_spec_free_array(&pair_spec, items, *n);
  return rc;
}

#define PAIRS(WHERE)                                                                               \
  "SELECT tenant_id, shop_id FROM invoices " WHERE " UNION "                                       \
  "SELECT tenant_id, shop_id FROM payments " WHERE " ORDER BY tenant_id, shop_id"

int an_store_receivable_pairs_all(struct an_db *db, int64_t **pairs, size_t *n)
{
  return pairs_of(db, PAIRS(""), NULL, 0, pairs, n);
}

int an_store_receivable_pairs_tenant(struct an_db *db, int64_t tenant_id, int64_t **pairs,
                                     size_t *n)
{
  struct an_db_param p[] = {AN_P_INT(tenant_id)};
  *pairs = NULL, *n = 0;
  return an_store_scoped(tenant_id, __func__)
             ? pairs_of(db, PAIRS("WHERE tenant_id = $1"), p, 1, pairs, n)
             : 0;
}

int an_store_receivable_pairs_shop(struct an_db *db, int64_t shop_id, int64_t **pairs, size_t *n)
{
  struct an_db_param p[] = {AN_P_INT(shop_id)};
  *pairs = NULL, *n = 0;
  return an_store_scoped(shop_id, __func__)
             ? pairs_of(db, PAIRS("WHERE shop_id = $1"), p, 1, pairs, n)
             : 0;
}

/* ---- dunning (issue 17 item 3) ---- */

int an_store_invoices_overdue_all(struct an_db *db, const char *today, struct an_invoice **items,
                                  size_t *n)
{
  /* Neither credited (a credit note reverses the whole invoice) nor paid in full. */
  static const char SQL[] =
      INVOICE_SELECT "WHERE i.kind = 'invoice' AND i.due_on < $1 "
                     "AND NOT EXISTS (SELECT 1 FROM invoices c WHERE c.corrects_id = i.id) "
                     "AND i.total > COALESCE((SELECT SUM(a.amount) FROM payment_allocations a "
                     "WHERE a.invoice_id = i.id), 0) ORDER BY i.id LIMIT 1000";
  struct an_db_param p[] = {AN_P_TEXT(today)};
  *items = NULL, *n = 0;
  return invoices(db, SQL, p, 1, items, n);
}
