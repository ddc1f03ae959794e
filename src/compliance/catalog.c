/* Loads the embedded catalogs (gen/catalogs_json.c, written from catalogs/NAME.json by
 * scripts/catalogs_to_c.py) into typed structs once. The strings stay inside the parsed JSON
 * documents, which are kept for the life of the process. */
#include "compliance/catalog.h"

#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

extern const char *const an_catalog_json[];
extern const size_t an_catalog_json_len[];
extern const size_t an_catalog_json_count;

static struct an_catalog *catalogs;
static json_t **docs; /* the parsed documents the catalogs' strings point into */
static size_t n_catalogs;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static const char *const kind_names[] = {"check", "target", "mandatory", "points", "range"};
static const char *const app_names[] = {"renewal", "first"};

const char *an_cat_kind_name(enum an_cat_kind kind)
{
  return (size_t)kind < sizeof kind_names / sizeof kind_names[0] ? kind_names[kind] : "?";
}

const char *an_cat_app_name(enum an_cat_app app)
{
  return (size_t)app < AN_CAT_APP__COUNT ? app_names[app] : "?";
}

static bool kind_parse(const char *s, enum an_cat_kind *out)
{
  for (size_t i = 0; s && i < sizeof kind_names / sizeof kind_names[0]; i++)
    if (!strcmp(s, kind_names[i])) {
      *out = (enum an_cat_kind)i;
      return true;
    }
  return false;
}

static const char *str(const json_t *obj, const char *key)
{
  return json_string_value(json_object_get(obj, key));
}

static int integer(const json_t *obj, const char *key, int dflt)
{
  const json_t *v = json_object_get(obj, key);
  return json_is_integer(v) ? (int)json_integer_value(v) : dflt;
}

/* A NULL-free array of the strings of a JSON array; false when a member is not a string. */
static bool str_array(const json_t *arr, const char *const **out, size_t *n)
{
  size_t len = json_array_size(arr);
  const char **v = calloc(len ? len : 1, sizeof *v);
  if (!v)
    return false;
  for (size_t i = 0; i < len; i++)
    if (!(v[i] = json_string_value(json_array_get(arr, i)))) {
      free(v);
      return false;
    }
  *out = v;
  *n = len;
  return true;
}

/* One application's grade of a mark item: the item's own grade, or what by_application says. */
static bool load_grade(const json_t *item, enum an_cat_app app, struct an_cat_grade *g)
{
  const json_t *apps = json_object_get(item, "applications");
  const json_t *over = json_object_get(json_object_get(item, "by_application"), app_names[app]);
  const json_t *src = over ? over : item;
  g->applies = false;
  for (size_t i = 0; i < json_array_size(apps); i++) {
    const char *name = json_string_value(json_array_get(apps, i));
    if (name && !strcmp(name, app_names[app]))
      g->applies = true;
  }
  if (!g->applies)
    return true;
  if (!kind_parse(str(src, "kind"), &g->kind))
    return false;
  if (g->kind == AN_CAT_POINTS) {
    g->points = integer(src, "points", 0);
    return g->points > 0;
  }
  if (g->kind == AN_CAT_RANGE) {
    g->points = integer(src, "max", 0);
    g->min = integer(src, "min", 0);
    return g->points > 0 && g->min >= 0 && g->min <= g->points;
  }
  return g->kind == AN_CAT_MANDATORY;
}

static bool load_item(const json_t *j, bool mark, struct an_cat_item *it)
{
  it->id = str(j, "id");
  it->section = str(j, "section");
  it->text = str(j, "text");
  it->title_en = str(j, "title_en");
  it->unit = str(j, "unit");
  it->target = str(j, "target");
  if (!it->id || !it->section || !it->text || !it->title_en ||
      !kind_parse(str(j, "kind"), &it->kind))
    return false;
  if (!str_array(json_object_get(j, "requirements"), &it->requirements, &it->n_requirements))
    return false;
  for (int a = 0; mark && a < AN_CAT_APP__COUNT; a++)
    if (!load_grade(j, (enum an_cat_app)a, &it->grade[a]))
      return false;
  return true;
}

static bool load_rules(const json_t *rules, struct an_catalog *c)
{
  for (int a = 0; a < AN_CAT_APP__COUNT; a++) {
    const json_t *r = json_object_get(rules, app_names[a]);
    struct an_cat_rule *out = &c->rules[a];
    out->title = str(r, "title");
    out->title_en = str(r, "title_en");
    out->mandatory = integer(r, "mandatory", -1);
    out->points_max = integer(r, "points_max", -1);
    out->points_min = integer(r, "points_min", -1);
    if (!out->title || !out->title_en || out->mandatory < 0 || out->points_min < 0 ||
        out->points_min > out->points_max ||
        !str_array(json_object_get(r, "zero_fails"), &out->zero_fails, &out->n_zero_fails))
      return false;
  }
  c->has_rules = true;
  return true;
}

/* The mark rules must describe the items: so many mandatory items, so many points in all, and
 * each item that fails at 0 a range item. A catalog edit that breaks this fails to load. */
static bool rules_agree(const struct an_catalog *c)
{
  for (int a = 0; a < AN_CAT_APP__COUNT; a++) {
    int mandatory = 0, points = 0;
    for (size_t i = 0; i < c->n_items; i++) {
      const struct an_cat_grade *g = &c->items[i].grade[a];
      if (!g->applies)
        continue;
      if (g->kind == AN_CAT_MANDATORY)
        mandatory++;
      else
        points += g->points;
    }
    if (mandatory != c->rules[a].mandatory || points != c->rules[a].points_max)
      return false;
    for (size_t z = 0; z < c->rules[a].n_zero_fails; z++) {
      const struct an_cat_item *it = an_catalog_item(c, c->rules[a].zero_fails[z]);
      if (!it || !it->grade[a].applies || it->grade[a].kind != AN_CAT_RANGE)
        return false;
    }
  }
  return true;
}

static bool load_one(const char *data, size_t len, struct an_catalog *c, json_t **keep)
{
  json_error_t err;
  json_t *doc = *keep = json_loadb(data, len, JSON_REJECT_DUPLICATES, &err);
  if (!doc)
    return false;
  c->id = str(doc, "id");
  c->title = str(doc, "title");
  c->title_en = str(doc, "title_en");
  const json_t *sections = json_object_get(doc, "sections");
  const json_t *items = json_object_get(doc, "items");
  if (!c->id || !c->title || !c->title_en || !json_array_size(sections) || !json_array_size(items))
    return false;
  struct an_cat_section *s = calloc(json_array_size(sections), sizeof *s);
  struct an_cat_item *it = calloc(json_array_size(items), sizeof *it);
  if (!s || !it) {
    free(s);
    free(it);
    return false;
  }
  c->sections = s;
  c->items = it;
  for (size_t i = 0; i < json_array_size(sections); i++, c->n_sections++) {
    const json_t *j = json_array_get(sections, i);
    s[i] = (struct an_cat_section){str(j, "id"), str(j, "title"), str(j, "title_en")};
    if (!s[i].id || !s[i].title || !s[i].title_en)
      return false;
  }
  bool mark = json_object_get(doc, "rules") != NULL;
  for (size_t i = 0; i < json_array_size(items); i++, c->n_items++)
    if (!load_item(json_array_get(items, i), mark, &it[i]) ||
        an_catalog_item(c, it[i].id) != NULL) /* ids are unique */
      return false;
  return !mark || (load_rules(json_object_get(doc, "rules"), c) && rules_agree(c));
}

static void load_all(void)
{
  /* What a failed load made stays reachable through catalogs and is never used. */
  catalogs = calloc(an_catalog_json_count, sizeof *catalogs);
  docs = calloc(an_catalog_json_count, sizeof *docs);
  if (!catalogs || !docs)
    return;
  for (size_t i = 0; i < an_catalog_json_count; i++)
    if (!load_one(an_catalog_json[i], an_catalog_json_len[i], &catalogs[i], &docs[i])) {
      an_log_bug("compliance catalog does not load", json_pack("{s:I}", "index", (json_int_t)i));
      return;
    }
  n_catalogs = an_catalog_json_count;
}

size_t an_catalog_count(void)
{
  pthread_once(&once, load_all);
  return n_catalogs;
}

const struct an_catalog *an_catalog_at(size_t i)
{
  return i < an_catalog_count() ? &catalogs[i] : NULL;
}

const struct an_catalog *an_catalog_get(const char *id)
{
  for (size_t i = 0; id && i < an_catalog_count(); i++)
    if (!strcmp(catalogs[i].id, id))
      return &catalogs[i];
  return NULL;
}

long an_catalog_item_index(const struct an_catalog *c, const char *item_id)
{
  for (size_t i = 0; c && item_id && i < c->n_items; i++)
    if (!strcmp(c->items[i].id, item_id))
      return (long)i;
  return -1;
}

const struct an_cat_item *an_catalog_item(const struct an_catalog *c, const char *item_id)
{
  long i = an_catalog_item_index(c, item_id);
  return i < 0 ? NULL : &c->items[i];
}
