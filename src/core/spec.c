#include "core/spec.h"

#include <stdlib.h>
#include <string.h>

#include "core/time.h"

static void *at(const struct an_spec *s, void *obj, size_t i)
{
  return (char *)obj + s->fields[i].offset;
}

static const void *cat(const struct an_spec *s, const void *obj, size_t i)
{
  return (const char *)obj + s->fields[i].offset;
}

int an_spec_index(const struct an_spec *s, const char *name)
{
  for (size_t i = 0; i < s->n; i++)
    if (!strcmp(s->fields[i].name, name))
      return (int)i;
  return -1;
}

bool an_spec_is_null(const struct an_spec *s, const void *obj, size_t i)
{
  return (*(const uint64_t *)((const char *)obj + s->nulls) >> i) & 1u;
}

void an_spec_set_null(const struct an_spec *s, void *obj, size_t i, bool null)
{
  uint64_t bit = (uint64_t)1 << i;
  uint64_t *mask = (uint64_t *)((char *)obj + s->nulls);
  *mask = null ? *mask | bit : *mask & ~bit;
}

void an_spec_set_text(const struct an_spec *s, void *obj, size_t i, const char *v)
{
  char **p = at(s, obj, i);
  free(*p);
  *p = v ? strdup(v) : NULL;
  an_spec_set_null(s, obj, i, !v);
}

void an_spec_clear(const struct an_spec *s, void *obj)
{
  if (!obj)
    return;
  for (size_t i = 0; i < s->n; i++)
    if (s->fields[i].type == AN_F_TEXT)
      free(*(char **)at(s, obj, i));
  memset(obj, 0, s->size);
}

void an_spec_free_array(const struct an_spec *s, void *items, size_t n)
{
  for (size_t k = 0; k < n; k++)
    an_spec_clear(s, (char *)items + k * s->size);
  free(items);
}

static json_t *value(const struct an_spec *s, const void *obj, size_t i)
{
  if (an_spec_is_null(s, obj, i))
    return json_null();
  switch (s->fields[i].type) {
  case AN_F_TEXT: {
    const char *t = *(char *const *)cat(s, obj, i);
    return t ? json_string(t) : json_null();
  }
  case AN_F_INT:
    return json_integer(*(const int64_t *)cat(s, obj, i));
  case AN_F_BOOL:
    return json_boolean(*(const bool *)cat(s, obj, i));
  case AN_F_TIME: {
    char buf[40];
    an_time_format_utc(*(const int64_t *)cat(s, obj, i), buf, sizeof buf);
    return json_string(buf);
  }
  }
  return json_null();
}

json_t *an_spec_to_json(const struct an_spec *s, const void *obj)
{
  json_t *o = json_object();
  for (size_t i = 0; o && i < s->n; i++) {
    json_t *v = value(s, obj, i);
    json_object_set_new(o, s->fields[i].name, v ? v : json_null());
  }
  return o;
}

json_t *an_spec_array_to_json(const struct an_spec *s, const void *items, size_t n, json_t *array)
{
  for (size_t k = 0; k < n; k++)
    json_array_append_new(array, an_spec_to_json(s, (const char *)items + k * s->size));
  return array;
}

json_t *an_spec_to_json_present(const struct an_spec *s, const void *obj)
{
  json_t *o = json_object();
  for (size_t i = 0; o && i < s->n; i++)
    if (!an_spec_is_null(s, obj, i))
      json_object_set_new(o, s->fields[i].name, value(s, obj, i));
  return o;
}

/* Stores one JSON value into field i of obj; false when its type is not the field's. */
static bool from_value(const struct an_spec *s, void *obj, size_t i, const json_t *v)
{
  switch (s->fields[i].type) {
  case AN_F_TEXT:
    if (!json_is_string(v))
      return false;
    an_spec_set_text(s, obj, i, json_string_value(v));
    return true;
  case AN_F_INT:
    if (!json_is_integer(v))
      return false;
    *(int64_t *)at(s, obj, i) = json_integer_value(v);
    return true;
  case AN_F_BOOL:
    if (!json_is_boolean(v))
      return false;
    *(bool *)at(s, obj, i) = json_is_true(v);
    return true;
  case AN_F_TIME:
    return json_is_string(v) && an_time_parse(json_string_value(v), (int64_t *)at(s, obj, i));
  }
  return false;
}

bool an_spec_from_json(const struct an_spec *s, const json_t *o, void *obj)
{
  memset(obj, 0, s->size);
  if (!json_is_object(o))
    return false;
  size_t known = 0; /* keys that name a field: any other key is unknown */
  for (size_t i = 0; i < s->n; i++) {
    const json_t *v = json_object_get(o, s->fields[i].name);
    bool absent = !v || json_is_null(v);
    known += v != NULL;
    an_spec_set_null(s, obj, i, absent);
    if (absent ? !s->fields[i].optional : !from_value(s, obj, i, v)) {
      an_spec_clear(s, obj);
      return false;
    }
  }
  if (known == json_object_size(o))
    return true;
  an_spec_clear(s, obj);
  return false;
}
