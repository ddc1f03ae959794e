/* Unit tests of the compliance catalogs (src/compliance/catalog.c) and the safety-mark scorer
 * (src/compliance/score.c) at every boundary of the pass rules of seed 004: renewal (MARK: all 29
 * mandatory items, at least 92 of 119 points, none of 7-1-1, 7-1-2, 7-1-3 at 0) and first
 * application (28 mandatory items, at least 96 of 124 points; 1-1-2 is worth 5 points there). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "compliance/catalog.h"
#include "compliance/score.h"

static const struct an_catalog *mark(void)
{
  const struct an_catalog *m = an_catalog_get("mark");
  assert_non_null(m);
  return m;
}

static int *answers_new(void)
{
  int *a = calloc(mark()->n_items, sizeof *a);
  assert_non_null(a);
  return a;
}

static void set(int *a, const char *item, int v)
{
  long i = an_catalog_item_index(mark(), item);
  assert_true(i >= 0);
  a[i] = v;
}

static bool is_zero_fail(enum an_cat_app app, const char *id)
{
  const struct an_cat_rule *r = &mark()->rules[app];
  for (size_t i = 0; i < r->n_zero_fails; i++)
    if (!strcmp(r->zero_fails[i], id))
      return true;
  return false;
}

/* Every mandatory item met and exactly `points` points: from full marks, the range items that do
 * not fail at 0 go down first, then whole fixed-point items, then the items that fail at 0 (never
 * below 1). */
static int *answers_with(enum an_cat_app app, int points)
{
  const struct an_catalog *m = mark();
  int *a = answers_new();
  int deficit = m->rules[app].points_max - points;
  for (size_t i = 0; i < m->n_items; i++) {
    const struct an_cat_grade *g = &m->items[i].grade[app];
    a[i] = g->kind == AN_CAT_RANGE ? g->points : 1;
  }
  for (int pass = 0; pass < 3; pass++)
    for (size_t i = 0; i < m->n_items && deficit > 0; i++) {
      const struct an_cat_grade *g = &m->items[i].grade[app];
      bool zf = is_zero_fail(app, m->items[i].id);
      if (pass == 0 && g->kind == AN_CAT_RANGE && !zf) {
        int cut = deficit < a[i] ? deficit : a[i];
        a[i] -= cut, deficit -= cut;
      } else if (pass == 1 && g->kind == AN_CAT_POINTS && g->points <= deficit) {
        a[i] = 0, deficit -= g->points;
      } else if (pass == 2 && g->kind == AN_CAT_RANGE && zf) {
        int cut = deficit < a[i] - 1 ? deficit : a[i] - 1;
        a[i] -= cut, deficit -= cut;
      }
    }
  assert_int_equal(deficit, 0);
  return a;
}

static struct an_mark_result score(enum an_cat_app app, const int *a)
{
  struct an_mark_result r;
  assert_true(an_mark_score(mark(), app, a, &r));
  return r;
}

static bool has_reason(const struct an_mark_result *r, enum an_score_reason_code code,
                       const char *item)
{
  for (size_t i = 0; i < r->n_reasons; i++)
    if (r->reasons[i].code == code &&
        (item ? r->reasons[i].item && !strcmp(r->reasons[i].item, item) : !r->reasons[i].item))
      return true;
  return false;
}

static void catalogs_load_with_every_seed_item(void **state)
{
  (void)state;
  static const struct {
    const char *id;
    size_t items;
  } want[] = {{"checksheet", 70}, {"whitepaper", 42}, {"sla", 94}, {"mark", 56}};
  assert_int_equal(an_catalog_count(), 4);
  for (size_t i = 0; i < 4; i++) {
    const struct an_catalog *c = an_catalog_at(i);
    assert_string_equal(c->id, want[i].id);
    assert_int_equal(c->n_items, want[i].items);
    assert_ptr_equal(an_catalog_get(want[i].id), c);
    for (size_t k = 0; k < c->n_items; k++) /* every item sits in a section of its catalog */ {
      bool found = false;
      for (size_t s = 0; s < c->n_sections; s++)
        found |= !strcmp(c->sections[s].id, c->items[k].section);
      assert_true(found);
    }
  }
  assert_null(an_catalog_get("nope"));
  assert_null(an_catalog_at(4));
  assert_null(an_catalog_item(mark(), "9-9-9"));
  assert_string_equal(an_catalog_item(an_catalog_get("checksheet"), "6-25")->requirements[0],
                      "CHK-15");
  assert_string_equal(an_catalog_item(an_catalog_get("sla"), "5")->target, "99.90%");
}

/* MARK: the rules as parameters, and the grades that make them (3-1-7 is 1..5, 1-1-2 differs). */
static void mark_rules_are_the_seeds(void **state)
{
  (void)state;
  const struct an_catalog *m = mark();
  assert_true(m->has_rules);
  const struct an_cat_rule *ren = &m->rules[AN_CAT_RENEWAL], *first = &m->rules[AN_CAT_FIRST];
  assert_int_equal(ren->mandatory, 29);
  assert_int_equal(ren->points_max, 119);
  assert_int_equal(ren->points_min, 92);
  assert_int_equal(first->mandatory, 28);
  assert_int_equal(first->points_max, 124);
  assert_int_equal(first->points_min, 96);
  assert_int_equal(ren->n_zero_fails, 3);
  assert_string_equal(ren->zero_fails[0], "7-1-1");
  assert_string_equal(ren->zero_fails[2], "7-1-3");
  const struct an_cat_item *d = an_catalog_item(m, "3-1-7");
  assert_int_equal(d->grade[AN_CAT_RENEWAL].kind, AN_CAT_RANGE);
  assert_int_equal(d->grade[AN_CAT_RENEWAL].min, 1);
  assert_int_equal(d->grade[AN_CAT_RENEWAL].points, 5);
  const struct an_cat_item *audit = an_catalog_item(m, "1-1-2");
  assert_int_equal(audit->grade[AN_CAT_RENEWAL].kind, AN_CAT_MANDATORY);
  assert_int_equal(audit->grade[AN_CAT_FIRST].kind, AN_CAT_POINTS);
  assert_int_equal(audit->grade[AN_CAT_FIRST].points, 5);
}

static void expect(enum an_cat_app app, const int *a, bool pass, int mandatory_met, int points)
{
  struct an_mark_result r = score(app, a);
  assert_int_equal(r.pass, pass);
  assert_int_equal(r.mandatory_met, mandatory_met);
  assert_int_equal(r.points, points);
  assert_int_equal(r.mandatory_total, mark()->rules[app].mandatory);
  assert_int_equal(r.points_max, mark()->rules[app].points_max);
  assert_int_equal(r.n_reasons == 0, pass);
  if (points < mark()->rules[app].points_min)
    assert_true(has_reason(&r, AN_SCORE_POINTS_SHORT, NULL));
  an_mark_result_free(&r);
}

/* MARK renewal: 91 points fail, 92 and 119 pass. */
static void renewal_points_boundary(void **state)
{
  (void)state;
  for (int p = 91; p <= 93; p++) {
    int *a = answers_with(AN_CAT_RENEWAL, p);
    expect(AN_CAT_RENEWAL, a, p >= 92, 29, p);
    free(a);
  }
  int *a = answers_with(AN_CAT_RENEWAL, 119);
  expect(AN_CAT_RENEWAL, a, true, 29, 119);
  free(a);
}

/* MARK renewal: 28 of 29 mandatory items fail even with every point, for each mandatory item. */
static void renewal_mandatory_boundary(void **state)
{
  (void)state;
  const struct an_catalog *m = mark();
  for (size_t i = 0; i < m->n_items; i++) {
    if (m->items[i].grade[AN_CAT_RENEWAL].kind != AN_CAT_MANDATORY)
      continue;
    int *a = answers_with(AN_CAT_RENEWAL, 119);
    a[i] = 0;
    struct an_mark_result r = score(AN_CAT_RENEWAL, a);
    assert_false(r.pass);
    assert_int_equal(r.mandatory_met, 28);
    assert_true(has_reason(&r, AN_SCORE_MANDATORY_NOT_MET, m->items[i].id));
    assert_int_equal(r.n_reasons, 1);
    an_mark_result_free(&r);
    a[i] = AN_SCORE_UNANSWERED; /* a missing answer counts as not met */
    expect(AN_CAT_RENEWAL, a, false, 28, 119);
    free(a);
  }
}

/* MARK-7-1-1, MARK-7-1-2, MARK-7-1-3: any of them at 0 fails, however many points; 1 passes. */
static void renewal_zero_items(void **state)
{
  (void)state;
  static const char *const items[] = {"7-1-1", "7-1-2", "7-1-3"};
  for (enum an_cat_app app = AN_CAT_RENEWAL; app < AN_CAT_APP__COUNT; app++)
    for (size_t k = 0; k < 3; k++) {
      int *a = answers_with(app, mark()->rules[app].points_max);
      set(a, items[k], 0);
      struct an_mark_result r = score(app, a);
      assert_false(r.pass);
      assert_int_equal(r.points, mark()->rules[app].points_max - 5);
      assert_true(has_reason(&r, AN_SCORE_ZERO_POINTS, items[k]));
      assert_int_equal(r.n_reasons, 1);
      an_mark_result_free(&r);
      set(a, items[k], 1);
      expect(app, a, true, mark()->rules[app].mandatory, mark()->rules[app].points_max - 4);
      free(a);
    }
}

/* MARK first application: 95 points fail, 96 and 124 pass; 27 of 28 mandatory fail. */
static void first_application_boundaries(void **state)
{
  (void)state;
  for (int p = 95; p <= 97; p++) {
    int *a = answers_with(AN_CAT_FIRST, p);
    expect(AN_CAT_FIRST, a, p >= 96, 28, p);
    free(a);
  }
  int *a = answers_with(AN_CAT_FIRST, 124);
  expect(AN_CAT_FIRST, a, true, 28, 124);
  set(a, "7-6-3", 0);
  expect(AN_CAT_FIRST, a, false, 27, 124);
  set(a, "7-6-3", 1);
  /* 1-1-2 (the audit) is mandatory for a renewal but worth 5 points for a first application */
  set(a, "1-1-2", 0);
  expect(AN_CAT_FIRST, a, true, 28, 119);
  free(a);
  a = answers_with(AN_CAT_RENEWAL, 119);
  set(a, "1-1-2", 0);
  expect(AN_CAT_RENEWAL, a, false, 28, 119);
  free(a);
}

static void nothing_answered_fails_with_every_reason(void **state)
{
  (void)state;
  int *a = answers_new();
  for (size_t i = 0; i < mark()->n_items; i++)
    a[i] = AN_SCORE_UNANSWERED;
  struct an_mark_result r = score(AN_CAT_RENEWAL, a);
  assert_false(r.pass);
  assert_int_equal(r.mandatory_met, 0);
  assert_int_equal(r.points, 0);
  assert_int_equal(r.n_reasons, 29 + 3 + 1);
  assert_true(has_reason(&r, AN_SCORE_POINTS_SHORT, NULL));
  char *ja = an_mark_reason_text(&r, &r.reasons[0], "ja");
  char *en = an_mark_reason_text(&r, &r.reasons[0], "en");
  assert_non_null(strstr(ja, "1-1-1"));
  assert_non_null(strstr(en, "1-1-1"));
  free(ja);
  free(en);
  json_t *j = an_mark_result_json(&r, "en");
  assert_int_equal(json_array_size(json_object_get(j, "reasons")), 33);
  assert_true(json_is_false(json_object_get(j, "pass")));
  json_decref(j);
  an_mark_result_free(&r);
  a[0] = 2; /* out of range for a mandatory item: refused, not scored */
  struct an_mark_result none;
  assert_false(an_mark_score(mark(), AN_CAT_RENEWAL, a, &none));
  free(a);
}

static void check_json(const char *text, const char *want_error_part)
{
  json_t *doc = json_loads(text, 0, NULL);
  int *a = answers_new();
  char *err = an_mark_answers_from_json(mark(), AN_CAT_RENEWAL, doc, a);
  if (want_error_part) {
    assert_non_null(err);
    assert_non_null(strstr(err, want_error_part));
  } else {
    assert_null(err);
  }
  free(err);
  free(a);
  json_decref(doc);
}

/* The answers file: booleans for mandatory and fixed items, points for range items; every
 * problem names the item. */
static void answers_from_json(void **state)
{
  (void)state;
  check_json("{\"3-1-7\": 4, \"7-1-1\": 5, \"1-1-1\": true, \"1-1-3\": false, \"7-0-2\": null}",
             NULL);
  check_json("{\"3-1-7\": 6}", "3-1-7");
  check_json("{\"7-1-1\": -1}", "7-1-1");
  check_json("{\"3-1-7\": true}", "3-1-7");
  check_json("{\"1-1-1\": 1}", "1-1-1");
  check_json("{\"1-1-3\": \"yes\"}", "1-1-3");
  check_json("{\"9-9-9\": true}", "9-9-9");
  check_json("[1]", "object");
  json_t *doc = json_loads("{\"3-1-7\": 3, \"7-0-2\": null}", 0, NULL);
  int *a = answers_new();
  assert_null(an_mark_answers_from_json(mark(), AN_CAT_FIRST, doc, a));
  assert_int_equal(a[an_catalog_item_index(mark(), "3-1-7")], 3);
  assert_int_equal(a[an_catalog_item_index(mark(), "7-0-2")], AN_SCORE_UNANSWERED);
  assert_int_equal(a[an_catalog_item_index(mark(), "1-1-1")], AN_SCORE_UNANSWERED);
  free(a);
  json_decref(doc);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(catalogs_load_with_every_seed_item),
      cmocka_unit_test(mark_rules_are_the_seeds),
      cmocka_unit_test(renewal_points_boundary),
      cmocka_unit_test(renewal_mandatory_boundary),
      cmocka_unit_test(renewal_zero_items),
      cmocka_unit_test(first_application_boundaries),
      cmocka_unit_test(nothing_answered_fails_with_every_reason),
      cmocka_unit_test(answers_from_json),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
