#include "http/request.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/ids.h"
#include "core/utf8.h"

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

char *an_req_path_text(const struct an_request *r)
{
  const char *p = r->path ? r->path : "/";
  size_t n = strlen(p);
  return an_utf8_valid(p, n) ? an_strdup(p) : an_utf8_escape(p, n);
}

const char *an_req_text(const struct an_request *r, const char *ja, const char *en)
{
  return r->lang && strcmp(r->lang, "en") == 0 ? en : ja;
}

int64_t an_req_param_id(const struct an_request *r, const char *name)
{
  int64_t id = 0;
  an_id_parse(an_req_param(r, name), &id);
  return id;
}
