#include "compliance/assess.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compliance/catalog.h"
#include "compliance/history.h"
#include "compliance/score.h"
#include "core/messages.h"
#include "store/rows.h"

/* An item's (or a requirement's) status in the assessment; the last one has no live status. */
enum st { ST_COMPLIANT, ST_PARTIAL, ST_NON_COMPLIANT, ST_NOT_APPLICABLE, ST_UNASSESSED, ST__N };

static const char *const st_names[ST__N] = {"compliant", "partial", "non_compliant",
                                            "not_applicable", "unassessed"};

static enum st st_parse(const char *s)
{
  for (int i = 0; i < ST_UNASSESSED; i++)
    if (!strcmp(s, st_names[i]))
      return (enum st)i;
  return ST_UNASSESSED;
}

/* The live statuses: requirement (or "catalog:item") -> its rendered row. */
struct live {
  json_t *doc; /* an_compliance_requirements' answer */
  json_t *by;  /* object keyed by requirement */
  const char *lang;
};

static enum an_ec live_load(const struct an_ctx *ctx, struct an_db *db, const char *lang,
                            struct live *l)
{
  l->lang = lang;
  l->by = json_object();
  enum an_ec ec = an_compliance_requirements(ctx, db, lang, &l->doc);
  if (ec != AN_EC_OK)
    return ec;
  size_t i;
  json_t *row;
  json_array_foreach(json_object_get(l->doc, "requirements"), i, row)
      json_object_set(l->by, an_rec_str(row, "requirement"), row);
  return AN_EC_OK;
}

static void live_free(struct live *l)
{
  json_decref(l->doc);
  json_decref(l->by);
}

static json_t *text_msg(const char *key, const char *lang, json_t *vars)
{
  char *s = an_msg_render(key, lang, vars);
  json_decref(vars);
  json_t *j = json_string(s ? s : key);
  free(s);
  return j;
}

/* One requirement of an item as the page shows it; a requirement nobody judged is unassessed
 * and its next step is an attestation. */
static json_t *req_json(const struct live *l, const char *req)
{
  json_t *row = json_object_get(l->by, req);
  if (!row)
    return json_pack(
        "{s:s, s:s, s:n, s:o, s:o, s:n}", "requirement", req, "status", "unassessed", "source",
        "reason", text_msg("compliance.assess.no_check", l->lang, json_pack("{s:s}", "key", req)),
        "evidence", json_object(), "since");
  return json_pack("{s:s, s:s, s:s, s:s, s:O?, s:O?}", "requirement", req, "status",
                   an_rec_str(row, "status"), "source", an_rec_str(row, "source"), "reason",
                   an_rec_str(row, "reason"), "evidence", json_object_get(row, "evidence"), "since",
                   json_object_get(row, "since"));
}

/* The points a requirement's evidence gives (3-1-7's distance class), or -1. */
static int evidence_points(const struct live *l, const char *req)
{
  json_t *p = json_object_get(json_object_get(json_object_get(l->by, req), "evidence"), "points");
  return json_is_integer(p) ? (int)json_integer_value(p) : -1;
}

struct item_out {
  enum st status;
  int points; /* evidence points of a range item, -1 when none gives them */
};

/* The join of one item: its requirements' statuses and an attestation naming the item. */
static json_t *item_json(const struct live *l, const struct an_catalog *c,
                         const struct an_cat_item *it, struct item_out *o)
{
  int n[ST__N] = {0};
  json_t *reqs = json_array();
  o->points = -1;
  char key[96];
  snprintf(key, sizeof key, "%s:%s", c->id, it->id);
  for (size_t k = 0; k <= it->n_requirements; k++) {
    const char *req = k < it->n_requirements ? it->requirements[k] : key;
    if (k == it->n_requirements && !json_object_get(l->by, key))
      break; /* the item's own attestation counts only when there is one */
    json_t *rj = req_json(l, req);
    n[st_parse(an_rec_str(rj, "status"))]++;
    json_array_append_new(reqs, rj);
    int p = evidence_points(l, req);
    if (p > o->points)
      o->points = p;
  }
  int judged = n[ST_COMPLIANT] + n[ST_PARTIAL] + n[ST_NON_COMPLIANT] + n[ST_NOT_APPLICABLE];
  if (!judged)
    o->status = ST_UNASSESSED;
  else if (n[ST_NOT_APPLICABLE] == judged)
    o->status = ST_NOT_APPLICABLE;
  else if (n[ST_COMPLIANT] == judged - n[ST_NOT_APPLICABLE])
    o->status = ST_COMPLIANT;
  else if (n[ST_COMPLIANT] + n[ST_PARTIAL])
    o->status = ST_PARTIAL;
  else
    o->status = ST_NON_COMPLIANT;
  /* The reason: the first failing requirement's, else the first judged one's. */
  json_t *reason = NULL, *next = NULL, *first = NULL;
  size_t i;
  json_t *rj;
  json_array_foreach(reqs, i, rj)
  {
    enum st s = st_parse(an_rec_str(rj, "status"));
    if (!first && s != ST_UNASSESSED)
      first = json_object_get(rj, "reason");
    if (!reason && (s == ST_PARTIAL || s == ST_NON_COMPLIANT))
      reason = json_object_get(rj, "reason");
    if (!next && s != ST_COMPLIANT && s != ST_NOT_APPLICABLE)
      next = json_object_get(rj, "reason");
  }
  json_t *why = json_incref(reason ? reason : first);
  if (!why)
    why = text_msg("compliance.assess.unassessed", l->lang, json_pack("{s:s}", "key", key));
  json_t *todo = NULL;
  if (o->status == ST_COMPLIANT || o->status == ST_NOT_APPLICABLE)
    todo = json_null();
  else if (o->status == ST_UNASSESSED || !next)
    todo = text_msg("compliance.assess.attest", l->lang,
                    json_pack("{s:s}", "key", it->n_requirements ? it->requirements[0] : key));
  else
    todo = json_incref(next);
  json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:s}", "id", it->id, "text",
                        it->text, "title_en", it->title_en, "kind", an_cat_kind_name(it->kind),
                        "status", st_names[o->status], "reason", why, "next_step", todo,
                        "requirements", reqs, "attest_key", key);
  if (it->target)
    json_object_set_new(j, "target", json_string(it->target));
  if (it->unit)
    json_object_set_new(j, "unit", json_string(it->unit));
  return j;
}

/* The safety-mark answer of an item from its status: met when compliant (or not applicable:
 * the running system gives it nothing to fail); a range item gets its evidence's points when a
 * check gives them, else its most points when met, else 0. */
static int mark_answer(const struct an_cat_item *it, const struct item_out *o)
{
  bool met = o->status == ST_COMPLIANT || o->status == ST_NOT_APPLICABLE;
  const struct an_cat_grade *g = &it->grade[AN_CAT_RENEWAL];
  if (!g->applies)
    g = &it->grade[AN_CAT_FIRST];
  if (g->kind != AN_CAT_RANGE)
    return met ? 1 : 0;
  if (o->points >= 0)
    return o->points > g->points ? g->points : o->points;
  return met ? g->points : 0;
}

static json_t *counts_json(const int *n)
{
  json_t *j = json_object();
  for (int i = 0; i < ST__N; i++)
    json_object_set_new(j, st_names[i], json_integer(n[i]));
  return j;
}

static json_t *answer_json(const struct an_cat_item *it, int v)
{
  const struct an_cat_grade *g = &it->grade[AN_CAT_RENEWAL];
  if (!g->applies)
    g = &it->grade[AN_CAT_FIRST];
  if (g->kind == AN_CAT_RANGE)
    return json_pack("{s:i, s:i}", "points", v, "points_max", g->points);
  if (g->kind == AN_CAT_POINTS)
    return json_pack("{s:b, s:i}", "met", v, "points", v ? g->points : 0);
  return json_pack("{s:b}", "met", v);
}

/* The mark verdicts of both applications from the answers. */
static json_t *verdict_json(const struct an_catalog *c, const int *answers, const char *lang)
{
  json_t *v = json_object();
  for (int a = 0; a < AN_CAT_APP__COUNT; a++) {
    struct an_mark_result r;
    if (!an_mark_score(c, (enum an_cat_app)a, answers, &r))
      continue;
    json_object_set_new(v, an_cat_app_name((enum an_cat_app)a), an_mark_result_json(&r, lang));
    an_mark_result_free(&r);
  }
  return v;
}

/* The whole catalog: sections with their items, counts, and the mark verdict. */
static json_t *catalog_json(const struct live *l, const struct an_catalog *c, bool full)
{
  int total[ST__N] = {0};
  int *answers = calloc(c->n_items ? c->n_items : 1, sizeof *answers);
  json_t *sections = json_array();
  for (size_t s = 0; s < c->n_sections; s++) {
    const struct an_cat_section *sec = &c->sections[s];
    int n[ST__N] = {0};
    json_t *items = json_array();
    for (size_t i = 0; i < c->n_items; i++) {
      const struct an_cat_item *it = &c->items[i];
      if (strcmp(it->section, sec->id))
        continue;
      struct item_out o;
      json_t *ij = item_json(l, c, it, &o);
      n[o.status]++;
      total[o.status]++;
      if (c->has_rules && answers) {
        answers[i] = mark_answer(it, &o);
        json_object_set_new(ij, "answer", answer_json(it, answers[i]));
      }
      json_array_append_new(items, ij);
    }
    json_t *sj = json_pack("{s:s, s:s, s:s, s:o}", "id", sec->id, "title", sec->title, "title_en",
                           sec->title_en, "counts", counts_json(n));
    json_object_set_new(sj, "items", full ? items : json_array());
    if (!full)
      json_decref(items);
    json_array_append_new(sections, sj);
  }
  json_t *j =
      json_pack("{s:s, s:s, s:s, s:i, s:o, s:O?}", "id", c->id, "title", c->title, "title_en",
                c->title_en, "items", (int)c->n_items, "counts", counts_json(total), "evaluated_at",
                json_object_get(l->doc, "evaluated_at"));
  if (full)
    json_object_set_new(j, "sections", sections);
  else
    json_decref(sections);
  if (c->has_rules && answers)
    json_object_set_new(j, "verdict", verdict_json(c, answers, l->lang));
  free(answers);
  return j;
}

enum an_ec an_assess_catalogs(const struct an_ctx *ctx, struct an_db *db, const char *lang,
                              json_t **out)
{
  *out = NULL;
  if (!an_scope_is_operator(ctx))
    return AN_EC_GENERIC_NOT_FOUND;
  struct live l;
  enum an_ec ec = live_load(ctx, db, lang, &l);
  if (ec != AN_EC_OK) {
    live_free(&l);
    return ec;
  }
  json_t *list = json_array();
  for (size_t i = 0; i < an_catalog_count(); i++)
    json_array_append_new(list, catalog_json(&l, an_catalog_at(i), false));
  *out = json_pack("{s:O?, s:o}", "evaluated_at", json_object_get(l.doc, "evaluated_at"),
                   "catalogs", list);
  live_free(&l);
  return *out ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
}

enum an_ec an_assess_catalog(const struct an_ctx *ctx, struct an_db *db, const char *id,
                             const char *lang, json_t **out)
{
  *out = NULL;
  if (!an_scope_is_operator(ctx))
    return AN_EC_GENERIC_NOT_FOUND;
  const struct an_catalog *c = an_catalog_get(id ? id : "");
  if (!c)
    return AN_EC_GENERIC_NOT_FOUND;
  struct live l;
  enum an_ec ec = live_load(ctx, db, lang, &l);
  if (ec == AN_EC_OK)
    *out = catalog_json(&l, c, true);
  live_free(&l);
  return ec != AN_EC_OK ? ec : *out ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
}
