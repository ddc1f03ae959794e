/* Support for the fuzz targets: input splitting, and a request whose connection is a struct
 * fuzz_conn instead of a socket. The two libmicrohttpd calls that need a live connection are
 * defined here: every target links this object (for fuzz_fields), and the linker takes these
 * definitions over the shared library's. Responses themselves are real libmicrohttpd objects. */
#include "fuzz.h"

#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

char *fuzz_fields(const uint8_t *data, size_t size, const char **field, int n)
{
  char *buf = malloc(size + 1);
  if (!buf)
    abort();
  memcpy(buf, data, size);
  buf[size] = '\0';
  char *p = buf, *end = buf + size;
  for (int i = 0; i < n; i++) {
    field[i] = p < end ? p : "";
    if (p < end)
      p += strlen(p) + 1;
  }
  return buf;
}

void fuzz_fail(const char *file, int line, const char *what)
{
  fprintf(stderr, "fuzz property failed at %s:%d: %s\n", file, line, what);
  abort();
}

void fuzz_request_init(struct an_request *r, struct fuzz_conn *c, const char *method,
                       const char *path, const char *lang)
{
  memset(r, 0, sizeof *r);
  r->conn = (struct MHD_Connection *)(void *)c;
  r->method = method;
  r->path = path;
  r->lang = lang;
  r->route_index = -1;
  snprintf(r->ctx.request_id, sizeof r->ctx.request_id, "fuzz");
  snprintf(r->ctx.client_ip, sizeof r->ctx.client_ip, "127.0.0.1");
}

void fuzz_request_free(struct an_request *r)
{
  json_decref(r->json);
  r->json = NULL;
  an_buf_free(&r->body);
}

static const char *lookup(const char *const *list, const char *key, bool nocase)
{
  for (const char *const *p = list; p && p[0] && p[1]; p += 2)
    if (nocase ? strcasecmp(p[0], key) == 0 : strcmp(p[0], key) == 0)
      return p[1];
  return NULL;
}

const char *MHD_lookup_connection_value(struct MHD_Connection *connection,
                                        enum MHD_ValueKind kind, const char *key)
{
  const struct fuzz_conn *c = (const struct fuzz_conn *)(const void *)connection;
  if (kind == MHD_HEADER_KIND)
    return lookup(c->headers, key, true);
  if (kind == MHD_GET_ARGUMENT_KIND)
    return lookup(c->query, key, false);
  return NULL;
}

enum MHD_Result MHD_queue_response(struct MHD_Connection *connection, unsigned int status_code,
                                   struct MHD_Response *response)
{
  struct fuzz_conn *c = (struct fuzz_conn *)(void *)connection;
  const char *ct = MHD_get_response_header(response, "Content-Type");
  c->status = status_code;
  c->replies++;
  snprintf(c->content_type, sizeof c->content_type, "%s", ct ? ct : "");
  return MHD_YES;
}
