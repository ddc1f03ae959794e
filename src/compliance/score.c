/* The safety-mark verdict (seed 004): mandatory items, points and the items that fail at 0. */
#include "compliance/score.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/messages.h"

static const char *const reason_names[] = {"mandatory_not_met", "points_below_minimum",
                                           "zero_points"};

const char *an_score_reason_code_name(enum an_score_reason_code code)
{
  return (size_t)code < sizeof reason_names / sizeof reason_names[0] ? reason_names[code] : "?";
}

/* The most an answer to g may be: 1 (met) for mandatory and fixed-points items. */
static int answer_max(const struct an_cat_grade *g)
{
  return g->kind == AN_CAT_RANGE ? g->points : 1;
}

static bool zero_fails(const struct an_cat_rule *rule, const char *id)
{
  for (size_t i = 0; i < rule->n_zero_fails; i++)
    if (!strcmp(rule->zero_fails[i], id))
      return true;
  return false;
}

static void add_reason(struct an_mark_result *r, enum an_score_reason_code code, const char *item)
{
  r->reasons[r->n_reasons++] = (struct an_score_reason){code, item};
}

bool an_mark_score(const struct an_catalog *mark, enum an_cat_app app, const int *answers,
                   struct an_mark_result *out)
{
  if (!mark || !mark->has_rules || (unsigned)app >= AN_CAT_APP__COUNT)
    return false;
  const struct an_cat_rule *rule = &mark->rules[app];
  struct an_mark_result r = {.app = app, .points_min = rule->points_min};
  /* At most one reason per item, and the shortfall. */
  r.reasons = calloc(mark->n_items + 1, sizeof *r.reasons);
  if (!r.reasons)
    return false;
  bool zero_failed = false;
  for (size_t i = 0; i < mark->n_items; i++) {
    const struct an_cat_item *it = &mark->items[i];
    const struct an_cat_grade *g = &it->grade[app];
    int v = answers[i];
    if (!g->applies)
      continue;
    if (v != AN_SCORE_UNANSWERED && (v < 0 || v > answer_max(g))) {
      free(r.reasons);
      return false;
    }
    int got = v == AN_SCORE_UNANSWERED ? 0 : v;
    if (g->kind == AN_CAT_MANDATORY) {
      r.mandatory_total++;
      if (got)
        r.mandatory_met++;
      else
        add_reason(&r, AN_SCORE_MANDATORY_NOT_MET, it->id);
      continue;
    }
    r.points_max += g->points;
    r.points += g->kind == AN_CAT_POINTS ? (got ? g->points : 0) : got;
    if (got == 0 && zero_fails(rule, it->id)) {
      add_reason(&r, AN_SCORE_ZERO_POINTS, it->id);
      zero_failed = true;
    }
  }
  if (r.points < rule->points_min)
    add_reason(&r, AN_SCORE_POINTS_SHORT, NULL);
  r.pass = r.mandatory_met == r.mandatory_total && r.mandatory_total == rule->mandatory &&
           r.points >= rule->points_min && !zero_failed;
  *out = r;
  return true;
}

void an_mark_result_free(struct an_mark_result *r)
{
  if (!r)
    return;
  free(r->reasons);
  r->reasons = NULL;
  r->n_reasons = 0;
}

/* Reads one answer into out; NULL, or the problem naming the item (malloc'd). */
static char *read_answer(const struct an_cat_item *it, const struct an_cat_grade *g,
                         const json_t *v, int *out)
{
  if (json_is_null(v)) {
    *out = AN_SCORE_UNANSWERED;
    return NULL;
  }
  if (g->kind != AN_CAT_RANGE) {
    if (!json_is_boolean(v))
      return an_asprintf("item %s: expected true or false (a %s item)", it->id,
                         an_cat_kind_name(g->kind));
    *out = json_is_true(v) ? 1 : 0;
    return NULL;
  }
  if (!json_is_integer(v))
    return an_asprintf("item %s: expected a whole number of points 0..%d", it->id, g->points);
  json_int_t n = json_integer_value(v);
  if (n < 0 || n > g->points)
    return an_asprintf("item %s: %" JSON_INTEGER_FORMAT " points is out of range 0..%d", it->id, n,
                       g->points);
  *out = (int)n;
  return NULL;
}

char *an_mark_answers_from_json(const struct an_catalog *mark, enum an_cat_app app, json_t *obj,
                                int *answers)
{
  if (!mark || (unsigned)app >= AN_CAT_APP__COUNT)
    return an_asprintf("no safety-mark catalog");
  if (!json_is_object(obj))
    return an_asprintf("the answers must be a JSON object mapping item numbers to answers");
  for (size_t i = 0; i < mark->n_items; i++)
    answers[i] = AN_SCORE_UNANSWERED;
  const char *key;
  json_t *v;
  json_object_foreach(obj, key, v)
  {
    long i = an_catalog_item_index(mark, key);
    if (i < 0 || !mark->items[i].grade[app].applies)
      return an_asprintf("item %s: no such item in the %s application", key, an_cat_app_name(app));
    char *err = read_answer(&mark->items[i], &mark->items[i].grade[app], v, &answers[i]);
    if (err)
      return err;
  }
  return NULL;
}

/* The placeholders of the reason messages: item, points, need, max, short. */
char *an_mark_reason_text(const struct an_mark_result *r, const struct an_score_reason *reason,
                          const char *lang)
{
  static const char *const keys[] = {"compliance.mark.mandatory_not_met",
                                     "compliance.mark.points_short", "compliance.mark.zero_points"};
  if ((size_t)reason->code >= sizeof keys / sizeof keys[0])
    return NULL;
  json_t *vars = json_pack("{s:s, s:i, s:i, s:i, s:i}", "item", reason->item ? reason->item : "",
                           "points", r->points, "need", r->points_min, "max", r->points_max,
                           "short", r->points_min - r->points);
  char *s = vars ? an_msg_render(keys[reason->code], lang, vars) : NULL;
  json_decref(vars);
  return s;
}

json_t *an_mark_result_json(const struct an_mark_result *r, const char *lang)
{
  json_t *texts = json_array(), *codes = json_array();
  json_t *out =
      json_pack("{s:s, s:i, s:i, s:i, s:i, s:i, s:b, s:o, s:o}", "application",
                an_cat_app_name(r->app), "mandatory_met", r->mandatory_met, "mandatory_total",
                r->mandatory_total, "points", r->points, "points_max", r->points_max, "points_min",
                r->points_min, "pass", r->pass, "reasons", texts, "reason_codes", codes);
  if (!out)
    return NULL;
  for (size_t i = 0; i < r->n_reasons; i++) {
    const struct an_score_reason *why = &r->reasons[i];
    char *text = an_mark_reason_text(r, why, lang);
    json_t *code = why->item ? json_pack("{s:s, s:s}", "code", an_score_reason_code_name(why->code),
                                         "item", why->item)
                             : json_pack("{s:s}", "code", an_score_reason_code_name(why->code));
    if (!text || !code) {
      free(text);
      json_decref(code);
      json_decref(out);
      return NULL;
    }
    json_array_append_new(texts, json_string(text));
    json_array_append_new(codes, code);
    free(text);
  }
  return out;
}
