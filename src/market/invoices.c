/* Invoices and credit notes (market/receivables.h has the rules). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audited.h"
#include "core/ascii.h"
#include "core/buf.h"
#include "core/config.h"
#include "identity/operator_profile.h"
#include "market/fees_statement.h"
#include "market/market.h"
#include "market/receivables.h"
#include "store/rows.h"

int64_t an_invoice_open(const struct an_invoice *inv)
{
  if (strcmp(inv->kind, "invoice"))
    return 0;
  int64_t open = inv->total - inv->paid - inv->credited;
  return open > 0 ? open : 0;
}

static json_t *invoice_json(const struct an_invoice *inv)
{
  json_t *o = an_spec_to_json(&an_invoice_spec, inv);
  json_t *lines = json_loads(inv->lines, 0, NULL);
  json_object_set_new(o, "lines", lines ? lines : json_array());
  json_object_set_new(o, "open", json_integer(an_invoice_open(inv)));
  json_object_set_new(o, "qualified", json_boolean(inv->issuer_registration[0] != '\0'));
  return o;
}

/* "YYYY-MM", digits only. */
static bool parse_month(const char *s, int *y, int *m)
{
  return s && strlen(s) == 7 && s[4] == '-' && an_ascii_digits(s, 4, y) &&
         an_ascii_digits(s + 5, 2, m) && *m >= 1 && *m <= 12 && *y >= 2000 && *y <= 2099;
}

/* The due date: [receivables] due_days after issue, or the end of the month after the
 * invoiced month (the usual 月末締め翌月末払い). */
static struct an_date due_on(const struct an_ctx *ctx, struct an_date issued, int y, int m)
{
  struct an_date d = issued;
  if (ctx->cfg->recv_due_days > 0 && an_date_add_days(issued, ctx->cfg->recv_due_days, &d))
    return d;
  int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
  return (struct an_date){ny, nm, an_month_days(ny, nm)};
}

struct issue {
  const struct an_ctx *ctx;
  int y, m;
  const char *month;
  int64_t tenant_id;
  const char *company_name;
  const json_t *st; /* the statement of one shop */
  char number[64];
  bool issued;
};

/* The n-th invoice of a contractor, shop and month is numbered YYYYMM-TTTTTT-SSSS, then -2, -3
 * after credit notes: numbers never repeat and say whose and which month they are. */
static int next_number(struct an_db *db, struct issue *x, int64_t shop_id, bool *open)
{
  struct an_invoice *items = NULL;
  size_t n = 0;
  int rc = an_store_invoices_pair(db, x->tenant_id, shop_id, &items, &n);
  if (rc < 0)
    return rc;
  size_t same = 0;
  *open = false;
  for (size_t i = 0; i < n; i++) {
    if (strcmp(items[i].month, x->month))
      continue;
    same++;
    if (items[i].total - items[i].credited > 0)
      *open = true; /* an invoice of the month stands: nothing to issue */
  }
  an_spec_free_array(&an_invoice_spec, items, n);
  snprintf(x->number, sizeof x->number, "%04d%02d-%06lld-%04lld", x->y, x->m,
           (long long)x->tenant_id, (long long)shop_id);
  if (same)
    snprintf(x->number + strlen(x->number), sizeof x->number - strlen(x->number), "-%zu", same + 1);
  return 1;
}

static int issue_body(struct an_db *db, void *cls)
{
  struct issue *x = cls;
  const struct an_ctx *ctx = x->ctx;
  int64_t shop_id = an_rec_int(x->st, "shop_id");
  bool open = false;
  int rc = next_number(db, x, shop_id, &open);
  x->issued = false;
  if (rc < 0 || open)
    return rc < 0 ? rc : 0;
  struct an_shop_billing shop;
  if ((rc = an_store_shop_billing(db, shop_id, &shop)) <= 0)
    return rc < 0 ? rc : AN_DB_HARD;
  struct an_date today = an_market_today(ctx), due = due_on(ctx, today, x->y, x->m);
  char issued_on[AN_DATE_STRLEN], due_s[AN_DATE_STRLEN];
  an_date_format(today, issued_on, sizeof issued_on);
  an_date_format(due, due_s, sizeof due_s);
  char *lines = json_dumps(json_object_get(x->st, "lines"), JSON_COMPACT);
  struct an_invoice_new inv = {
      .number = x->number,
      .kind = "invoice",
      .tenant_id = x->tenant_id,
      .shop_id = shop_id,
      .month = x->month,
      .issuer_name = shop.name,
      .issuer_registration = shop.invoice_registration_number,
      .recipient_name = x->company_name,
      .lines = lines,
      .subtotal_10 = an_rec_int(x->st, "subtotal_10"),
      .tax_10 = an_rec_int(x->st, "tax_10"),
      .subtotal_8 = an_rec_int(x->st, "subtotal_8"),
      .tax_8 = an_rec_int(x->st, "tax_8"),
      .total = an_rec_int(x->st, "total"),
      .reason = "",
      .issued_on = issued_on,
      .due_on = due_s,
      .issued_by = ctx->actor,
      .issued_at = ctx->now,
  };
  int64_t id = 0;
  rc = an_store_invoice_insert(db, &inv, &id);
  free(lines);
  if (rc >= 0)
    rc = an_receivables_settle(db, x->tenant_id, shop_id);
  if (rc >= 0) {
    json_t *d = json_pack("{s:s, s:s, s:I, s:s}", "number", x->number, "month", x->month, "total",
                          (json_int_t)inv.total, "shop", shop.name);
    rc = an_market_audit(ctx, db, "invoice.issue", "invoice", id, x->tenant_id, d);
    json_decref(d);
  }
  an_spec_clear(&an_shop_billing_spec, &shop);
  x->issued = rc >= 0;
  return rc;
}

/* Issues the invoices of one contractor for the month; appends the numbers issued. */
static int issue_tenant(const struct an_ctx *ctx, struct an_db *db, struct issue *x, json_t *issued,
                        int64_t *skipped)
{
  json_t *stmt = NULL;
  int rc = an_fees_statements(db, x->tenant_id, x->y, x->m, &stmt);
  if (rc < 0)
    return rc;
  size_t i;
  json_t *st;
  json_array_foreach(json_object_get(stmt, "statements"), i, st)
  {
    x->ctx = ctx;
    x->st = st;
    if ((rc = an_db_txn(db, issue_body, x)) < 0)
      break;
    if (x->issued)
      json_array_append_new(issued, json_string(x->number));
    else
      (*skipped)++;
  }
  json_decref(stmt);
  return rc < 0 ? rc : 1;
}

enum an_ec an_invoices_issue(const struct an_ctx *ctx, struct an_db *db, const char *month,
                             json_t **out)
{
  *out = NULL;
  if (!an_scope_is_operator(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  int y, m;
  if (!parse_month(month, &y, &m))
    return AN_EC_GENERIC_INVALID_FIELD;
  struct an_date today = an_market_today(ctx);
  if (y * 12 + m >= today.y * 12 + today.m)
    return AN_EC_RECV_MONTH_OPEN;
  /* Every contractor with a contract: an ended contract is invoiced for its last months too. */
  struct an_contract *all = NULL;
  size_t n = 0;
  int rc = an_store_contract_page_all(db, "", 0, 100000, 0, &all, &n);
  json_t *issued = json_array();
  int64_t skipped = 0, last = 0;
  for (size_t i = 0; rc >= 0 && i < n; i++) {
    if (all[i].tenant_id == last)
      continue;
    bool seen = false;
    for (size_t j = 0; j < i && !seen; j++)
      seen = all[j].tenant_id == all[i].tenant_id;
    last = all[i].tenant_id;
    if (seen)
      continue;
    struct issue x = {.y = y,
                      .m = m,
                      .month = month,
                      .tenant_id = all[i].tenant_id,
                      .company_name = all[i].company_name};
    rc = issue_tenant(ctx, db, &x, issued, &skipped);
  }
  an_spec_free_array(&an_contract_spec, all, n);
  if (rc < 0) {
    json_decref(issued);
    return AN_EC_GENERIC_INTERNAL;
  }
  *out = json_pack("{s:s, s:o, s:I}", "month", month, "issued", issued, "skipped",
                   (json_int_t)skipped);
  return AN_EC_OK;
}

/* The invoice id in the caller's scope: the operator any, a contractor its own, a shop its own. */
static int scoped_get(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                      struct an_invoice *out)
{
  if (an_scope_is_operator(ctx))
    return an_store_invoice_get_all(db, id, out);
  if (an_scope_tenant(ctx))
    return an_store_invoice_get(db, an_scope_tenant(ctx), id, out);
  if (an_scope_shop(ctx))
    return an_store_invoice_get_shop(db, an_scope_shop(ctx), id, out);
  return 0;
}

enum an_ec an_invoice_read(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                           struct an_invoice *out)
{
  int rc = scoped_get(ctx, db, id, out);
  return rc < 0 ? AN_EC_GENERIC_INTERNAL : rc == 0 ? AN_EC_GENERIC_NOT_FOUND : AN_EC_OK;
}

enum an_ec an_invoice_get(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **out)
{
  struct an_invoice inv;
  enum an_ec ec = an_invoice_read(ctx, db, id, &inv);
  if (ec != AN_EC_OK)
    return ec;
  *out = invoice_json(&inv);
  an_spec_clear(&an_invoice_spec, &inv);
  return AN_EC_OK;
}

enum an_ec an_invoice_list(const struct an_ctx *ctx, struct an_db *db, json_t **out)
{
  struct an_invoice *items = NULL;
  size_t n = 0;
  int rc;
  if (an_scope_is_operator(ctx))
    rc = an_store_invoices_all(db, &items, &n);
  else if (an_scope_tenant(ctx))
    rc = an_store_invoices_tenant(db, an_scope_tenant(ctx), &items, &n);
  else if (an_scope_shop(ctx))
    rc = an_store_invoices_shop(db, an_scope_shop(ctx), &items, &n);
  else
    return AN_EC_AUTH_FORBIDDEN;
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  json_t *list = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(list, invoice_json(&items[i]));
  an_spec_free_array(&an_invoice_spec, items, n);
  *out = json_pack("{s:o}", "items", list);
  return AN_EC_OK;
}

struct credit {
  const struct an_ctx *ctx;
  int64_t id;
  const char *reason;
  int64_t credit_id;
  enum an_ec ec;
};

/* A credit note reverses an invoice whole, one negative line per tax rate; payments allocated to
 * the invoice return to the contractor's credit and are settled again against the open ones. */
static json_t *credit_lines(const struct an_invoice *inv)
{
  json_t *lines = json_array();
  if (inv->subtotal_10)
    json_array_append_new(lines, json_pack("{s:s, s:s, s:I, s:i}", "kind", "credit", "invoice",
                                           inv->number, "amount", (json_int_t)-inv->subtotal_10,
                                           "tax_rate", 10));
  if (inv->subtotal_8)
    json_array_append_new(lines, json_pack("{s:s, s:s, s:I, s:i}", "kind", "credit", "invoice",
                                           inv->number, "amount", (json_int_t)-inv->subtotal_8,
                                           "tax_rate", 8));
  return lines;
}

static int credit_body(struct an_db *db, void *cls)
{
  struct credit *x = cls;
  struct an_invoice inv;
  int rc = an_store_invoice_get_all(db, x->id, &inv);
  if (rc <= 0) {
    x->ec = rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_GENERIC_NOT_FOUND;
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  }
  if (strcmp(inv.kind, "invoice") || inv.credited > 0) {
    an_spec_clear(&an_invoice_spec, &inv);
    x->ec = AN_EC_RECV_NOTHING_TO_CREDIT;
    return AN_DB_ROLLBACK;
  }
  char number[96], today_s[AN_DATE_STRLEN];
  snprintf(number, sizeof number, "CN-%s", inv.number);
  an_date_format(an_market_today(x->ctx), today_s, sizeof today_s);
  json_t *lines = credit_lines(&inv);
  char *text = json_dumps(lines, JSON_COMPACT);
  json_decref(lines);
  struct an_invoice_new cn = {
      .number = number,
      .kind = "credit_note",
      .tenant_id = inv.tenant_id,
      .shop_id = inv.shop_id,
      .month = inv.month,
      .corrects_id = inv.id,
      .issuer_name = inv.issuer_name,
      .issuer_registration = inv.issuer_registration,
      .recipient_name = inv.recipient_name,
      .lines = text,
      .subtotal_10 = -inv.subtotal_10,
      .tax_10 = -inv.tax_10,
      .subtotal_8 = -inv.subtotal_8,
      .tax_8 = -inv.tax_8,
      .total = -inv.total,
      .reason = x->reason,
      .issued_on = today_s,
      .due_on = today_s,
      .issued_by = x->ctx->actor,
      .issued_at = x->ctx->now,
  };
  rc = an_store_invoice_insert(db, &cn, &x->credit_id);
  free(text);
  if (rc >= 0)
    rc = an_store_allocations_release(db, inv.tenant_id, inv.id);
  if (rc >= 0)
    rc = an_receivables_settle(db, inv.tenant_id, inv.shop_id);
  if (rc >= 0) {
    json_t *d = json_pack("{s:s, s:s, s:I, s:s}", "number", number, "corrects", inv.number, "total",
                          (json_int_t)cn.total, "reason", x->reason);
    rc = an_market_audit(x->ctx, db, "invoice.credit", "invoice", x->credit_id, inv.tenant_id, d);
    json_decref(d);
  }
  an_spec_clear(&an_invoice_spec, &inv);
  return rc;
}

enum an_ec an_invoice_credit(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                             const char *reason, json_t **out)
{
  *out = NULL;
  if (!an_scope_is_operator(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  struct credit x = {ctx, id, reason, 0, AN_EC_OK};
  int rc = an_db_txn(db, credit_body, &x);
  if (x.ec != AN_EC_OK)
    return x.ec;
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  return an_invoice_get(ctx, db, x.credit_id, out);
}

static const struct an_audited_text registration_update = {an_store_shop_set_registration,
                                                           "shop.invoice_registration", "shop",
                                                           "invoice_registration_number"};

enum an_ec an_shop_set_invoice_registration(const struct an_ctx *ctx, struct an_db *db,
                                            int64_t shop_id, const char *number, json_t **out)
{
  *out = NULL;
  if (!an_scope_is_operator(ctx) && an_scope_shop(ctx) != shop_id)
    return AN_EC_GENERIC_NOT_FOUND;
  if (!number || !an_invoice_number_valid(number))
    return AN_EC_GENERIC_INVALID_FIELD;
  int rc = an_audited_set_text(ctx, db, &registration_update, shop_id, number);
  if (rc == AN_DB_ROLLBACK)
    return AN_EC_GENERIC_NOT_FOUND;
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  struct an_shop_billing shop;
  if (an_store_shop_billing(db, shop_id, &shop) != 1)
    return AN_EC_GENERIC_INTERNAL;
  *out = an_spec_to_json(&an_shop_billing_spec, &shop);
  an_spec_clear(&an_shop_billing_spec, &shop);
  return AN_EC_OK;
}
