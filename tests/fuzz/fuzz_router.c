/* Fuzz target: the router (src/http/router.c) over the application's real route table, with a
 * method and a path from outside (input: method NUL path). Besides memory safety it checks that
 * a match means what it says: the captured parameters put back into the pattern give the path
 * again, each is one non-empty segment, and the id reader (an_req_param_id) only ever answers
 * 0 or a positive id. */
#include <string.h>

#include "fuzz.h"
#include "api/api.h"
#include "http/router.h"

static void check_found(const struct an_request *r, const char *method, const char *path)
{
  const struct an_route *rt = r->route;
  FUZZ_CHECK(rt == &an_routes[r->route_index]);
  FUZZ_CHECK(strcmp(rt->method, method) == 0 ||
             (strcmp(method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0));
  FUZZ_CHECK(r->nparams >= 0 && r->nparams <= AN_MAX_PATH_PARAMS);
  /* Rebuild the path from the pattern and the captured values. */
  size_t plen = strlen(path), at = 0;
  int i = 0;
  for (const char *p = rt->pattern; *p;) {
    if (*p == '{') {
      FUZZ_CHECK(i < r->nparams);
      const char *v = r->params[i].value;
      size_t vlen = strlen(v);
      FUZZ_CHECK(vlen > 0 && vlen < sizeof r->params[i].value && !strchr(v, '/'));
      FUZZ_CHECK(at + vlen <= plen && memcmp(path + at, v, vlen) == 0);
      FUZZ_CHECK(strncmp(r->params[i].name, p + 1, r->params[i].name_len) == 0);
      at += vlen;
      p = strchr(p, '}') + 1;
      i++;
      continue;
    }
    FUZZ_CHECK(at < plen && path[at] == *p);
    at++;
    p++;
  }
  FUZZ_CHECK(at == plen && i == r->nparams);
  /* Every captured parameter is found again by name; an id is 0 (refused) or positive. */
  for (int k = 0; k < r->nparams; k++) {
    char name[64];
    size_t n = r->params[k].name_len < sizeof name - 1 ? r->params[k].name_len : sizeof name - 1;
    memcpy(name, r->params[k].name, n);
    name[n] = '\0';
    FUZZ_CHECK(an_req_param(r, name) != NULL);
    FUZZ_CHECK(an_req_param_id(r, name) >= 0);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *f[2];
  char *buf = fuzz_fields(data, size, f, 2);
  struct an_request r;
  memset(&r, 0, sizeof r);
  char allow[128];
  enum an_match m = an_route_find(an_routes, an_nroutes, f[0], f[1], &r, allow, sizeof allow);
  FUZZ_CHECK(strlen(allow) < sizeof allow);
  if (m == AN_MATCH_FOUND)
    check_found(&r, f[0], f[1]);
  else if (m == AN_MATCH_NO_METHOD)
    FUZZ_CHECK(allow[0] != '\0');
  else
    FUZZ_CHECK(m == AN_MATCH_NO_PATH && r.route == NULL);
  free(buf);
  return 0;
}
