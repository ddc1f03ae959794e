#include "http/request.h"

#include <stdlib.h>
#include <string.h>

const char *an_req_header(const struct an_request *r, const char *name)
{
  return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *an_req_query(const struct an_request *r, const char *name)
{
  return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *an_req_param(const struct an_request *r, const char *name)
{
  size_t n = strlen(name);
  for (int i = 0; i < r->nparams; i++)
    if (r->params[i].name_len == n && strncmp(r->params[i].name, name, n) == 0)
      return r->params[i].value;
  return NULL;
}

const char *an_req_text(const struct an_request *r, const char *ja, const char *en)
{
  return r->lang && strcmp(r->lang, "en") == 0 ? en : ja;
}

int64_t an_req_param_id(const struct an_request *r, const char *name)
{
  const char *v = an_req_param(r, name);
  char *end;
  if (!v || !*v)
    return 0;
  long long id = strtoll(v, &end, 10);
  return *end || id <= 0 ? 0 : id;
}
