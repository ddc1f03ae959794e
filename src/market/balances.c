/* Balances with ageing, and what falls due at a notice or a termination (market/receivables.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "market/fees_statement.h"
#include "market/market.h"
#include "market/receivables.h"
#include "store/rows.h"

/* The pair's invoices and payments: open amounts and the credit left over. */
struct pair_state {
  struct an_invoice *inv;
  size_t ni;
  int64_t credit;
};

static int pair_load(struct an_db *db, int64_t tenant_id, int64_t shop_id, struct pair_state *s)
{
  struct an_payment *pay = NULL;
  size_t np = 0;
  *s = (struct pair_state){0};
  int rc = an_store_invoices_pair(db, tenant_id, shop_id, &s->inv, &s->ni);
  if (rc >= 0)
    rc = an_store_payments_pair(db, tenant_id, shop_id, &pay, &np);
  for (size_t i = 0; rc >= 0 && i < np; i++)
    s->credit += pay[i].amount - pay[i].allocated;
  an_spec_free_array(&an_payment_spec, pay, np);
  return rc < 0 ? rc : 1;
}

static void pair_free(struct pair_state *s)
{
  an_spec_free_array(&an_invoice_spec, s->inv, s->ni);
}

/* Invoiced months (an invoice of the month stands, not wholly credited) are not accrued again. */
static bool invoiced(int y, int m, void *cls)
{
  const struct pair_state *s = cls;
  char month[8];
  snprintf(month, sizeof month, "%04d-%02d", y, m);
  for (size_t i = 0; i < s->ni; i++)
    if (!strcmp(s->inv[i].month, month) && s->inv[i].total - s->inv[i].credited > 0)
      return true;
  return false;
}

int an_receivables_due(struct an_db *db, const struct an_contract *c, struct an_date notice,
                       struct an_date end, struct an_due *out)
{
  *out = (struct an_due){0};
  struct pair_state s;
  int rc = pair_load(db, c->tenant_id, c->shop_id, &s);
  for (size_t i = 0; rc >= 0 && i < s.ni; i++)
    out->open_invoices += an_invoice_open(&s.inv[i]);
  struct an_fee_totals upto, after;
  struct an_date origin = {2000, 1, 1}, next;
  if (rc >= 0)
    rc = an_fees_window(db, c->tenant_id, c->shop_id, origin, notice, invoiced, &s, &upto);
  if (rc >= 0 && an_date_add_days(notice, 1, &next))
    rc = an_fees_window(db, c->tenant_id, c->shop_id, next, end, invoiced, &s, &after);
  else
    after = (struct an_fee_totals){0};
  if (rc >= 0) {
    out->accrued = upto.total;
    out->credit = s.credit;
    int64_t due = out->open_invoices + out->accrued - out->credit;
    out->due_now = due > 0 ? due : 0;
    out->until_end = after.total;
  }
  pair_free(&s);
  return rc < 0 ? rc : 1;
}

json_t *an_due_json(const struct an_due *d)
{
  return json_pack("{s:I, s:I, s:I, s:I, s:I}", "open_invoices", (json_int_t)d->open_invoices,
                   "accrued", (json_int_t)d->accrued, "credit", (json_int_t)d->credit, "due_now",
                   (json_int_t)d->due_now, "until_end", (json_int_t)d->until_end);
}

/* Days past due on today of an invoice due on due_on (negative: not yet due). */
static long overdue_days(const char *due_on, struct an_date today)
{
  struct an_date due;
  return an_date_parse(due_on, &due) ? an_date_days_between(due, today) : 0;
}

static json_t *balance_of(struct an_db *db, int64_t tenant_id, int64_t shop_id,
                          struct an_date today, int *rc)
{
  struct pair_state s;
  if ((*rc = pair_load(db, tenant_id, shop_id, &s)) < 0)
    return NULL;
  int64_t bucket[5] = {0}, open = 0;
  const char *company = "", *shop = "";
  for (size_t i = 0; i < s.ni; i++) {
    int64_t o = an_invoice_open(&s.inv[i]);
    company = s.inv[i].recipient_name, shop = s.inv[i].issuer_name;
    if (o <= 0)
      continue;
    long d = overdue_days(s.inv[i].due_on, today);
    bucket[d <= 0 ? 0 : d <= 30 ? 1 : d <= 60 ? 2 : d <= 90 ? 3 : 4] += o;
    open += o;
  }
  json_t *b = json_pack("{s:I, s:s, s:I, s:s, s:I, s:I, s:I, s:{s:I, s:I, s:I, s:I, s:I}}",
                        "tenant_id", (json_int_t)tenant_id, "company_name", company, "shop_id",
                        (json_int_t)shop_id, "shop_name", shop, "open", (json_int_t)open, "credit",
                        (json_int_t)s.credit, "balance", (json_int_t)(open - s.credit), "ageing",
                        "current", (json_int_t)bucket[0], "days_1_30", (json_int_t)bucket[1],
                        "days_31_60", (json_int_t)bucket[2], "days_61_90", (json_int_t)bucket[3],
                        "days_91_plus", (json_int_t)bucket[4]);
  pair_free(&s);
  return b;
}

enum an_ec an_receivables_balances(const struct an_ctx *ctx, struct an_db *db, json_t **out)
{
  *out = NULL;
  int64_t *pairs = NULL;
  size_t n = 0;
  int rc;
  if (an_scope_is_operator(ctx))
    rc = an_store_receivable_pairs_all(db, &pairs, &n);
  else if (an_scope_tenant(ctx))
    rc = an_store_receivable_pairs_tenant(db, an_scope_tenant(ctx), &pairs, &n);
  else if (an_scope_shop(ctx))
    rc = an_store_receivable_pairs_shop(db, an_scope_shop(ctx), &pairs, &n);
  else
    return AN_EC_AUTH_FORBIDDEN;
  struct an_date today = an_market_today(ctx);
  json_t *items = json_array();
  for (size_t i = 0; rc >= 0 && i < n; i++) {
    json_t *b = balance_of(db, pairs[2 * i], pairs[2 * i + 1], today, &rc);
    if (b)
      json_array_append_new(items, b);
  }
  free(pairs);
  if (rc < 0) {
    json_decref(items);
    return AN_EC_GENERIC_INTERNAL;
  }
  char as_of[AN_DATE_STRLEN];
  an_date_format(today, as_of, sizeof as_of);
  *out = json_pack("{s:s, s:o}", "as_of", as_of, "items", items);
  return AN_EC_OK;
}
