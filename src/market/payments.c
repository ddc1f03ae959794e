/* Payments: the collection agent's result files, payments recorded by hand, and their allocation
 * to invoices (market/receivables.h has the rules). */
#include <csv.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ascii.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/utf8.h"
#include "crypto/token.h"
#include "market/market.h"
#include "market/receivables.h"
#include "store/market_ops.h"
#include "store/rows.h"

int an_receivables_settle(struct an_db *db, int64_t tenant_id, int64_t shop_id)
{
  struct an_invoice *inv = NULL;
  struct an_payment *pay = NULL;
  size_t ni = 0, np = 0;
  int rc = an_store_invoices_pair(db, tenant_id, shop_id, &inv, &ni);
  if (rc >= 0)
    rc = an_store_payments_pair(db, tenant_id, shop_id, &pay, &np);
  size_t i = 0, p = 0;
  while (rc >= 0 && i < ni && p < np) {
    int64_t open = an_invoice_open(&inv[i]), left = pay[p].amount - pay[p].allocated;
    if (open <= 0) {
      i++;
      continue;
    }
    if (left <= 0) {
      p++;
      continue;
    }
    int64_t take = open < left ? open : left;
    rc = an_store_allocation_insert(db, pay[p].id, inv[i].id, tenant_id, take);
    /* each allocation uses up the invoice or the payment, so a pair is never allocated twice */
    inv[i].paid += take;
    pay[p].allocated += take;
  }
  an_spec_free_array(&an_invoice_spec, inv, ni);
  an_spec_free_array(&an_payment_spec, pay, np);
  return rc < 0 ? rc : 1;
}

/* ---- one payment: recorded, allocated to the invoice it names, then settled ---- */

struct apply {
  const struct an_ctx *ctx;
  struct an_invoice inv; /* the invoice named */
  int64_t amount, import_id;
  const char *paid_on, *reference, *source;
  const char *outcome; /* full, partial, over */
  int64_t payment_id;
};

static int apply_payment(struct an_db *db, struct apply *a)
{
  struct an_payment_new p = {.tenant_id = a->inv.tenant_id,
                             .shop_id = a->inv.shop_id,
                             .amount = a->amount,
                             .paid_on = a->paid_on,
                             .source = a->source,
                             .import_id = a->import_id,
                             .reference = a->reference,
                             .recorded_by = a->ctx->actor,
                             .recorded_at = a->ctx->now};
  int rc = an_store_payment_insert(db, &p, &a->payment_id);
  int64_t open = an_invoice_open(&a->inv), take = open < a->amount ? open : a->amount;
  if (rc >= 0 && take > 0)
    rc = an_store_allocation_insert(db, a->payment_id, a->inv.id, a->inv.tenant_id, take);
  if (rc >= 0)
    rc = an_receivables_settle(db, a->inv.tenant_id, a->inv.shop_id);
  if (rc < 0)
    return rc;
  /* the outcome for the invoice named: paid in full, in part, or more than it asked */
  a->outcome = a->amount > open ? "over" : a->amount == open ? "full" : "partial";
  json_t *d = json_pack("{s:s, s:I, s:s, s:s}", "invoice", a->inv.number, "amount",
                        (json_int_t)a->amount, "source", a->source, "outcome", a->outcome);
  rc = an_market_audit(a->ctx, db, "payment.record", "payment", a->payment_id, a->inv.tenant_id, d);
  json_decref(d);
  return rc;
}

/* "12,345" or "12345" (yen, > 0). */
static bool parse_amount(const char *s, int64_t *out)
{
  int64_t v = 0;
  int digits = 0;
  for (; *s; s++) {
    if (*s == ',')
      continue;
    if (*s < '0' || *s > '9' || ++digits > 12)
      return false;
    v = v * 10 + (*s - '0');
  }
  *out = v;
  return digits > 0 && v > 0;
}

/* "YYYY-MM-DD" or "YYYY/MM/DD" (as agents write it) into canonical YYYY-MM-DD. */
static bool parse_day(const char *s, char out[AN_DATE_STRLEN])
{
  struct an_date d;
  char copy[11];
  if (!s || strlen(s) != 10)
    return false;
  memcpy(copy, s, 11);
  if (copy[4] == '/' && copy[7] == '/')
    copy[4] = copy[7] = '-';
  if (!an_date_parse(copy, &d))
    return false;
  an_date_format(d, out, AN_DATE_STRLEN);
  return true;
}

/* ---- the result file ---- */

struct rows {
  json_t *all; /* [[cell, ...], ...] */
  json_t *cur; /* the row being read */
};

static void on_cell(void *s, size_t len, void *cls)
{
  struct rows *r = cls;
  if (!r->cur)
    r->cur = json_array();
  json_array_append_new(r->cur, json_stringn(s, len));
}

static void on_row(int c, void *cls)
{
  (void)c;
  struct rows *r = cls;
  json_array_append_new(r->all, r->cur ? r->cur : json_array());
  r->cur = NULL;
}

/* The file's rows as UTF-8 cells; *encoding "utf-8" or "cp932". NULL when it is neither valid
 * UTF-8 nor CP932, or not CSV. */
static json_t *read_rows(const char *bytes, size_t len, const char **encoding)
{
  char *conv = NULL;
  if (len >= 3 && !memcmp(bytes, "\xEF\xBB\xBF", 3))
    bytes += 3, len -= 3;
  *encoding = "utf-8";
  if (!an_utf8_valid(bytes, len)) {
    size_t n = 0;
    if (!(conv = an_utf8_from_cp932(bytes, len, &n)))
      return NULL;
    bytes = conv, len = n, *encoding = "cp932";
  }
  struct csv_parser p;
  struct rows r = {json_array(), NULL};
  bool ok = csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) == 0 &&
            csv_parse(&p, bytes, len, on_cell, on_row, &r) == len &&
            csv_fini(&p, on_cell, on_row, &r) == 0;
  csv_free(&p);
  json_decref(r.cur);
  free(conv);
  if (!ok) {
    json_decref(r.all);
    return NULL;
  }
  return r.all;
}

/* The column index of each field in [receivables] import_columns (-1 when not given). */
struct columns {
  int invoice, amount, paid_on, reference;
};

static struct columns columns_of(const char *spec)
{
  struct columns c = {-1, -1, -1, -1};
  int i = 0;
  for (const char *s = spec; s && *s; i++) {
    size_t n = strcspn(s, ",");
    if (n == 14 && !strncmp(s, "invoice_number", n))
      c.invoice = i;
    else if (n == 6 && !strncmp(s, "amount", n))
      c.amount = i;
    else if (n == 7 && !strncmp(s, "paid_on", n))
      c.paid_on = i;
    else if (n == 9 && !strncmp(s, "reference", n))
      c.reference = i;
    s += n + (s[n] == ',');
  }
  return c;
}

static const char *cell(const json_t *row, int i)
{
  const char *v = i >= 0 ? json_string_value(json_array_get(row, (size_t)i)) : NULL;
  return v ? v : "";
}

struct import {
  const struct an_ctx *ctx;
  json_t *rows;
  const char *sha, *filename, *encoding;
  json_t *report;
  int64_t import_id, applied;
};

static json_t *row_report(size_t row, const char *number, int64_t amount, const char *outcome,
                          const char *reason)
{
  return json_pack("{s:I, s:s, s:I, s:s, s:s?}", "row", (json_int_t)row, "invoice_number", number,
                   "amount", (json_int_t)amount, "outcome", outcome, "reason", reason);
}

/* One data row of the file: applied, or reported unmatched with its reason. */
static int import_row(struct an_db *db, struct import *x, const struct columns *c, size_t i)
{
  const json_t *row = json_array_get(x->rows, i);
  const char *number = cell(row, c->invoice);
  int64_t amount = 0;
  char day[AN_DATE_STRLEN];
  const char *why = !parse_amount(cell(row, c->amount), &amount) ? "amount"
                    : !parse_day(cell(row, c->paid_on), day)     ? "paid_on"
                                                                 : NULL;
  struct apply a = {.ctx = x->ctx,
                    .amount = amount,
                    .import_id = x->import_id,
                    .paid_on = day,
                    .reference = cell(row, c->reference),
                    .source = "import"};
  int rc = 0;
  if (!why && (rc = an_store_invoice_by_number_all(db, number, &a.inv)) <= 0)
    why = "invoice_number";
  if (rc < 0)
    return rc;
  if (why) {
    json_array_append_new(x->report, row_report(i + 1, number, amount, "unmatched", why));
    return 1;
  }
  rc = apply_payment(db, &a);
  if (rc >= 0) {
    x->applied++;
    json_array_append_new(x->report, row_report(i + 1, number, amount, a.outcome, NULL));
  }
  an_spec_clear(&an_invoice_spec, &a.inv);
  return rc;
}

static int import_body(struct an_db *db, void *cls)
{
  struct import *x = cls;
  const struct an_config *cfg = x->ctx->cfg;
  json_array_clear(x->report);
  x->applied = 0;
  size_t first = (size_t)cfg->recv_import_header_rows, n = json_array_size(x->rows);
  struct an_payment_import_new im = {.sha256 = x->sha,
                                     .filename = x->filename,
                                     .encoding = x->encoding,
                                     .row_count = (int64_t)(n > first ? n - first : 0),
                                     .imported_by = x->ctx->actor,
                                     .imported_at = x->ctx->now};
  int rc = an_store_payment_import_insert(db, &im, &x->import_id);
  struct columns c = columns_of(cfg->recv_import_columns);
  for (size_t i = first; rc >= 0 && i < n; i++) {
    if (json_array_size(json_array_get(x->rows, i)) == 0)
      continue; /* a blank line */
    rc = import_row(db, x, &c, i);
  }
  if (rc < 0)
    return rc;
  char *report = json_dumps(x->report, JSON_COMPACT);
  rc = an_store_payment_import_finish(db, x->import_id, x->applied, report);
  free(report);
  /* The result file names contractors and what they paid: personal data received from the
   * agent, recorded as a hand-over with it (TOS-18). */
  if (rc >= 0)
    rc = an_store_handover_insert(db, "payment_agent", "料金収納代行会社", 0,
                                  "入金結果の受領（料金の消込）", "invoice_number,amount,paid_on",
                                  (int64_t)im.row_count, x->ctx->actor, x->ctx->now);
  if (rc >= 0) {
    json_t *d = json_pack("{s:s, s:s, s:I, s:I}", "file", x->filename, "encoding", x->encoding,
                          "rows", (json_int_t)im.row_count, "applied", (json_int_t)x->applied);
    rc = an_market_audit(x->ctx, db, "payment.import", "payment_import", x->import_id, 0, d);
    json_decref(d);
  }
  return rc;
}

static json_t *import_json(const struct an_payment_import *im, bool duplicate)
{
  json_t *o = an_spec_to_json(&an_payment_import_spec, im);
  json_t *rows = json_loads(im->unmatched, 0, NULL);
  json_object_del(o, "unmatched");
  return json_pack("{s:o, s:o, s:b}", "import", o, "rows", rows ? rows : json_array(), "duplicate",
                   duplicate);
}

enum an_ec an_payments_import(const struct an_ctx *ctx, struct an_db *db, const char *bytes,
                              size_t len, const char *filename, json_t **out, const char **bad)
{
  *out = NULL;
  *bad = NULL;
  if (!an_scope_is_operator(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  uint8_t h[crypto_hash_sha256_BYTES];
  char sha[2 * crypto_hash_sha256_BYTES + 1];
  crypto_hash_sha256(h, (const unsigned char *)bytes, len);
  an_hex_encode(h, sizeof h, sha);
  struct an_payment_import im;
  int rc = an_store_payment_import_find(db, sha, &im);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  if (rc == 1) { /* the same file again: nothing changes */
    *out = import_json(&im, true);
    an_spec_clear(&an_payment_import_spec, &im);
    return AN_EC_OK;
  }
  const char *encoding = NULL;
  json_t *rows = read_rows(bytes, len, &encoding);
  if (!rows) {
    *bad = "file";
    return AN_EC_GENERIC_INVALID_FIELD;
  }
  struct import x = {ctx, rows, sha, filename ? filename : "", encoding, json_array(), 0, 0};
  rc = an_db_txn(db, import_body, &x);
  json_decref(rows);
  json_decref(x.report);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  if (an_store_payment_import_find(db, sha, &im) != 1)
    return AN_EC_GENERIC_INTERNAL;
  *out = import_json(&im, false);
  an_spec_clear(&an_payment_import_spec, &im);
  return AN_EC_OK;
}

static int manual_body(struct an_db *db, void *cls)
{
  struct apply *a = cls;
  return apply_payment(db, a);
}

enum an_ec an_payment_record(const struct an_ctx *ctx, struct an_db *db,
                             const struct an_payment_in *in, json_t **out, const char **bad)
{
  *out = NULL;
  *bad = NULL;
  if (!an_scope_is_operator(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  char day[AN_DATE_STRLEN];
  if (in->amount <= 0 || in->amount > 999999999999LL)
    *bad = "amount";
  else if (!parse_day(in->paid_on, day))
    *bad = "paid_on";
  if (*bad)
    return AN_EC_GENERIC_INVALID_FIELD;
  struct apply a = {.ctx = ctx,
                    .amount = in->amount,
                    .paid_on = day,
                    .reference = in->reference ? in->reference : "",
                    .source = "manual"};
  int rc = an_store_invoice_by_number_all(db, in->invoice_number, &a.inv);
  if (rc <= 0) {
    *bad = "invoice_number";
    return rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_GENERIC_INVALID_FIELD;
  }
  rc = an_db_txn(db, manual_body, &a);
  an_spec_clear(&an_invoice_spec, &a.inv);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  *out = json_pack("{s:I, s:s}", "id", (json_int_t)a.payment_id, "outcome", a.outcome);
  return AN_EC_OK;
}

enum an_ec an_payment_list(const struct an_ctx *ctx, struct an_db *db, json_t **out)
{
  struct an_payment *items = NULL;
  size_t n = 0;
  int rc;
  if (an_scope_is_operator(ctx))
    rc = an_store_payments_all(db, &items, &n);
  else if (an_scope_tenant(ctx))
    rc = an_store_payments_tenant(db, an_scope_tenant(ctx), &items, &n);
  else
    return AN_EC_AUTH_FORBIDDEN;
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  *out =
      json_pack("{s:o}", "items", an_spec_array_to_json(&an_payment_spec, items, n, json_array()));
  an_spec_free_array(&an_payment_spec, items, n);
  return AN_EC_OK;
}
