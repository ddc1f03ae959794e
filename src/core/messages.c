#include "core/messages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/format.h"
#include "core/log.h"

struct row {
  const char *key, *ja, *en;
};

static const struct row rows[] = {
#define AN_MSG(key, ja, en) {key, ja, en},
#include "core/messages.def"
#undef AN_MSG
};
#define NROWS (sizeof rows / sizeof rows[0])

static const struct row *find(const char *key)
{
  for (size_t i = 0; key && i < NROWS; i++)
    if (strcmp(rows[i].key, key) == 0)
      return &rows[i];
  return NULL;
}

const char *an_msg_text(const char *key, const char *lang)
{
  const struct row *r = find(key);
  if (!r)
    return NULL;
  return strcmp(an_lang_norm(lang), "en") == 0 ? r->en : r->ja;
}

void an_msg_each(void (*fn)(const char *key, const char *ja, const char *en, void *cls), void *cls)
{
  for (size_t i = 0; i < NROWS; i++)
    fn(rows[i].key, rows[i].ja, rows[i].en, cls);
}

static int name_char(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

struct ph {
  const char *name, *type; /* not NUL-terminated */
  size_t name_len, type_len;
};

/* When p starts a placeholder "{{ name }}" or "{{ name:type }}", fills ph and returns the
 * length of the whole placeholder; else returns 0. */
static size_t placeholder(const char *p, struct ph *ph)
{
  if (p[0] != '{' || p[1] != '{')
    return 0;
  const char *q = p + 2;
  while (*q == ' ')
    q++;
  ph->name = q;
  while (name_char(*q))
    q++;
  ph->name_len = (size_t)(q - ph->name);
  ph->type = q;
  ph->type_len = 0;
  if (*q == ':') {
    ph->type = ++q;
    while (name_char(*q))
      q++;
    ph->type_len = (size_t)(q - ph->type);
    if (ph->type_len == 0)
      return 0;
  }
  while (*q == ' ')
    q++;
  if (ph->name_len == 0 || q[0] != '}' || q[1] != '}')
    return 0;
  return (size_t)(q + 2 - p);
}

static bool type_is(const struct ph *ph, const char *t)
{
  return ph->type_len == strlen(t) && memcmp(ph->type, t, ph->type_len) == 0;
}

/* Appends v formatted as ph's type says; false when v does not fit the type. */
static bool append_typed(struct an_buf *b, const char *lang, const struct ph *ph, const json_t *v)
{
  if (ph->type_len == 0) {
    if (json_is_string(v))
      an_buf_append(b, json_string_value(v), json_string_length(v));
    else if (json_is_integer(v))
      an_buf_printf(b, "%lld", (long long)json_integer_value(v));
    else
      return false;
  } else if (type_is(ph, "date") && json_is_string(v)) {
    an_fmt_date_iso(b, lang, json_string_value(v));
  } else if (type_is(ph, "datetime") && json_is_integer(v)) {
    an_fmt_datetime(b, lang, (int64_t)json_integer_value(v));
  } else if (type_is(ph, "yen") && json_is_integer(v)) {
    an_fmt_yen(b, lang, (int64_t)json_integer_value(v));
  } else if (type_is(ph, "msg") && json_is_string(v) && an_msg_text(json_string_value(v), lang)) {
    an_buf_puts(b, an_msg_text(json_string_value(v), lang));
  } else {
    return false;
  }
  return true;
}

/* Appends vars' value for ph; false when it has none usable. */
static bool append_value(struct an_buf *b, const char *lang, const json_t *vars,
                         const struct ph *ph)
{
  char key[64];
  if (!vars || ph->name_len >= sizeof key)
    return false;
  memcpy(key, ph->name, ph->name_len);
  key[ph->name_len] = '\0';
  return append_typed(b, lang, ph, json_object_get(vars, key));
}

char *an_msg_render_text(const char *text, const char *lang, const json_t *vars, char *missing,
                         size_t n)
{
  struct an_buf b = {0};
  for (const char *p = text ? text : ""; *p;) {
    const char *open = strstr(p, "{{");
    if (!open) {
      an_buf_puts(&b, p);
      break;
    }
    an_buf_append(&b, p, (size_t)(open - p));
    p = open;
    struct ph ph;
    size_t whole = placeholder(p, &ph);
    if (!whole) {
      an_buf_append(&b, p, 1);
      p++;
      continue;
    }
    if (!append_value(&b, lang, vars, &ph)) {
      if (n)
        snprintf(missing, n, "%.*s", (int)ph.name_len, ph.name);
      an_buf_free(&b);
      return NULL;
    }
    p += whole;
  }
  return an_buf_steal(&b);
}

char *an_msg_render(const char *key, const char *lang, const json_t *vars)
{
  const char *text = an_msg_text(key, lang);
  char missing[64] = "";
  char *out = text ? an_msg_render_text(text, lang, vars, missing, sizeof missing) : NULL;
  if (!out)
    an_log_bug("message cannot be rendered",
               json_pack("{s:s, s:s, s:s}", "key", key ? key : "", "lang", an_lang_norm(lang),
                         "missing", missing));
  return out;
}

json_t *an_msg_field_error(const char *rule, const char *key, const json_t *vars)
{
  char *ja = an_msg_render(key, "ja", vars), *en = an_msg_render(key, "en", vars);
  json_t *e = ja && en
                  ? json_pack("{s:s, s:s, s:s}", "rule", rule, "detail_ja", ja, "detail_en", en)
                  : NULL;
  free(ja);
  free(en);
  return e;
}
