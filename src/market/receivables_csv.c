/* The invoice list and the receivables ledger as CSV (UTF-8 with BOM, every cell formula-safe
 * through core/csv.h), each in the caller's scope: the operator's all, a shop's own, a
 * contractor's own (issue 17 item 6). */
#include <string.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/messages.h"
#include "market/receivables.h"
#include "store/rows.h"

static void start(struct an_buf *b, const char *key, const char *lang)
{
  an_buf_append(b, "\xEF\xBB\xBF", 3);
  an_buf_puts(b, an_msg_text(key, lang));
  an_buf_puts(b, "\r\n");
}

/* One invoice's row. */
static void invoice_row(struct an_buf *b, json_t *doc, json_t *v)
{
  (void)doc;
  static const char *const text[] = {"number",
                                     "kind",
                                     "month",
                                     "company_code",
                                     "recipient_name",
                                     "issuer_name",
                                     "issuer_registration"};
  static const char *const num[] = {"subtotal_10", "tax_10", "subtotal_8", "tax_8",
                                    "total",       "paid",   "credited",   "open"};
  for (size_t k = 0; k < sizeof text / sizeof text[0]; k++)
    an_csv_field(b, an_rec_str(v, text[k]), false);
  for (size_t k = 0; k < sizeof num / sizeof num[0]; k++)
    an_csv_int(b, an_rec_int(v, num[k]), false);
  an_csv_field(b, an_rec_str(v, "issued_on"), false);
  an_csv_field(b, an_rec_str(v, "due_on"), true);
}

/* One balance's row, dated by the ledger's as_of. */
static void balance_row(struct an_buf *b, json_t *doc, json_t *v)
{
  static const char *const age[] = {"current", "days_1_30", "days_31_60", "days_61_90",
                                    "days_91_plus"};
  json_t *a = json_object_get(v, "ageing");
  an_csv_field(b, an_rec_str(doc, "as_of"), false);
  an_csv_field(b, an_rec_str(v, "company_name"), false);
  an_csv_field(b, an_rec_str(v, "shop_name"), false);
  an_csv_int(b, an_rec_int(v, "open"), false);
  an_csv_int(b, an_rec_int(v, "credit"), false);
  an_csv_int(b, an_rec_int(v, "balance"), false);
  for (size_t k = 0; k < 5; k++)
    an_csv_int(b, an_rec_int(a, age[k]), k == 4);
}

/* The CSV of the document read reads in the caller's scope: the header row of header_key, then
 * one row a member of its "items" written by row. Errors of read are passed on. */
static enum an_ec csv_of(const struct an_ctx *ctx, struct an_db *db, const char *lang,
                         enum an_ec (*read)(const struct an_ctx *, struct an_db *, json_t **),
                         const char *header_key, void (*row)(struct an_buf *, json_t *, json_t *),
                         char **csv, size_t *len)
{
  json_t *doc = NULL;
  enum an_ec ec = read(ctx, db, &doc);
  if (ec != AN_EC_OK)
    return ec;
  struct an_buf b = {0};
  start(&b, header_key, lang);
  size_t i;
  json_t *v;
  json_array_foreach(json_object_get(doc, "items"), i, v) row(&b, doc, v);
  json_decref(doc);
  *len = b.len;
  *csv = an_buf_steal(&b);
  return AN_EC_OK;
}

enum an_ec an_invoices_csv(const struct an_ctx *ctx, struct an_db *db, const char *lang, char **csv,
                           size_t *len)
{
  return csv_of(ctx, db, lang, an_invoice_list, "csv.invoices.header", invoice_row, csv, len);
}

enum an_ec an_balances_csv(const struct an_ctx *ctx, struct an_db *db, const char *lang, char **csv,
                           size_t *len)
{
  return csv_of(ctx, db, lang, an_receivables_balances, "csv.balances.header", balance_row, csv,
                len);
}
