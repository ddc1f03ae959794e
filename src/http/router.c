#include "http/router.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Matches one pattern against path; captures {params} into r when r is not NULL. The limits
 * (parameter count and length) apply either way, so a probe and a capture always agree. */
static bool match(const char *pat, const char *path, struct an_request *r)
{
  int np = 0;
  while (*pat && *path) {
    if (*pat == '{') {
      const char *close = strchr(pat, '}');
      if (!close)
        return false;
      size_t len = strcspn(path, "/");
      /* A literal after the parameter within its segment ("{id}.csv") ends the value there. */
      size_t sfx = strcspn(close + 1, "/");
      if (sfx && (len <= sfx || strncmp(path + len - sfx, close + 1, sfx)))
        return false;
      len -= sfx;
      if (len == 0 || len >= sizeof r->params[0].value || np >= AN_MAX_PATH_PARAMS)
        return false;
      if (r) {
        memcpy(r->params[np].value, path, len);
        r->params[np].value[len] = '\0';
      }
      np++;
      path += len;
      pat = close + 1;
      continue;
    }
    if (*pat != *path)
      return false;
    pat++;
    path++;
  }
  if (*pat || *path)
    return false;
  if (r)
    r->nparams = np;
  return true;
}

/* The parameter names are read from the pattern again, so rows carry no separate list. */
static void name_params(const char *pat, struct an_request *r)
{
  int i = 0;
  for (const char *p = strchr(pat, '{'); p && i < r->nparams; p = strchr(p + 1, '{'), i++) {
    r->params[i].name = p + 1;
    r->params[i].name_len = strcspn(p + 1, "}");
  }
}

enum an_match an_route_find(const struct an_route *table, size_t n, const char *method,
                            const char *path, struct an_request *r, char *allow, size_t allowlen)
{
  bool path_seen = false;
  size_t used = 0;
  allow[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    if (!match(table[i].pattern, path, NULL))
      continue;
    if (strcmp(table[i].method, method) == 0 ||
        (strcmp(method, "HEAD") == 0 && strcmp(table[i].method, "GET") == 0)) {
      match(table[i].pattern, path, r);
      name_params(table[i].pattern, r);
      r->route = &table[i];
      r->route_index = (int)i;
      return AN_MATCH_FOUND;
    }
    path_seen = true;
    int w = snprintf(allow + used, allowlen - used, "%s%s", used ? ", " : "", table[i].method);
    if (w > 0 && (size_t)w < allowlen - used)
      used += (size_t)w;
  }
  return path_seen ? AN_MATCH_NO_METHOD : AN_MATCH_NO_PATH;
}
