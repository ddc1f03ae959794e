#include "market/fees_statement.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ascii.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/messages.h"
#include "core/time.h"
#include "identity/operator_profile.h"
#include "market/change_details.h"
#include "market/contract_doc.h"
#include "market/fees.h"
#include "market/market.h"
#include "market/usage.h"
#include "store/catalogue.h"
#include "store/contracts.h"
#include "store/market_ops.h"
#include "store/rows.h"
#include "store/usage.h"

/* "YYYY-MM", digits only: sscanf alone would take "2026-+1" or "2026- 1". */
static bool parse_month(const char *s, int *y, int *m)
{
  return s && strlen(s) == 7 && s[4] == '-' && an_ascii_digits(s, 4, y) &&
         an_ascii_digits(s + 5, 2, m) && *m >= 1 && *m <= 12 && *y >= 2000 && *y <= 2099;
}

/* The plan the contract was billed under from the first of (y, m): its current plan unless a
 * plan change applied later than that day, then the plan before the earliest such change. */
static int plan_for_month(struct an_db *db, const struct an_contract *c,
                          const struct an_change *changes, size_t nchanges, int y, int m,
                          struct an_plan *plan)
{
  char first[AN_DATE_STRLEN];
  snprintf(first, sizeof first, "%04d-%02d-01", y, m);
  int64_t plan_id = c->plan_id;
  const char *earliest = NULL;
  for (size_t i = 0; i < nchanges; i++) {
    const struct an_change *r = &changes[i];
    if (r->contract_id != c->id || strcmp(r->kind, "plan") || strcmp(r->status, "applied"))
      continue;
    const char *eff = r->effective_on;
    if (strcmp(eff, first) > 0 && (!earliest || strcmp(eff, earliest) < 0)) {
      struct an_change_details d;
      int64_t from = an_change_details_parse(r->details, &d) ? d.from_plan_id : 0;
      an_spec_clear(&an_change_details_spec, &d);
      if (from) {
        earliest = eff;
        plan_id = from;
      }
    }
  }
  return an_store_plan_get(db, plan_id, plan);
}

static json_t *line(const char *kind, const struct an_contract *c, const struct an_plan *plan,
                    int64_t amount, int days, int dim)
{
  return json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:i, s:i}", "kind", kind, "contract", c->number,
                   "service", plan->service_name, "plan", plan->name, "amount", (json_int_t)amount,
                   "tax_rate", (json_int_t)plan->tax_rate, "days", days, "days_in_month", dim);
}

/* Adds the lines of contract c for (y, m) to the statement of its shop in stmts. */
/* changes: the tenant's applied change requests. */
struct changes {
  const struct an_change *items;
  size_t n;
};

/* The lines of the statement of c's shop in stmts, the statement made when it is the first. */
static json_t *shop_lines(json_t *stmts, const struct an_contract *c)
{
  char key[32];
  snprintf(key, sizeof key, "%lld", (long long)c->shop_id);
  json_t *st = json_object_get(stmts, key);
  if (!st) {
    st = json_pack("{s:I, s:s, s:[]}", "shop_id", (json_int_t)c->shop_id, "shop_name", c->shop_name,
                   "lines");
    json_object_set_new(stmts, key, st);
  }
  return json_object_get(st, "lines");
}

/* Contract c in month (y, m): its start, its last billable day (has_last) and the plan in force
 * that month (clear with an_spec_clear). 1, 0 when it has no start or no plan then, or an error. */
struct contract_month {
  struct an_date start, last;
  bool has_last;
  struct an_plan plan;
};

static int contract_month(struct an_db *db, const struct an_contract *c,
                          const struct changes *changes, int y, int m, struct contract_month *cm)
{
  if (!an_date_parse(c->start_on, &cm->start))
    return 0;
  cm->has_last = c->billing_end_on && an_date_parse(c->billing_end_on, &cm->last);
  return plan_for_month(db, c, changes->items, changes->n, y, m, &cm->plan);
}

static int contract_lines(struct an_db *db, const struct an_contract *c,
                          const struct changes *changes, int y, int m, json_t *stmts)
{
  struct contract_month cm;
  int rc = contract_month(db, c, changes, y, m, &cm);
  if (rc <= 0)
    return rc;
  json_t *lines = shop_lines(stmts, c);
  int days = 0, dim = 0;
  bool yearly = !strcmp(cm.plan.billing_cycle, "yearly");
  if (cm.start.y == y && cm.start.m == m && cm.plan.initial_fee > 0)
    json_array_append_new(lines, line("initial", c, &cm.plan, cm.plan.initial_fee, 0, 0));
  int64_t amount = an_fee_month_charge(cm.plan.monthly_fee, yearly, cm.start,
                                       cm.has_last ? &cm.last : NULL, y, m, &days, &dim);
  if (amount > 0)
    json_array_append_new(lines,
                          line(yearly ? "yearly" : "monthly", c, &cm.plan, amount, days, dim));
  an_spec_clear(&an_plan_spec, &cm.plan);
  return 1;
}

static void close_statement(json_t *st)
{
  json_t *lines = json_object_get(st, "lines");
  size_t n = json_array_size(lines), i;
  struct an_fee_line *fl = calloc(n ? n : 1, sizeof *fl);
  json_t *l;
  json_array_foreach(lines, i, l)
  {
    fl[i].amount = an_rec_int(l, "amount");
    fl[i].tax_rate = (int)an_rec_int(l, "tax_rate");
  }
  struct an_fee_totals t;
  an_fee_totals(fl, n, &t);
  free(fl);
  json_object_set_new(st, "subtotal_10", json_integer(t.subtotal_10));
  json_object_set_new(st, "tax_10", json_integer(t.tax_10));
  json_object_set_new(st, "subtotal_8", json_integer(t.subtotal_8));
  json_object_set_new(st, "tax_8", json_integer(t.tax_8));
  json_object_set_new(st, "subtotal", json_integer(t.subtotal));
  json_object_set_new(st, "tax", json_integer(t.tax));
  json_object_set_new(st, "total", json_integer(t.total));
}

/* A tenant's contracts and applied change requests, read once for a month or a window. */
struct tenant_book {
  struct an_contract *contracts;
  size_t n;
  struct an_change *applied;
  size_t napplied;
};

static int book_read(struct an_db *db, int64_t tenant_id, struct tenant_book *b)
{
  *b = (struct tenant_book){0};
  int rc = an_store_contract_page(db, tenant_id, "", 0, 500, 0, &b->contracts, &b->n);
  if (rc >= 0)
    rc = an_store_change_list(db, tenant_id, "applied", &b->applied, &b->napplied);
  return rc;
}

static void book_free(struct tenant_book *b)
{
  an_spec_free_array(&an_contract_spec, b->contracts, b->n);
  an_spec_free_array(&an_change_spec, b->applied, b->napplied);
}

static int tenant_month(struct an_db *db, int64_t tenant_id, int y, int m, json_t **out)
{
  json_t *stmts = json_object();
  struct tenant_book book;
  int rc = book_read(db, tenant_id, &book);
  struct an_contract *contracts = book.contracts;
  size_t n = book.n;
  struct changes changes = {book.applied, book.napplied};
  for (size_t i = 0; rc >= 0 && i < n; i++)
    rc = contract_lines(db, &contracts[i], &changes, y, m, stmts);
  char month[8];
  snprintf(month, sizeof month, "%04d-%02d", y, m);
  /* Metered usage (SLA-11): the month's quantity per contract and meter at the meter's rate. */
  if (rc >= 0)
    rc = an_usage_statement_lines(db, tenant_id, month, contracts, n, shop_lines, stmts);
  book_free(&book);
  if (rc < 0) {
    json_decref(stmts);
    return rc;
  }
  json_t *list = json_array();
  const char *k;
  json_t *st;
  int64_t total = 0;
  json_object_foreach(stmts, k, st)
  {
    if (!json_array_size(json_object_get(st, "lines")))
      continue;
    close_statement(st);
    total += an_rec_int(st, "total");
    json_array_append(list, st);
  }
  json_decref(stmts);
  *out =
      json_pack("{s:s, s:o, s:I}", "month", month, "statements", list, "total", (json_int_t)total);
  return 1;
}

enum an_ec an_fees_month(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                         const char *month, const char *lang, json_t **out)
{
  int y, m;
  if (!parse_month(month, &y, &m))
    return AN_EC_GENERIC_INVALID_FIELD;
  struct an_operator_profile op;
  if (an_operator_profile_get(db, &op) < 0 || tenant_month(db, tenant_id, y, m, out) < 0)
    return AN_EC_GENERIC_INTERNAL;
  char today[AN_DATE_STRLEN];
  an_market_date_of(ctx->now, today);
  json_object_set_new(*out, "issued_on", json_string(today));
  json_object_set_new(*out, "issuer", an_operator_particulars(&op, lang));
  /* Why the sum of catalogue prices can differ by a yen or so (issue 10 item 21, TOS-20). */
  json_object_set_new(*out, "rounding_note", json_string(an_msg_text("fees.rounding_note", lang)));
  return AN_EC_OK;
}

struct handover {
  const struct an_ctx *ctx;
  const char *month;
  int64_t ym, records;
};

/* The export is a hand-over of personal data to the payment collection agent (TOS-18). */
static int handover_txn(struct an_db *db, void *cls)
{
  struct handover *h = cls;
  char purpose[80];
  snprintf(purpose, sizeof purpose, "料金収納代行（%s 分の請求）", h->month);
  int rc = an_store_handover_insert(db, "payment_agent", "料金収納代行会社", 0, purpose,
                                    "company_code,company_name,shop,amounts", h->records,
                                    h->ctx->actor, h->ctx->now);
  if (rc < 0)
    return rc;
  json_t *d = json_pack("{s:s, s:I}", "month", h->month, "records", (json_int_t)h->records);
  rc = an_market_audit(h->ctx, db, "fees.export", "fees", h->ym, 0, d);
  json_decref(d);
  return rc;
}

enum an_ec an_fees_export_csv(const struct an_ctx *ctx, struct an_db *db, const char *month,
                              const char *lang, char **csv, size_t *len)
{
  int y, m;
  if (!parse_month(month, &y, &m))
    return AN_EC_GENERIC_INVALID_FIELD;
  /* Ended contracts are billed for their last month too: take every tenant with a contract. */
  struct an_contract *all = NULL;
  size_t n = 0;
  int rc = an_store_contract_page_all(db, "", 0, 100000, 0, &all, &n);
  json_t *seen = json_object();
  struct an_buf b = {0};
  an_buf_append(&b, "\xEF\xBB\xBF", 3);
  an_buf_puts(&b, an_msg_text("csv.fees.header", lang));
  an_buf_puts(&b, "\r\n");
  int64_t records = 0;
  for (size_t i = 0; rc >= 0 && i < n; i++) {
    const struct an_contract *c = &all[i];
    char key[32];
    snprintf(key, sizeof key, "%lld", (long long)c->tenant_id);
    if (json_object_get(seen, key))
      continue;
    json_object_set_new(seen, key, json_true());
    json_t *stmt = NULL;
    if ((rc = tenant_month(db, c->tenant_id, y, m, &stmt)) < 0)
      break;
    size_t j;
    json_t *st;
    json_array_foreach(json_object_get(stmt, "statements"), j, st)
    {
      static const char *const amounts[] = {"subtotal_10", "tax_10", "subtotal_8", "tax_8",
                                            "total"};
      an_csv_field(&b, month, false);
      an_csv_field(&b, c->company_code, false);
      an_csv_field(&b, c->company_name, false);
      an_csv_field(&b, an_rec_str(st, "shop_name"), false);
      for (int k = 0; k < 5; k++)
        an_csv_int(&b, an_rec_int(st, amounts[k]), k == 4);
      records++;
    }
    json_decref(stmt);
  }
  an_spec_free_array(&an_contract_spec, all, n);
  json_decref(seen);
  if (rc < 0 || !b.data) {
    an_buf_free(&b);
    return AN_EC_GENERIC_INTERNAL;
  }
  struct handover h = {ctx, month, y * 100 + m, records};
  if (an_db_txn(db, handover_txn, &h) < 0) {
    an_buf_free(&b);
    return AN_EC_GENERIC_INTERNAL;
  }
  *len = b.len;
  *csv = an_buf_steal(&b);
  return AN_EC_OK;
}

/* ---- charges over a window of days (receivables: what is due at a notice) ---- */

struct window {
  struct an_date from, to;
  bool (*skip)(int y, int m, void *cls);
  void *cls;
  struct an_fee_line *lines;
  size_t n, cap;
};

static void window_add(struct window *w, int64_t amount, int tax_rate)
{
  if (amount <= 0)
    return;
  if (w->n == w->cap) {
    w->cap = w->cap ? 2 * w->cap : 16;
    w->lines = realloc(w->lines, w->cap * sizeof *w->lines);
    if (!w->lines)
      abort();
  }
  w->lines[w->n++] = (struct an_fee_line){amount, tax_rate};
}

static bool within(struct an_date d, struct an_date from, struct an_date to)
{
  return an_date_cmp(d, from) >= 0 && an_date_cmp(d, to) <= 0;
}

/* The charges of contract c in month (y, m) that fall on days of the window: the initial fee on
 * its start date, a yearly plan's whole year on the first billable day of its anniversary month,
 * a monthly plan's days of the window pro-rated as in a statement. */
static int window_month(struct an_db *db, const struct an_contract *c,
                        const struct changes *changes, int y, int m, struct window *w)
{
  struct contract_month cm;
  int rc = contract_month(db, c, changes, y, m, &cm);
  if (rc <= 0)
    return rc;
  int rate = (int)cm.plan.tax_rate;
  if (cm.start.y == y && cm.start.m == m && within(cm.start, w->from, w->to))
    window_add(w, cm.plan.initial_fee, rate);
  if (!strcmp(cm.plan.billing_cycle, "yearly")) {
    struct an_date first = {y, m, 1};
    struct an_date on = an_date_cmp(cm.start, first) > 0 ? cm.start : first;
    if (m == cm.start.m && y >= cm.start.y && within(on, w->from, w->to) &&
        (!cm.has_last || an_date_cmp(on, cm.last) <= 0))
      window_add(w, cm.plan.monthly_fee * 12, rate);
  } else {
    struct an_date from = an_date_cmp(cm.start, w->from) > 0 ? cm.start : w->from;
    struct an_date to = cm.has_last && an_date_cmp(cm.last, w->to) < 0 ? cm.last : w->to;
    window_add(w, an_fee_month_charge(cm.plan.monthly_fee, 0, from, &to, y, m, NULL, NULL), rate);
  }
  an_spec_clear(&an_plan_spec, &cm.plan);
  return 1;
}

/* The metered usage of the pair in hours of the window's days (JST), months skip answers true for
 * left out (invoiced). */
static int window_usage(struct an_db *db, int64_t tenant_id, int64_t shop_id, struct window *w)
{
  struct an_date after;
  if (!an_date_add_days(w->to, 1, &after))
    return 1;
  char from[40], to[40];
  an_time_format_utc(an_market_midnight(w->from), from, sizeof from);
  an_time_format_utc(an_market_midnight(after), to, sizeof to);
  struct an_usage_charge *ch = NULL;
  size_t n = 0;
  int rc = an_store_usage_charges(db, tenant_id, shop_id, from, to, &ch, &n);
  for (size_t i = 0; rc >= 0 && i < n; i++) {
    int y, m;
    if (!parse_month(ch[i].month, &y, &m) || (w->skip && w->skip(y, m, w->cls)))
      continue;
    window_add(w, ch[i].amount, (int)ch[i].tax_rate);
  }
  an_spec_free_array(&an_usage_charge_spec, ch, n);
  return rc < 0 ? rc : 1;
}

int an_fees_window(struct an_db *db, int64_t tenant_id, int64_t shop_id, struct an_date from,
                   struct an_date to, bool (*skip)(int y, int m, void *cls), void *cls,
                   struct an_fee_totals *out)
{
  *out = (struct an_fee_totals){0};
  if (an_date_cmp(from, to) > 0)
    return 1;
  struct tenant_book book;
  int rc = book_read(db, tenant_id, &book);
  struct an_contract *contracts = book.contracts;
  size_t n = book.n;
  struct changes changes = {book.applied, book.napplied};
  struct window w = {.from = from, .to = to, .skip = skip, .cls = cls};
  for (size_t i = 0; rc >= 0 && i < n; i++) {
    struct an_date start;
    if (contracts[i].shop_id != shop_id || !an_date_parse(contracts[i].start_on, &start))
      continue;
    struct an_date first = an_date_cmp(start, from) > 0 ? start : from; /* no month before it */
    for (int y = first.y, m = first.m; rc >= 0 && (y < to.y || (y == to.y && m <= to.m));
         m = m == 12 ? 1 : m + 1, y += m == 1) {
      if (!skip || !skip(y, m, cls))
        rc = window_month(db, &contracts[i], &changes, y, m, &w);
    }
  }
  book_free(&book);
  if (rc >= 0)
    rc = window_usage(db, tenant_id, shop_id, &w);
  if (rc >= 0)
    an_fee_totals(w.lines, w.n, out);
  free(w.lines);
  return rc < 0 ? rc : 1;
}

int an_fees_statements(struct an_db *db, int64_t tenant_id, int y, int m, json_t **out)
{
  return tenant_month(db, tenant_id, y, m, out);
}
