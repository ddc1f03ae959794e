/* Fuzz target: declarative JSON bodies (src/http/json_in.c). Input: Content-Type NUL
 * Accept-Language choice ("en" or anything else for Japanese) NUL body. The field list covers
 * every field type. Checks, beyond memory safety: the call either accepts (no reply sent, every
 * required field filled, every value within its declared limits) or refuses with exactly one
 * problem+json reply of 400 or 415. */
#include <string.h>

#include "fuzz.h"
#include "http/json_in.h"

static size_t chars(const char *s)
{
  size_t n = 0;
  for (; *s; s++)
    if (((unsigned char)*s & 0xC0) != 0x80)
      n++;
  return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *f[3];
  char *buf = fuzz_fields(data, size, f, 3);
  const char *headers[] = {"Content-Type", f[0], NULL, NULL};
  struct fuzz_conn c = {.headers = headers};
  struct an_request r;
  fuzz_request_init(&r, &c, "POST", "/api/v1/fuzz", strcmp(f[1], "en") == 0 ? "en" : "ja");
  an_buf_append(&r.body, f[2], strlen(f[2]));

  const char *name = NULL, *note = NULL;
  json_int_t count = 7;
  bool flag = false;
  json_t *tags = NULL;
  const struct an_jfield fields[] = {
      {"name", AN_J_STRING, true, 1, 20, &name},
      {"note", AN_J_STRING, false, 0, 0, &note}, /* no upper limit */
      {"count", AN_J_INT, false, -5, 1000, &count},
      {"flag", AN_J_BOOL, false, 0, 0, &flag},
      {"tags", AN_J_STRINGS, false, 0, 4, &tags},
  };
  an_ret ret = MHD_YES;
  bool ok = an_json_body_or_reply(&r, fields, sizeof fields / sizeof fields[0], &ret);
  if (ok) {
    FUZZ_CHECK(c.replies == 0 && r.json != NULL);
    FUZZ_CHECK(name != NULL && chars(name) >= 1 && chars(name) <= 20);
    FUZZ_CHECK(count >= -5 && count <= 1000);
    if (tags) {
      FUZZ_CHECK(json_is_array(tags) && json_array_size(tags) <= 4);
      for (size_t i = 0; i < json_array_size(tags); i++)
        FUZZ_CHECK(json_is_string(json_array_get(tags, i)));
    }
    /* No string handed out hides a NUL (its C length is its JSON length). */
    FUZZ_CHECK(strlen(name) == json_string_length(json_object_get(r.json, "name")));
    if (note)
      FUZZ_CHECK(strlen(note) == json_string_length(json_object_get(r.json, "note")));
  } else {
    FUZZ_CHECK(c.replies == 1 && ret == MHD_YES);
    FUZZ_CHECK(c.status == 400 || c.status == 415);
    FUZZ_CHECK(strncmp(c.content_type, "application/problem+json", 24) == 0);
  }
  fuzz_request_free(&r);
  free(buf);
  return 0;
}
