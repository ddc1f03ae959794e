/* The invoice as a PDF (issue 17 item 1; TOS-13, TOS-20): one A4 document laid out as a
 * qualified invoice (適格請求書) — the issuer shop's name and registration number, the recipient,
 * the number, issue date and transaction period, the lines, and per tax rate the taxable total and
 * the tax, then the total; a credit note names the invoice it corrects and why. Labels are the
 * catalogue's (core/messages.def) in the reader's language; dates and amounts go through
 * core/format.c. */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/format.h"
#include "core/log.h"
#include "core/messages.h"
#include "core/pdf.h"
#include "market/receivables.h"

#define LEFT 56.0f
#define RIGHT 539.0f
#define BOTTOM 72.0f

struct doc {
  struct an_pdf *pdf;
  HPDF_Page page;
  float y;
  const char *lang;
};

static void new_page(struct doc *d)
{
  d->page = an_pdf_page_a4(d->pdf);
  d->y = HPDF_Page_GetHeight(d->page) - 64;
}

/* Text at x on the current line (an_pdf_text_at). */
static void text_at(struct doc *d, float x, float size, int align, float max, const char *s)
{
  an_pdf_text_at(d->pdf, d->page, x, d->y, size, align, max, s);
}

static void advance(struct doc *d, float by)
{
  d->y -= by;
  if (d->y < BOTTOM)
    new_page(d);
}

static char *yen(const char *lang, int64_t n)
{
  struct an_buf b = {0};
  an_fmt_yen(&b, lang, n);
  return an_buf_steal(&b);
}

static char *date(const char *lang, const char *iso)
{
  struct an_buf b = {0};
  an_fmt_date_iso(&b, lang, iso);
  return an_buf_steal(&b);
}

static char *msg(const char *key, const char *lang, json_t *vars)
{
  char *s = an_msg_render(key, lang, vars);
  json_decref(vars);
  return s ? s : an_asprintf("%s", "");
}

/* "label：value" (": " in English) at the left or from x. */
static void field(struct doc *d, float x, const char *key, const char *value)
{
  char *s = an_asprintf("%s%s%s", an_msg_text(key, d->lang), strcmp(d->lang, "en") ? "：" : ": ",
                        value ? value : "");
  text_at(d, x, 10, 0, RIGHT - x, s);
  free(s);
  advance(d, 16);
}

/* The transaction period: the month's first to last day. */
static char *period(const char *lang, const char *month)
{
  int y = atoi(month), m = atoi(month + 5);
  char first[32], last[32];
  snprintf(first, sizeof first, "%.7s-01", month);
  snprintf(last, sizeof last, "%.7s-%02d", month, an_month_days(y, m));
  char *a = date(lang, first), *b = date(lang, last);
  char *s = an_asprintf("%s%s%s", a, strcmp(lang, "en") ? " 〜 " : " – ", b);
  free(a);
  free(b);
  return s;
}

static void header(struct doc *d, const struct an_invoice *inv)
{
  bool credit = !strcmp(inv->kind, "credit_note");
  const char *title = credit                        ? "invoice.pdf.title_credit"
                      : inv->issuer_registration[0] ? "invoice.pdf.title_qualified"
                                                    : "invoice.pdf.title";
  text_at(d, LEFT, 20, 0, 0, an_msg_text(title, d->lang));
  advance(d, 40);
  char *to = msg("invoice.pdf.recipient", d->lang, json_pack("{s:s}", "name", inv->recipient_name));
  text_at(d, LEFT, 14, 0, 280, to);
  free(to);
  HPDF_Page_SetLineWidth(d->page, 0.8f);
  HPDF_Page_MoveTo(d->page, LEFT, d->y - 4);
  HPDF_Page_LineTo(d->page, LEFT + 280, d->y - 4);
  HPDF_Page_Stroke(d->page);
  advance(d, 30);
  char *issued = date(d->lang, inv->issued_on), *due = date(d->lang, inv->due_on);
  char *span = period(d->lang, inv->month);
  field(d, LEFT, "invoice.pdf.number", inv->number);
  field(d, LEFT, "invoice.pdf.issued_on", issued);
  field(d, LEFT, "invoice.pdf.period", span);
  if (!credit)
    field(d, LEFT, "invoice.pdf.due_on", due);
  free(issued);
  free(due);
  free(span);
  advance(d, 6);
  field(d, LEFT, "invoice.pdf.issuer", inv->issuer_name);
  field(d, LEFT, "invoice.pdf.registration",
        inv->issuer_registration[0] ? inv->issuer_registration
                                    : an_msg_text("invoice.pdf.not_registered", d->lang));
  advance(d, 10);
}

static const char *str(const json_t *o, const char *k)
{
  const char *s = json_string_value(json_object_get(o, k));
  return s ? s : "";
}

/* What a line is: "service / plan (monthly fee)", with ※ at the reduced rate. */
static char *item_of(const json_t *l, const char *lang)
{
  const char *kind = str(l, "kind");
  if (!strcmp(kind, "credit"))
    return msg("invoice.pdf.line.credit", lang, json_pack("{s:s}", "number", str(l, "invoice")));
  char key[64];
  snprintf(key, sizeof key, "invoice.pdf.line.%s", kind);
  const char *what = an_msg_text(key, lang);
  bool reduced = json_integer_value(json_object_get(l, "tax_rate")) == 8;
  bool en = !strcmp(lang, "en");
  return an_asprintf("%s / %s%s%s%s%s", str(l, "service"), str(l, "plan"), en ? " (" : "（",
                     what && strcmp(what, key) ? what : kind, en ? ")" : "）", reduced ? " ※" : "");
}

static void rule(struct doc *d, float width)
{
  HPDF_Page_SetLineWidth(d->page, width);
  HPDF_Page_MoveTo(d->page, LEFT, d->y - 5);
  HPDF_Page_LineTo(d->page, RIGHT, d->y - 5);
  HPDF_Page_Stroke(d->page);
}

static void lines(struct doc *d, const struct an_invoice *inv)
{
  text_at(d, LEFT, 9, 0, 0, an_msg_text("invoice.pdf.col.contract", d->lang));
  text_at(d, LEFT + 110, 9, 0, 0, an_msg_text("invoice.pdf.col.item", d->lang));
  text_at(d, 430, 9, 1, 0, an_msg_text("invoice.pdf.col.rate", d->lang));
  text_at(d, RIGHT, 9, 1, 0, an_msg_text("invoice.pdf.col.amount", d->lang));
  rule(d, 0.8f);
  advance(d, 18);
  json_t *ls = json_loads(inv->lines, 0, NULL);
  size_t i;
  json_t *l;
  json_array_foreach(ls, i, l)
  {
    char *item = item_of(l, d->lang);
    char rate[32];
    snprintf(rate, sizeof rate, "%lld%%",
             (long long)json_integer_value(json_object_get(l, "tax_rate")));
    char *amount = yen(d->lang, json_integer_value(json_object_get(l, "amount")));
    text_at(d, LEFT, 9, 0, 105, json_object_get(l, "contract") ? str(l, "contract") : "—");
    text_at(d, LEFT + 110, 9, 0, 240, item);
    text_at(d, 430, 9, 1, 0, rate);
    text_at(d, RIGHT, 9, 1, 0, amount);
    rule(d, 0.3f);
    free(item);
    free(amount);
    advance(d, 18);
  }
  json_decref(ls);
  advance(d, 6);
}

/* One right-aligned "label  amount" row of the totals. */
static void total_row(struct doc *d, const char *label, int64_t amount, float size)
{
  char *a = yen(d->lang, amount);
  text_at(d, 300, size, 0, 150, label);
  text_at(d, RIGHT, size, 1, 0, a);
  free(a);
  advance(d, size + 8);
}

static void totals(struct doc *d, const struct an_invoice *inv)
{
  const struct {
    int rate;
    int64_t sub, tax;
  } r[2] = {{10, inv->subtotal_10, inv->tax_10}, {8, inv->subtotal_8, inv->tax_8}};
  for (int i = 0; i < 2; i++) {
    if (!r[i].sub && !r[i].tax)
      continue;
    char *s = msg("invoice.pdf.subtotal", d->lang, json_pack("{s:i}", "rate", r[i].rate));
    char *t = msg("invoice.pdf.tax", d->lang, json_pack("{s:i}", "rate", r[i].rate));
    total_row(d, s, r[i].sub, 10);
    total_row(d, t, r[i].tax, 10);
    free(s);
    free(t);
  }
  total_row(d, an_msg_text("invoice.pdf.total", d->lang), inv->total, 13);
  advance(d, 8);
  if (inv->subtotal_8) {
    text_at(d, LEFT, 8, 0, RIGHT - LEFT, an_msg_text("invoice.pdf.reduced", d->lang));
    advance(d, 13);
  }
  text_at(d, LEFT, 8, 0, RIGHT - LEFT, an_msg_text("invoice.pdf.rule", d->lang));
  advance(d, 16);
}

/* A credit note: the invoice it corrects and the reason. */
static void correction(struct doc *d, const struct an_invoice *inv, const char *corrects)
{
  if (strcmp(inv->kind, "credit_note"))
    return;
  field(d, LEFT, "invoice.pdf.corrects", corrects);
  field(d, LEFT, "invoice.pdf.reason", inv->reason);
  advance(d, 8);
}

enum an_ec an_invoice_pdf(const struct an_ctx *ctx, struct an_db *db, int64_t id, const char *lang,
                          unsigned char **pdf, size_t *len, char **filename)
{
  *pdf = NULL;
  *len = 0;
  *filename = NULL;
  struct an_invoice inv, orig = {0};
  enum an_ec ec = an_invoice_read(ctx, db, id, &inv);
  if (ec != AN_EC_OK)
    return ec;
  /* The corrected invoice is the same contractor's and shop's: read in the same scope. */
  bool have_orig = inv.corrects_id && an_invoice_read(ctx, db, inv.corrects_id, &orig) == AN_EC_OK;
  struct an_pdf p;
  char err[200];
  if (!an_pdf_open(&p, err, sizeof err)) {
    an_log_bug("invoice PDF cannot be started", json_pack("{s:s}", "detail", err));
    an_spec_clear(&an_invoice_spec, &inv);
    if (have_orig)
      an_spec_clear(&an_invoice_spec, &orig);
    return AN_EC_GENERIC_INTERNAL;
  }
  HPDF_SetInfoAttr(p.doc, HPDF_INFO_TITLE, inv.number);
  struct doc d = {&p, NULL, 0, an_lang_norm(lang)};
  new_page(&d);
  header(&d, &inv);
  correction(&d, &inv, have_orig ? orig.number : "");
  lines(&d, &inv);
  totals(&d, &inv);
  *filename = an_asprintf("%s.pdf", inv.number);
  an_spec_clear(&an_invoice_spec, &inv);
  if (have_orig)
    an_spec_clear(&an_invoice_spec, &orig);
  if (!an_pdf_save(&p, pdf, len)) {
    an_log_bug("invoice PDF cannot be built", NULL);
    free(*filename);
    *filename = NULL;
    return AN_EC_GENERIC_INTERNAL;
  }
  return AN_EC_OK;
}
