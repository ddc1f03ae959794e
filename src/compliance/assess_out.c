/* The assessment's outputs beside its JSON: the answer sheets as CSV in the seeds' layout and the
 * automatic checks as NIST OSCAL assessment-results. Both are built from an_assess_catalog and
 * an_compliance_requirements, so every output says what the page says. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compliance/assess.h"
#include "compliance/catalog.h"
#include "compliance/history.h"
#include "core/csv.h"
#include "core/messages.h"
#include "store/compliance_live.h"
#include "store/rows.h"

/* 実施有無 of an item's status, in lang (compliance.assess.answer.*). */
static const char *answer_word(const char *status, const char *lang)
{
  char key[64];
  snprintf(key, sizeof key, "compliance.assess.answer.%s", status);
  const char *t = an_msg_text(key, lang);
  return t ? t : status;
}

/* A column of an answer sheet's CSV: its heading and the item's field it shows (an answered
 * field shows the status's word in the reader's language). */
struct sheet_col {
  const char *head, *field;
  bool answer;
};

static const struct sheet_col checksheet_cols[] = {{"項番", "id", false},
                                                   {"確認事項", "text", false},
                                                   {"実施有無", "status", true},
                                                   {"事業者回答", "reason", false},
                                                   {NULL, NULL, false}};
/* whitepaper and sla: one row per item with its status and reason (sla with its target). */
static const struct sheet_col whitepaper_cols[] = {{"項番", "id", false},
                                                   {"項目", "text", false},
                                                   {"状態", "status", true},
                                                   {"理由", "reason", false},
                                                   {NULL, NULL, false}};
static const struct sheet_col sla_cols[] = {{"項番", "id", false},       {"項目", "text", false},
                                            {"目標値", "target", false}, {"状態", "status", true},
                                            {"理由", "reason", false},   {NULL, NULL, false}};

/* The heading and one row per item of every section, in the columns cols (ended by a NULL
 * heading): the checksheet, whitepaper and SLA sheets differ only in their columns. */
static void csv_sheet(const char *lang, json_t *cat, const struct sheet_col *cols, struct an_buf *b)
{
  for (const struct sheet_col *c = cols; c->head; c++)
    an_csv_field(b, c->head, !c[1].head);
  size_t s, i;
  json_t *sec, *it;
  json_array_foreach(json_object_get(cat, "sections"), s, sec)
  {
    json_array_foreach(json_object_get(sec, "items"), i, it)
    {
      for (const struct sheet_col *c = cols; c->head; c++) {
        const char *v = an_rec_str(it, c->field);
        an_csv_field(b, c->answer ? answer_word(v, lang) : v, !c[1].head);
      }
    }
  }
}

/* The boxes of one mark answer: ■ for the answer given, □ for the others. */
static void mark_boxes(json_t *ans, struct an_buf *cell)
{
  json_t *max = json_object_get(ans, "points_max");
  if (json_is_integer(max)) {
    int got = (int)json_integer_value(json_object_get(ans, "points"));
    for (int p = (int)json_integer_value(max); p >= 0; p--)
      an_buf_printf(cell, "%s%s%d点", p == (int)json_integer_value(max) ? "" : " ",
                    p == got ? "■" : "□", p);
    return;
  }
  bool met = json_is_true(json_object_get(ans, "met"));
  an_buf_printf(cell, "%sはい %sいいえ", met ? "■" : "□", met ? "□" : "■");
}

static void csv_mark(const struct an_catalog *c, json_t *cat, struct an_buf *b)
{
  an_csv_field(b, "項番", false);
  an_csv_field(b, "審査項目", false);
  an_csv_field(b, "区分", false);
  an_csv_field(b, "回答", false);
  an_csv_field(b, "点数", true);
  size_t s, i;
  json_t *sec, *it;
  json_array_foreach(json_object_get(cat, "sections"), s, sec)
  {
    json_array_foreach(json_object_get(sec, "items"), i, it)
    {
      const struct an_cat_item *ci = an_catalog_item(c, an_rec_str(it, "id"));
      json_t *ans = json_object_get(it, "answer");
      struct an_buf cell = {0};
      mark_boxes(ans, &cell);
      an_csv_field(b, an_rec_str(it, "id"), false);
      an_csv_field(b, an_rec_str(it, "text"), false);
      an_csv_field(b, ci && ci->grade[AN_CAT_RENEWAL].kind == AN_CAT_MANDATORY ? "必須" : "点数",
                   false);
      an_csv_field(b, cell.data ? cell.data : "", false);
      json_t *pts = json_object_get(ans, "points");
      if (json_is_integer(pts))
        an_csv_int(b, json_integer_value(pts), true);
      else
        an_csv_field(b, "", true);
      an_buf_free(&cell);
    }
  }
  /* The verdicts under the sheet: points, mandatory items met and the outcome per application. */
  const char *apps[] = {"renewal", "first"};
  for (int a = 0; a < 2; a++) {
    json_t *v = json_object_get(json_object_get(cat, "verdict"), apps[a]);
    if (!v)
      continue;
    struct an_buf cell = {0};
    an_buf_printf(&cell, "必須 %lld/%lld 点数 %lld/%lld（合格点 %lld）",
                  json_integer_value(json_object_get(v, "mandatory_met")),
                  json_integer_value(json_object_get(v, "mandatory_total")),
                  json_integer_value(json_object_get(v, "points")),
                  json_integer_value(json_object_get(v, "points_max")),
                  json_integer_value(json_object_get(v, "points_min")));
    an_csv_field(b, "", false);
    an_csv_field(b, c->rules[a].title, false);
    an_csv_field(b, "判定", false);
    an_csv_field(b, cell.data ? cell.data : "", false);
    an_csv_field(b, json_is_true(json_object_get(v, "pass")) ? "合格" : "不合格", true);
    an_buf_free(&cell);
  }
}

enum an_ec an_assess_csv(const struct an_ctx *ctx, struct an_db *db, const char *id,
                         const char *lang, struct an_buf *out)
{
  json_t *cat = NULL;
  enum an_ec ec = an_assess_catalog(ctx, db, id, lang, &cat);
  if (ec != AN_EC_OK)
    return ec;
  const struct an_catalog *c = an_catalog_get(id);
  an_buf_append(out, "\xEF\xBB\xBF", 3); /* the BOM: Excel reads the file as UTF-8 */
  if (c->has_rules && strcmp(c->id, "checksheet"))
    csv_mark(c, cat, out);
  else
    csv_sheet(lang, cat,
              !strcmp(c->id, "checksheet") ? checksheet_cols
              : !strcmp(c->id, "sla")      ? sla_cols
                                           : whitepaper_cols,
              out);
  json_decref(cat);
  return AN_EC_OK;
}

/* A UUID (version 4 layout) derived from text, so the same evaluation gives the same ids. */
static void uuid_of(const char *text, char out[37])
{
  unsigned char h[16];
  crypto_generichash(h, sizeof h, (const unsigned char *)text, strlen(text), NULL, 0);
  h[6] = (unsigned char)((h[6] & 0x0f) | 0x40);
  h[8] = (unsigned char)((h[8] & 0x3f) | 0x80);
  snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", h[0],
           h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9], h[10], h[11], h[12], h[13], h[14],
           h[15]);
}

static json_t *uuid_json(const char *kind, const char *req, const char *at)
{
  char text[256], u[37];
  snprintf(text, sizeof text, "%s|%s|%s", kind, req, at);
  uuid_of(text, u);
  return json_string(u);
}

/* One check's observation (its evidence) and its finding (satisfied or not). */
static void oscal_row(json_t *row, const char *at, json_t *obs, json_t *finds)
{
  const char *req = an_rec_str(row, "requirement");
  json_t *ev = json_object_get(row, "evidence");
  const char *link = an_rec_str(ev, "link");
  const char *checked = an_rec_str(ev, "checked_at");
  json_t *ouuid = uuid_json("observation", req, at);
  char *evtext = json_dumps(ev, JSON_COMPACT | JSON_SORT_KEYS);
  json_t *o = json_pack(
      "{s:O, s:s, s:s, s:[s], s:[s], s:s, s:[{s:s, s:s}], s:[{s:s, s:s, s:s}]}", "uuid", ouuid,
      "title", req, "description", an_rec_str(row, "reason"), "methods", "TEST", "types", "finding",
      "collected", checked[0] ? checked : at, "relevant-evidence", "href",
      link[0] ? link : "/compliance", "description", evtext ? evtext : "{}", "props", "name",
      "status", "ns", "https://anshin.jp/ns/oscal", "value", an_rec_str(row, "status"));
  free(evtext);
  const char *st = an_rec_str(row, "status");
  bool ok = !strcmp(st, "compliant") || !strcmp(st, "not_applicable");
  json_t *f = json_pack("{s:o, s:s, s:s, s:{s:s, s:s, s:{s:s}}, s:[{s:O}]}", "uuid",
                        uuid_json("finding", req, at), "title", req, "description",
                        an_rec_str(row, "reason"), "target", "type", "objective-id", "target-id",
                        req, "status", "state", ok ? "satisfied" : "not-satisfied",
                        "related-observations", "observation-uuid", ouuid);
  json_decref(ouuid);
  if (o)
    json_array_append_new(obs, o);
  if (f)
    json_array_append_new(finds, f);
}

enum an_ec an_assess_oscal(const struct an_ctx *ctx, struct an_db *db, json_t **out)
{
  *out = NULL;
  json_t *doc = NULL;
  enum an_ec ec = an_compliance_requirements(ctx, db, "en", &doc);
  if (ec != AN_EC_OK)
    return ec;
  const char *at = an_rec_str(doc, "evaluated_at");
  if (!at[0])
    at = "1970-01-01T00:00:00Z";
  json_t *obs = json_array(), *finds = json_array();
  size_t i;
  json_t *row;
  json_array_foreach(json_object_get(doc, "requirements"), i, row)
  {
    if (!strcmp(an_rec_str(row, "source"), "check")) /* the automatic checks only */
      oscal_row(row, at, obs, finds);
  }
  json_t *result =
      json_pack("{s:o, s:s, s:s, s:s, s:{s:[{s:{}}]}, s:o, s:o}", "uuid",
                uuid_json("result", "", at), "title", "anshin automatic compliance checks",
                "description", "The live checks of the running system, keyed by requirement ID.",
                "start", at, "reviewed-controls", "control-selections", "include-all",
                "observations", obs, "findings", finds);
  *out = json_pack("{s:{s:o, s:{s:s, s:s, s:s, s:s}, s:{s:s}, s:[o]}}", "assessment-results",
                   "uuid", uuid_json("assessment-results", "", at), "metadata", "title",
                   "anshin self-assessment", "last-modified", at, "version", "1", "oscal-version",
                   "1.1.2", "import-ap", "href", "#assessment-plan", "results", result);
  json_decref(doc);
  return *out ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
}

enum an_ec an_assess_trust(const struct an_ctx *ctx, struct an_db *db, json_t **out)
{
  *out = NULL;
  if (!ctx->cfg->compliance_trust_page) {
    *out = json_pack("{s:b}", "published", 0);
    return *out ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
  }
  json_t *rows = json_array();
  if (an_store_cstatus_list_all(db, rows) < 0) {
    json_decref(rows);
    return AN_EC_GENERIC_INTERNAL;
  }
  json_t *checks = json_array();
  const char *newest = "";
  int passing = 0;
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row)
  {
    if (strcmp(an_rec_str(row, "source"), "check")) /* attestations stay private */
      continue;
    const char *st = an_rec_str(row, "status");
    passing += !strcmp(st, "compliant") || !strcmp(st, "not_applicable");
    if (strcmp(an_rec_str(row, "evaluated_at"), newest) > 0)
      newest = an_rec_str(row, "evaluated_at");
    json_array_append_new(checks, json_pack("{s:s, s:s, s:s}", "requirement",
                                            an_rec_str(row, "requirement"), "status", st, "since",
                                            an_rec_str(row, "since_at")));
  }
  *out = json_pack("{s:b, s:s?, s:i, s:i, s:o}", "published", 1, "evaluated_at",
                   newest[0] ? newest : NULL, "passing", passing, "total",
                   (int)json_array_size(checks), "checks", checks);
  json_decref(rows);
  return *out ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
}
