/* Fuzz target: query and id parsing. Input: limit NUL offset NUL id NUL from NUL to. Drives the
 * paging reader every list uses (an_api_paging_or_reply, src/api/tenants.c) through a request
 * whose query string holds the values, the path id reader (an_req_param_id, src/http/request.c)
 * and the audit filter's from/to times (an_time_parse). Checks, beyond memory safety: paging is
 * either accepted within 1..500 / 0.. with no reply, or refused with exactly one 400 problem; an id
 * is 0 (unknown) or positive and only digits (with at most a sign or leading blanks strtoll
 * skips) lead to one. */
#include <string.h>

#include "api/api.h"
#include "core/time.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *f[5];
  char *buf = fuzz_fields(data, size, f, 5);
  /* An empty field stands for an absent argument. */
  const char *query[7] = {NULL};
  int q = 0;
  if (f[0][0])
    query[q++] = "limit", query[q++] = f[0];
  if (f[1][0])
    query[q++] = "offset", query[q++] = f[1];
  struct fuzz_conn c = {.query = query};
  struct an_request r;
  fuzz_request_init(&r, &c, "GET", "/api/v1/tenants", size % 2 ? "en" : "ja");

  long limit = -1, offset = -1;
  an_ret ret = MHD_YES;
  if (an_api_paging_or_reply(&r, &limit, &offset, &ret)) {
    FUZZ_CHECK(c.replies == 0);
    FUZZ_CHECK(limit >= 1 && limit <= 500 && offset >= 0);
  } else {
    FUZZ_CHECK(c.replies == 1 && c.status == 400 && ret == MHD_YES);
    FUZZ_CHECK(strncmp(c.content_type, "application/problem+json", 24) == 0);
  }

  /* The id as the router captures it: one path segment of at most 127 bytes. */
  size_t idlen = strcspn(f[2], "/");
  if (idlen > 0 && idlen < sizeof r.params[0].value) {
    memcpy(r.params[0].value, f[2], idlen);
    r.params[0].value[idlen] = '\0';
    r.params[0].name = "id";
    r.params[0].name_len = 2;
    r.nparams = 1;
    int64_t id = an_req_param_id(&r, "id");
    FUZZ_CHECK(id >= 0);
    if (id > 0)
      FUZZ_CHECK(strpbrk(r.params[0].value, "0123456789") != NULL);
    FUZZ_CHECK(an_req_param_id(&r, "other") == 0);
  }

  int64_t from, to;
  bool fok = an_time_parse(f[3], &from), tok = an_time_parse(f[4], &to);
  if (fok && tok && strcmp(f[3], f[4]) == 0)
    FUZZ_CHECK(from == to);
  fuzz_request_free(&r);
  free(buf);
  return 0;
}
