#include "http/request.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/ids.h"
#include "core/utf8.h"
#include "http/server_state.h"

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

const char *an_req_cookie(const struct an_request *r, const char *name)
{
  return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

struct an_login_rate *an_req_login_rate(const struct an_request *r)
{
  return r->server ? r->server->login_rate : NULL;
}

const char *an_req_bearer(const struct an_request *r)
{
  const char *authz = an_req_header(r, "Authorization");
  return authz && strncasecmp(authz, "Bearer ", 7) == 0 ? authz + 7 : NULL;
}

char *an_basic_decode(const char *authz, const char **user, const char **password)
{
  *user = *password = NULL;
  if (!authz || strncasecmp(authz, "Basic ", 6) != 0)
    return NULL;
  const char *b64 = authz + 6;
  size_t n = strlen(b64), len = 0, cap = n / 4 * 3 + 4;
  char *raw = an_calloc(cap);
  char *colon = NULL;
  if (sodium_base642bin((unsigned char *)raw, cap - 1, b64, n, NULL, &len, NULL,
                        sodium_base64_VARIANT_ORIGINAL) == 0) {
    raw[len] = '\0';
    colon = memchr(raw, ':', len);
  }
  /* A NUL inside either part would let the parts read differently from what was sent. */
  if (!colon || strlen(raw) != len) {
    sodium_memzero(raw, cap);
    free(raw);
    return NULL;
  }
  *colon = '\0';
  *user = raw;
  *password = colon + 1;
  return raw;
}

void an_req_parse_basic(struct an_request *r)
{
  const char *user, *password;
  char *raw = an_basic_decode(an_req_header(r, "Authorization"), &user, &password);
  if (!raw)
    return;
  r->basic = raw;
  r->ctx.basic_user = user;
  r->ctx.basic_password = password;
}

void an_req_free_basic(struct an_request *r)
{
  if (!r->basic)
    return;
  sodium_memzero(r->basic, strlen(r->basic) + 1 + strlen(r->ctx.basic_password));
  free(r->basic);
  r->basic = NULL;
  r->ctx.basic_user = r->ctx.basic_password = NULL;
}

const char *an_session_cookie_name(const struct an_request *r)
{
  return r->server->tls ? "__Host-anshin_session" : "anshin_session";
}
