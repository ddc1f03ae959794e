#include "store/rows.h"

#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/time.h"

static bool is_time_column(const char *name)
{
  size_t n = strlen(name);
  return n > 3 && !strcmp(name + n - 3, "_at");
}

static json_t *row_object(const struct an_db_row *row)
{
  json_t *o = json_object();
  int cols = an_db_row_columns(row);
  for (int c = 0; c < cols; c++) {
    const char *name = an_db_row_name(row, c);
    json_t *v;
    switch (an_db_row_kind(row, c)) {
    case AN_DB_T_INT:
      if (is_time_column(name)) {
        char buf[40];
        an_time_format_utc(an_db_row_int(row, c), buf, sizeof buf);
        v = json_string(buf);
      } else {
        v = json_integer(an_db_row_int(row, c));
      }
      break;
    case AN_DB_T_TEXT:
      v = json_string(an_db_row_text(row, c));
      break;
    default:
      v = json_null();
    }
    json_object_set_new(o, name, v ? v : json_null());
  }
  return o;
}

static void append_cb(void *cls, const struct an_db_row *row)
{
  json_array_append_new(cls, row_object(row));
}

int an_store_rows(struct an_db *db, const char *sql, const struct an_db_param *p, size_t n,
                  json_t *out)
{
  return an_db_query(db, sql, p, n, append_cb, out);
}

static void one_cb(void *cls, const struct an_db_row *row)
{
  json_t **out = cls;
  if (!*out)
    *out = row_object(row);
}

int an_store_row(struct an_db *db, const char *sql, const struct an_db_param *p, size_t n,
                 json_t **out)
{
  *out = NULL;
  int rc = an_db_query(db, sql, p, n, one_cb, out);
  if (rc < 0 && *out) {
    json_decref(*out);
    *out = NULL;
  }
  return rc < 0 ? rc : *out != NULL;
}

int an_store_rows_from(struct an_db *db, int (*fill)(struct an_db *db, json_t *rows), json_t **rows)
{
  *rows = json_array();
  int rc = fill(db, *rows);
  if (rc < 0) {
    json_decref(*rows);
    *rows = NULL;
  }
  return rc;
}

int an_store_insert_id(struct an_db *db, const char *sql, const struct an_db_param *p, size_t n,
                       int64_t *id)
{
  json_t *row = NULL;
  int rc = an_store_row(db, sql, p, n, &row);
  if (rc == 1 && id)
    *id = an_rec_int(row, "id");
  json_decref(row);
  return rc;
}

const char *an_rec_str(const json_t *rec, const char *key)
{
  const char *s = json_string_value(json_object_get(rec, key));
  return s ? s : "";
}

int64_t an_rec_int(const json_t *rec, const char *key)
{
  return (int64_t)json_integer_value(json_object_get(rec, key));
}

void an_store_int_cb(void *cls, const struct an_db_row *row)
{
  *(int64_t *)cls = an_db_row_int(row, 0);
}

bool an_store_scoped(int64_t id, const char *fn)
{
  if (id > 0)
    return true;
  an_log_bug("scoped query without a scope",
             json_pack("{s:s, s:I}", "function", fn, "id", (json_int_t)id));
  return false;
}

/* ---- typed rows ---- */

struct bind {
  const struct an_spec *spec;
  int *map; /* field index per column, from the first row */
  int cols;
  bool failed; /* the query and the spec disagree: no row is kept */
  size_t max;  /* rows wanted (1 for a single row, SIZE_MAX for a list) */
  char *items;
  size_t count, cap;
};

static bool bind_fail(struct bind *b, const char *what, const char *column)
{
  an_log_bug("query and row spec disagree", json_pack("{s:s, s:s, s:s}", "entity", b->spec->entity,
                                                      "problem", what, "column", column));
  b->failed = true;
  return false;
}

/* Maps every column to its field once; every required field must be among them. */
static bool bind_columns(struct bind *b, const struct an_db_row *row)
{
  b->cols = an_db_row_columns(row);
  b->map = calloc((size_t)b->cols + 1, sizeof *b->map);
  uint64_t seen = 0;
  for (int c = 0; b->map && c < b->cols; c++) {
    int i = an_spec_index(b->spec, an_db_row_name(row, c));
    if (i < 0)
      return bind_fail(b, "column not in the spec", an_db_row_name(row, c));
    b->map[c] = i;
    seen |= (uint64_t)1 << i;
  }
  for (size_t i = 0; b->map && i < b->spec->n; i++)
    if (!b->spec->fields[i].optional && !((seen >> i) & 1u))
      return bind_fail(b, "required field not selected", b->spec->fields[i].name);
  return b->map ? true : bind_fail(b, "out of memory", "");
}

static bool bind_value(struct bind *b, const struct an_db_row *row, int c, void *obj)
{
  const struct an_field *f = &b->spec->fields[b->map[c]];
  size_t i = (size_t)b->map[c];
  enum an_db_type kind = an_db_row_kind(row, c);
  void *p = (char *)obj + f->offset;
  if (kind == AN_DB_T_NULL) {
    an_spec_set_null(b->spec, obj, i, true);
    return f->optional || bind_fail(b, "NULL in a required field", f->name);
  }
  an_spec_set_null(b->spec, obj, i, false);
  if (f->type == AN_F_TEXT && kind == AN_DB_T_TEXT) {
    *(char **)p = strdup(an_db_row_text(row, c));
    return *(char **)p || bind_fail(b, "out of memory", f->name);
  }
  if (kind != AN_DB_T_INT || f->type == AN_F_TEXT)
    return bind_fail(b, "value of another type", f->name);
  if (f->type == AN_F_BOOL)
    *(bool *)p = an_db_row_int(row, c) != 0;
  else
    *(int64_t *)p = an_db_row_int(row, c);
  return true;
}

static void typed_cb(void *cls, const struct an_db_row *row)
{
  struct bind *b = cls;
  if (b->failed || b->count >= b->max || (!b->map && !bind_columns(b, row)))
    return;
  if (b->count == b->cap) {
    size_t cap = b->cap ? 2 * b->cap : 8;
    char *grown = realloc(b->items, cap * b->spec->size);
    if (!grown) {
      bind_fail(b, "out of memory", "");
      return;
    }
    b->items = grown;
    b->cap = cap;
  }
  void *obj = b->items + b->count * b->spec->size;
  memset(obj, 0, b->spec->size);
  b->count++;
  /* Fields the query does not select are absent: NULL until a column says otherwise. */
  for (size_t i = 0; i < b->spec->n; i++)
    an_spec_set_null(b->spec, obj, i, true);
  for (int c = 0; c < b->cols; c++)
    if (!bind_value(b, row, c, obj))
      return;
}

static int typed_query(struct an_db *db, const char *sql, const struct an_db_param *p, size_t n,
                       struct bind *b)
{
  int rc = an_db_query(db, sql, p, n, typed_cb, b);
  free(b->map);
  if (rc >= 0 && b->failed)
    rc = AN_DB_HARD;
  if (rc < 0) {
    an_spec_free_array(b->spec, b->items, b->count);
    b->items = NULL;
    b->count = 0;
  }
  return rc;
}

int an_store_typed_row(struct an_db *db, const char *sql, const struct an_db_param *p, size_t n,
                       const struct an_spec *spec, void *obj)
{
  struct bind b = {.spec = spec, .max = 1};
  memset(obj, 0, spec->size);
  int rc = typed_query(db, sql, p, n, &b);
  if (rc < 0)
    return rc;
  if (b.count)
    memcpy(obj, b.items, spec->size);
  free(b.items);
  return b.count ? 1 : 0;
}

int an_store_typed_rows(struct an_db *db, const char *sql, const struct an_db_param *p, size_t n,
                        const struct an_spec *spec, void **items, size_t *count)
{
  struct bind b = {.spec = spec, .max = SIZE_MAX};
  int rc = typed_query(db, sql, p, n, &b);
  *items = b.items;
  *count = b.count;
  return rc < 0 ? rc : (int)b.count;
}

int an_store_typed_rows_json(struct an_db *db, const char *sql, const struct an_db_param *p,
                             size_t n, const struct an_spec *spec, json_t *out)
{
  void *items = NULL;
  size_t count = 0;
  int rc = an_store_typed_rows(db, sql, p, n, spec, &items, &count);
  if (rc >= 0)
    an_spec_array_to_json(spec, items, count, out);
  an_spec_free_array(spec, items, count);
  return rc;
}

void an_rec_params(const json_t *rec, const char *const *keys, size_t n, struct an_db_param *p)
{
  for (size_t i = 0; i < n; i++) {
    const char *key = keys[i] + 2;
    json_t *v = json_object_get(rec, key);
    switch (keys[i][0]) {
    case 't':
      p[i] = AN_P_TEXT(an_rec_str(rec, key));
      break;
    case 'n':
      p[i] = json_is_integer(v) ? AN_P_INT(json_integer_value(v)) : AN_P_NULL;
      break;
    case 'z':
      p[i] =
          json_is_integer(v) && json_integer_value(v) ? AN_P_INT(json_integer_value(v)) : AN_P_NULL;
      break;
    default:
      p[i] = AN_P_INT(an_rec_int(rec, key));
    }
  }
}
