#include "http/etag.h"

#include <string.h>

static const char *skip_space(const char *s)
{
  while (*s == ' ' || *s == '\t' || *s == ',')
    s++;
  return s;
}

bool an_etag_matches(const char *inm, const char *etag)
{
  if (!inm)
    return false;
  size_t n = strlen(etag);
  for (const char *s = skip_space(inm); *s; s = skip_space(s)) {
    if (*s == '*')
      return true;
    if (s[0] == 'W' && s[1] == '/')
      s += 2;
    const char *end = s + strcspn(s, ",");
    if (*s == '"') { /* an entity tag ends at its closing quote */
      const char *q = strchr(s + 1, '"');
      end = q ? q + 1 : s + strlen(s);
    }
    if ((size_t)(end - s) == n && !memcmp(s, etag, n))
      return true;
    s = end;
    while (*s && *s != ',')
      s++;
  }
  return false;
}

an_ret an_reply_etag_json(struct an_request *r, const char *body, size_t len, const char *etag)
{
  bool same = an_etag_matches(an_req_header(r, "If-None-Match"), etag);
  struct MHD_Response *resp =
      same ? MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT)
           : MHD_create_response_from_buffer(len, (void *)(uintptr_t)body, MHD_RESPMEM_MUST_COPY);
  if (!resp)
    return MHD_NO;
  if (!same)
    MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
  MHD_add_response_header(resp, "ETag", etag);
  MHD_add_response_header(resp, "Cache-Control", "no-cache");
  return an_reply_response(r, same ? 304 : 200, resp);
}
