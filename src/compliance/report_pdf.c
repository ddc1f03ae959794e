/* The self-assessment report as a PDF (issue 16 item 5). Everything on it comes from
 * an_assess_catalog's JSON, so the report says what the page, the CSV and the OSCAL say; labels are
 * the catalogue's (core/messages.def) in the reader's language, the evaluation time goes through
 * core/format.c (JST). Layout with libharu through core/pdf.h, as the invoice does. */
#include "compliance/report_pdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compliance/assess.h"
#include "compliance/catalog.h"
#include "core/alloc.h"
#include "core/format.h"
#include "core/messages.h"
#include "core/pdf.h"
#include "core/time.h"
#include "identity/operator_profile.h"
#include "store/rows.h"

#define LEFT 56.0f
#define RIGHT 539.0f
#define BOTTOM 64.0f

static const char *const statuses[] = {"compliant", "partial", "non_compliant", "not_applicable",
                                       "unassessed"};
#define N_STATUSES (sizeof statuses / sizeof statuses[0])

struct doc {
  struct an_pdf *pdf;
  HPDF_Page page;
  float y;
  int pages;
  const char *lang;
};

static void text_at(struct doc *d, float x, float size, int align, float max, const char *s);

/* A new A4 page with its number at the foot. */
static void new_page(struct doc *d)
{
  d->page = an_pdf_page_a4(d->pdf);
  d->pages++;
  json_t *v = json_pack("{s:i}", "n", d->pages);
  char *n = an_msg_render("compliance.report.page", d->lang, v);
  json_decref(v);
  d->y = 36;
  text_at(d, RIGHT, 8, 1, 0, n ? n : "");
  free(n);
  d->y = HPDF_Page_GetHeight(d->page) - 64;
}

/* Text at x on the current line (an_pdf_text_at). */
static void text_at(struct doc *d, float x, float size, int align, float max, const char *s)
{
  an_pdf_text_at(d->pdf, d->page, x, d->y, size, align, max, s);
}

/* Moves down by; a new page when less than need is left below. */
static void advance(struct doc *d, float by, float need)
{
  d->y -= by;
  if (d->y - need < BOTTOM)
    new_page(d);
}

static void rule(struct doc *d, float width)
{
  HPDF_Page_SetLineWidth(d->page, width);
  HPDF_Page_MoveTo(d->page, LEFT, d->y - 4);
  HPDF_Page_LineTo(d->page, RIGHT, d->y - 4);
  HPDF_Page_Stroke(d->page);
}

/* The bytes of s's first UTF-8 character. */
static size_t cp_len(const char *s)
{
  unsigned char c = (unsigned char)*s;
  size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  for (size_t i = 1; i < n; i++)
    if (!s[i])
      return i;
  return n;
}

/* How many bytes of s fit in width at the current font size: whole characters, and in a text
 * with spaces (English) whole words where one fits. */
static size_t fit(struct doc *d, const char *s, float width)
{
  size_t len = strlen(s), at = 0, space = 0;
  char *tmp = an_calloc(len + 1);
  while (at < len && s[at] != '\n') { /* a line break in the text ends the line */
    size_t next = at + cp_len(s + at);
    memcpy(tmp, s, next);
    tmp[next] = '\0';
    if (HPDF_Page_TextWidth(d->page, tmp) > width)
      break;
    at = next;
    if (s[at] == ' ')
      space = at;
  }
  free(tmp);
  if (at == 0)
    return s[0] == '\n' ? 0 : cp_len(s); /* one character always goes, so the loop ends */
  return at < len && s[at] != '\n' && space ? space : at;
}

/* Text from x wrapped to the right margin, line after line. */
static void wrapped(struct doc *d, float x, float size, const char *s)
{
  HPDF_Page_SetFontAndSize(d->page, d->pdf->font, size);
  while (*s) {
    size_t n = fit(d, s, RIGHT - x);
    char *line = an_calloc(n + 1);
    memcpy(line, s, n);
    text_at(d, x, size, 0, 0, line);
    free(line);
    s += n;
    while (*s == ' ' || *s == '\n')
      s++;
    advance(d, size * 1.5f, 0);
    HPDF_Page_SetFontAndSize(d->page, d->pdf->font, size);
  }
}

static char *status_label(const char *st, const char *lang)
{
  char key[64];
  snprintf(key, sizeof key, "compliance.report.status.%s", st);
  return an_asprintf("%s", an_msg_text(key, lang));
}

/* "label：value" (": " in English), wrapped. */
static void field(struct doc *d, float x, float size, const char *key, const char *value)
{
  char *s = an_asprintf("%s%s%s", an_msg_text(key, d->lang), strcmp(d->lang, "en") ? "：" : ": ",
                        value ? value : "");
  wrapped(d, x, size, s);
  free(s);
}

static const char *title_of(const json_t *o, const char *lang)
{
  const char *en = an_rec_str(o, "title_en");
  return !strcmp(lang, "en") && en[0] ? en : an_rec_str(o, "title");
}

/* The status columns' right edges, after the section's name. */
static float col_x(size_t i)
{
  return 330.0f + 52.25f * (float)i;
}

static void counts_row(struct doc *d, const char *label, const json_t *counts, float size)
{
  text_at(d, LEFT, size, 0, col_x(0) - 48 - LEFT, label);
  for (size_t i = 0; i < N_STATUSES; i++) {
    char n[24];
    snprintf(n, sizeof n, "%lld",
             (long long)json_integer_value(json_object_get(counts, statuses[i])));
    text_at(d, col_x(i), size, 1, 0, n);
  }
}

/* One checklist: its title, the count table per section and the total. */
static void catalog_counts(struct doc *d, const json_t *cat)
{
  advance(d, 0, 80);
  json_t *v =
      json_pack("{s:I}", "n", (json_int_t)json_integer_value(json_object_get(cat, "items")));
  char *items = an_msg_render("compliance.report.items", d->lang, v);
  json_decref(v);
  bool en = !strcmp(d->lang, "en");
  char *head = an_asprintf("%s%s%s%s", title_of(cat, d->lang), en ? " (" : "（", items ? items : "",
                           en ? ")" : "）");
  free(items);
  text_at(d, LEFT, 13, 0, RIGHT - LEFT, head);
  free(head);
  advance(d, 20, 14);
  text_at(d, LEFT, 8, 0, 0, an_msg_text("compliance.report.section", d->lang));
  for (size_t i = 0; i < N_STATUSES; i++) {
    char *l = status_label(statuses[i], d->lang);
    text_at(d, col_x(i), 8, 1, 50, l);
    free(l);
  }
  rule(d, 0.6f);
  advance(d, 15, 12);
  size_t s;
  json_t *sec;
  json_array_foreach(json_object_get(cat, "sections"), s, sec)
  {
    /* numbered sections carry their number; named ones ("可用性", "scope") only their title */
    const char *id = an_rec_str(sec, "id");
    char *label = id[0] >= '0' && id[0] <= '9' ? an_asprintf("%s %s", id, title_of(sec, d->lang))
                                               : an_asprintf("%s", title_of(sec, d->lang));
    counts_row(d, label, json_object_get(sec, "counts"), 8.5f);
    free(label);
    rule(d, 0.2f);
    advance(d, 14, 12);
  }
  counts_row(d, an_msg_text("compliance.report.total", d->lang), json_object_get(cat, "counts"),
             9.5f);
  advance(d, 26, 0);
}

/* The safety-mark verdict of both applications with its reasons. */
static void verdict(struct doc *d, const json_t *cat)
{
  json_t *vs = json_object_get(cat, "verdict");
  if (!vs)
    return;
  advance(d, 0, 60);
  text_at(d, LEFT, 12, 0, 0, an_msg_text("compliance.report.verdict", d->lang));
  advance(d, 20, 0);
  const char *apps[] = {"renewal", "first"};
  for (size_t a = 0; a < 2; a++) {
    json_t *r = json_object_get(vs, apps[a]);
    if (!r)
      continue;
    char app[48];
    snprintf(app, sizeof app, "compliance.report.app.%s", apps[a]);
    json_t *vars = json_pack("{s:s, s:O, s:O, s:O, s:O, s:O, s:s}", "app", app, "met",
                             json_object_get(r, "mandatory_met"), "total",
                             json_object_get(r, "mandatory_total"), "points",
                             json_object_get(r, "points"), "max", json_object_get(r, "points_max"),
                             "min", json_object_get(r, "points_min"), "result",
                             json_is_true(json_object_get(r, "pass")) ? "compliance.report.pass"
                                                                      : "compliance.report.fail");
    char *line = vars ? an_msg_render("compliance.report.verdict_line", d->lang, vars) : NULL;
    json_decref(vars);
    wrapped(d, LEFT, 10, line ? line : "");
    free(line);
    size_t i;
    json_t *why;
    json_array_foreach(json_object_get(r, "reasons"), i, why)
    {
      char *s = an_asprintf("・%s", json_string_value(why) ? json_string_value(why) : "");
      wrapped(d, LEFT + 14, 8.5f, s);
      free(s);
    }
    advance(d, 6, 0);
  }
  advance(d, 14, 0);
}

static bool failing(const json_t *it)
{
  const char *st = an_rec_str(it, "status");
  return strcmp(st, "compliant") && strcmp(st, "not_applicable");
}

/* Every item that is not compliant or not applicable, with its reason and next step. */
static void failing_items(struct doc *d, json_t *const *cats, size_t n)
{
  advance(d, 0, 80);
  text_at(d, LEFT, 14, 0, 0, an_msg_text("compliance.report.failing", d->lang));
  advance(d, 24, 0);
  size_t shown = 0;
  for (size_t c = 0; c < n; c++) {
    bool headed = false;
    size_t s, i;
    json_t *sec, *it;
    json_array_foreach(json_object_get(cats[c], "sections"), s, sec)
    {
      json_array_foreach(json_object_get(sec, "items"), i, it)
      {
        if (!failing(it))
          continue;
        if (!headed) {
          advance(d, 0, 60);
          text_at(d, LEFT, 11.5f, 0, 0, title_of(cats[c], d->lang));
          rule(d, 0.6f);
          advance(d, 20, 0);
          headed = true;
        }
        advance(d, 0, 40);
        char *st = status_label(an_rec_str(it, "status"), d->lang);
        const char *text = !strcmp(d->lang, "en") && an_rec_str(it, "title_en")[0]
                               ? an_rec_str(it, "title_en")
                               : an_rec_str(it, "text");
        bool en = !strcmp(d->lang, "en");
        char *head = an_asprintf("%s%s%s%s%s", an_rec_str(it, "id"), en ? " [" : "［", st,
                                 en ? "] " : "］", text);
        free(st);
        wrapped(d, LEFT, 9.5f, head);
        free(head);
        field(d, LEFT + 14, 8, "compliance.report.reason", an_rec_str(it, "reason"));
        if (an_rec_str(it, "next_step")[0])
          field(d, LEFT + 14, 8, "compliance.report.next_step", an_rec_str(it, "next_step"));
        advance(d, 5, 0);
        shown++;
      }
    }
    if (headed)
      advance(d, 10, 0);
  }
  if (!shown)
    wrapped(d, LEFT, 10, an_msg_text("compliance.report.none_failing", d->lang));
}

/* The title block: operator and the evaluation time in JST. */
static void title(struct doc *d, struct an_db *db, const char *evaluated_at)
{
  text_at(d, LEFT, 20, 0, 0, an_msg_text("compliance.report.title", d->lang));
  advance(d, 34, 0);
  struct an_operator_profile *p = an_calloc(sizeof *p);
  bool named = an_operator_profile_get(db, p) == 1 && p->legal_name[0];
  field(d, LEFT, 10.5f, "compliance.report.operator",
        named ? p->legal_name : an_msg_text("compliance.report.operator_none", d->lang));
  free(p);
  int64_t us = 0;
  struct an_buf at = {0};
  if (evaluated_at && an_time_parse(evaluated_at, &us))
    an_fmt_datetime(&at, d->lang, us);
  else
    an_buf_puts(&at, an_msg_text("compliance.report.never", d->lang));
  field(d, LEFT, 10.5f, "compliance.report.evaluated_at", at.data ? at.data : "");
  an_buf_free(&at);
  advance(d, 16, 0);
}

static void layout(struct doc *d, struct an_db *db, json_t *const *cats, size_t n)
{
  new_page(d);
  title(d, db, n ? json_string_value(json_object_get(cats[0], "evaluated_at")) : NULL);
  for (size_t c = 0; c < n; c++) {
    catalog_counts(d, cats[c]);
    verdict(d, cats[c]);
  }
  failing_items(d, cats, n);
}

enum an_ec an_assess_report_pdf(const struct an_ctx *ctx, struct an_db *db, const char *lang,
                                struct an_buf *out)
{
  lang = an_lang_norm(lang);
  size_t n = an_catalog_count();
  json_t **cats = an_calloc((n ? n : 1) * sizeof *cats);
  enum an_ec ec = AN_EC_OK;
  for (size_t i = 0; i < n && ec == AN_EC_OK; i++)
    ec = an_assess_catalog(ctx, db, an_catalog_at(i)->id, lang, &cats[i]);
  char err[256];
  struct an_pdf pdf;
  if (ec == AN_EC_OK && !an_pdf_open(&pdf, err, sizeof err))
    ec = AN_EC_GENERIC_INTERNAL;
  if (ec == AN_EC_OK) {
    struct doc d = {.pdf = &pdf, .lang = lang};
    layout(&d, db, cats, n);
    unsigned char *bytes = NULL;
    size_t len = 0;
    if (an_pdf_save(&pdf, &bytes, &len))
      an_buf_append(out, bytes, len);
    else
      ec = AN_EC_GENERIC_INTERNAL;
    free(bytes);
  }
  for (size_t i = 0; i < n; i++)
    json_decref(cats[i]);
  free(cats);
  return ec;
}
