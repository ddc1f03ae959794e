#include "http/json_in.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/utf8.h"

/* Bytes of s that form whole UTF-8 characters, up to the first invalid or cut one. */
static int utf8_prefix(const char *s)
{
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (p[i]) {
    size_t k = p[i] < 0x80             ? 0
               : (p[i] & 0xE0) == 0xC0 ? 1
               : (p[i] & 0xF0) == 0xE0 ? 2
               : (p[i] & 0xF8) == 0xF0 ? 3
                                       : 4;
    size_t j = 1;
    while (k < 4 && j <= k && (p[i + j] & 0xC0) == 0x80)
      j++;
    if (k == 4 || j <= k)
      break;
    i += k + 1;
  }
  return (int)i;
}

static void bad(const struct an_request *r, json_t *errs, const char *field, const char *ja,
                const char *en)
{
  json_array_append_new(errs,
                        json_pack("{s:s, s:s}", "field", field, "detail", an_req_text(r, ja, en)));
}

static const struct an_jfield *declared(const struct an_jfield *f, size_t n, const char *key)
{
  for (size_t i = 0; i < n; i++)
    if (strcmp(f[i].name, key) == 0)
      return &f[i];
  return NULL;
}

static void check_field(const struct an_request *r, const struct an_jfield *f, json_t *v,
                        json_t *errs)
{
  char ja[160], en[160];
  switch (f->type) {
  case AN_J_STRING: {
    if (!json_is_string(v))
      return bad(r, errs, f->name, "文字列で指定してください。", "Must be a string.");
    size_t len = an_utf8_chars(json_string_value(v));
    if (strlen(json_string_value(v)) != json_string_length(v))
      return bad(r, errs, f->name, "NUL 文字は使えません。", "Must not contain NUL.");
    if ((long long)len < f->min || (f->max && (long long)len > f->max)) {
      snprintf(ja, sizeof ja, "%lld文字以上%lld文字以下で入力してください。", f->min, f->max);
      snprintf(en, sizeof en, "Must be %lld to %lld characters.", f->min, f->max);
      return bad(r, errs, f->name, ja, en);
    }
    *(const char **)f->out = json_string_value(v);
    return;
  }
  case AN_J_INT: {
    if (!json_is_integer(v))
      return bad(r, errs, f->name, "整数で指定してください。", "Must be an integer.");
    json_int_t x = json_integer_value(v);
    if (x < f->min || x > f->max) {
      snprintf(ja, sizeof ja, "%lld以上%lld以下で指定してください。", f->min, f->max);
      snprintf(en, sizeof en, "Must be from %lld to %lld.", f->min, f->max);
      return bad(r, errs, f->name, ja, en);
    }
    *(json_int_t *)f->out = x;
    return;
  }
  case AN_J_BOOL:
    if (!json_is_boolean(v))
      return bad(r, errs, f->name, "true または false で指定してください。",
                 "Must be true or false.");
    *(bool *)f->out = json_is_true(v);
    return;
  case AN_J_STRINGS: {
    size_t i;
    json_t *item;
    if (!json_is_array(v))
      return bad(r, errs, f->name, "文字列の配列で指定してください。",
                 "Must be an array of strings.");
    if ((long long)json_array_size(v) < f->min || (long long)json_array_size(v) > f->max) {
      snprintf(ja, sizeof ja, "%lld個以上%lld個以下で指定してください。", f->min, f->max);
      snprintf(en, sizeof en, "Must have %lld to %lld items.", f->min, f->max);
      return bad(r, errs, f->name, ja, en);
    }
    json_array_foreach(v, i, item)
    {
      if (!json_is_string(item))
        return bad(r, errs, f->name, "文字列の配列で指定してください。",
                   "Must be an array of strings.");
      if (strlen(json_string_value(item)) != json_string_length(item))
        return bad(r, errs, f->name, "NUL 文字は使えません。", "Must not contain NUL.");
    }
    *(json_t **)f->out = v;
    return;
  }
  case AN_J_IDS: {
    size_t i;
    json_t *item;
    if (!json_is_array(v) || (long long)json_array_size(v) < f->min ||
        (long long)json_array_size(v) > f->max) {
      snprintf(ja, sizeof ja, "正の整数の配列（%lld個以上%lld個以下）で指定してください。", f->min,
               f->max);
      snprintf(en, sizeof en, "Must be an array of %lld to %lld positive integers.", f->min,
               f->max);
      return bad(r, errs, f->name, ja, en);
    }
    json_array_foreach(v, i, item)
    {
      if (!json_is_integer(item) || json_integer_value(item) < 1)
        return bad(r, errs, f->name, "正の整数の配列で指定してください。",
                   "Must be an array of positive integers.");
    }
    *(json_t **)f->out = v;
    return;
  }
  }
}

static bool is_json_type(const char *ct)
{
  if (!ct)
    return false;
  size_t n = strcspn(ct, ";");
  while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
    n--;
  return (n == 16 && strncasecmp(ct, "application/json", 16) == 0) ||
         (n > 5 && strncasecmp(ct + n - 5, "+json", 5) == 0);
}

bool an_json_body_or_reply(struct an_request *r, const struct an_jfield *fields, size_t n,
                           an_ret *ret)
{
  if (!is_json_type(an_req_header(r, "Content-Type"))) {
    *ret = an_reply_problem(r, AN_EC_GENERIC_UNSUPPORTED_MEDIA, NULL, NULL);
    return false;
  }
  json_error_t jerr;
  /* NUL is let through the parser so the check of each field can name the field it is in. */
  json_t *doc = json_loadb(r->body.data ? r->body.data : "", r->body.len,
                           JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
  if (!doc || !json_is_object(doc)) {
    char detail[320];
    if (doc)
      snprintf(
          detail, sizeof detail, "%s",
          an_req_text(r, "JSON オブジェクトを送ってください。", "The body must be a JSON object."));
    else
      /* jansson's message quotes the text near the error, which may end inside a character:
       * the problem must stay UTF-8, so the quote is cut before it. */
      snprintf(detail, sizeof detail, "%s (line %d, column %d: %.*s)",
               an_req_text(r, "JSON の形式が正しくありません", "The body is not valid JSON"),
               jerr.line, jerr.column, utf8_prefix(jerr.text), jerr.text);
    json_decref(doc);
    *ret = an_reply_problem(r, AN_EC_GENERIC_MALFORMED_JSON, detail, NULL);
    return false;
  }
  json_t *errs = json_array();
  const char *key;
  json_t *v;
  json_object_foreach(doc, key, v)
  {
    const struct an_jfield *f = declared(fields, n, key);
    if (!f)
      bad(r, errs, key, "この項目は指定できません。", "This field is not accepted.");
    else if (!json_is_null(v))
      check_field(r, f, v, errs);
  }
  for (size_t i = 0; i < n; i++) {
    json_t *x = json_object_get(doc, fields[i].name);
    if (fields[i].required && (!x || json_is_null(x)))
      bad(r, errs, fields[i].name, "必須項目です。", "This field is required.");
  }
  if (json_array_size(errs)) {
    json_decref(doc);
    *ret = an_reply_problem(r, AN_EC_GENERIC_INVALID_FIELD, NULL, errs);
    return false;
  }
  json_decref(errs);
  /* The strings handed out live as long as the request: keep the document with it. */
  json_decref(r->json);
  r->json = doc;
  return true;
}

union slot {
  const char *s;
  json_int_t i;
  bool b;
};

static enum an_jtype body_type(enum an_ftype t)
{
  return t == AN_F_TEXT ? AN_J_STRING : t == AN_F_BOOL ? AN_J_BOOL : AN_J_INT;
}

/* Copies what the body carried from the slots into obj's typed fields. */
static void body_store(const struct an_spec *spec, void *obj, const union slot *v,
                       const json_t *doc)
{
  for (size_t i = 0; i < spec->n; i++) {
    const struct an_field *f = &spec->fields[i];
    json_t *x = json_object_get(doc, f->name);
    bool absent = !x || json_is_null(x);
    void *p = (char *)obj + f->offset;
    if (f->type == AN_F_TEXT)
      an_spec_set_text(spec, obj, i, absent ? NULL : v[i].s);
    else if (f->type == AN_F_BOOL)
      *(bool *)p = v[i].b;
    else
      *(int64_t *)p = (int64_t)v[i].i;
    an_spec_set_null(spec, obj, i, absent);
  }
}

bool an_json_body_spec_or_reply(struct an_request *r, const struct an_spec *spec, void *obj,
                                an_ret *ret)
{
  memset(obj, 0, spec->size);
  union slot v[64] = {0}; /* a spec has at most 64 fields (core/spec.h) */
  struct an_jfield f[64];
  size_t n = spec->n < 64 ? spec->n : 64;
  for (size_t i = 0; i < n; i++) {
    const struct an_field *sf = &spec->fields[i];
    f[i] = (struct an_jfield){sf->name,
                              body_type(sf->type),
                              !sf->optional,
                              sf->min,
                              sf->max,
                              sf->type == AN_F_TEXT   ? (void *)&v[i].s
                              : sf->type == AN_F_BOOL ? (void *)&v[i].b
                                                      : (void *)&v[i].i};
  }
  if (!an_json_body_or_reply(r, f, n, ret))
    return false;
  body_store(spec, obj, v, r->json);
  return true;
}

/* Decodes r's body against b's fields into in (zeroed), as an_json_body_or_reply. */
static bool body_fields_or_reply(struct an_request *r, const struct an_jbody *b, void *in,
                                 an_ret *ret)
{
  struct an_jfield *f = an_calloc(b->n * sizeof *f);
  for (size_t i = 0; i < b->n; i++) {
    const struct an_jbody_field *bf = &b->fields[i];
    f[i] = (struct an_jfield){bf->name, bf->type, bf->required,
                              bf->min,  bf->max,  (char *)in + bf->offset};
  }
  bool ok = an_json_body_or_reply(r, f, b->n, ret);
  free(f);
  return ok;
}

an_ret an_json_body_run(struct an_request *r, const struct an_jbody *b,
                        an_ret (*handler)(struct an_request *r))
{
  an_ret ret;
  if (b->gate && !b->gate(r, &ret))
    return ret;
  void *in = an_calloc(b->spec ? b->spec->size : b->size);
  bool ok = b->spec ? an_json_body_spec_or_reply(r, b->spec, in, &ret)
                    : body_fields_or_reply(r, b, in, &ret);
  if (ok) {
    r->in = in;
    ret = handler(r);
    r->in = NULL;
  }
  if (b->spec)
    an_spec_clear(b->spec, in); /* zeroed when the body was refused */
  free(in);
  return ret;
}
