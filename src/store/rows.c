#include "store/rows.h"

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

const char *an_rec_str(const json_t *rec, const char *key)
{
  const char *s = json_string_value(json_object_get(rec, key));
  return s ? s : "";
}

int64_t an_rec_int(const json_t *rec, const char *key)
{
  return (int64_t)json_integer_value(json_object_get(rec, key));
}

bool an_store_scoped(int64_t id, const char *fn)
{
  if (id > 0)
    return true;
  an_log_bug("scoped query without a scope",
             json_pack("{s:s, s:I}", "function", fn, "id", (json_int_t)id));
  return false;
}
