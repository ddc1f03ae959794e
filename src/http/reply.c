#include "http/reply.h"

#include <stdlib.h>
#include <string.h>

#include "http/server.h"
#include "store/db.h"

static const char CSP[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'";

static bool is_api(const char *path)
{
  return strncmp(path, "/api/", 5) == 0 || strcmp(path, "/healthz") == 0 ||
         strcmp(path, "/readyz") == 0 || strcmp(path, "/metrics") == 0;
}

static void standard_headers(struct an_request *r, struct MHD_Response *resp)
{
  MHD_add_response_header(resp, "Content-Security-Policy", CSP);
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
  MHD_add_response_header(resp, "X-Frame-Options", "DENY");
  MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
  MHD_add_response_header(resp, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  if (r->server && r->server->tls)
    MHD_add_response_header(resp, "Strict-Transport-Security",
                            "max-age=63072000; includeSubDomains");
  if (is_api(r->path))
    MHD_add_response_header(resp, "Cache-Control", "no-store");
  MHD_add_response_header(resp, "X-Request-Id", r->ctx.request_id);
}

an_ret an_reply_response(struct an_request *r, unsigned status, struct MHD_Response *resp)
{
  if (!resp)
    return MHD_NO;
  if (r->status) {
    /* A second reply is our bug; the first one stands. */
    MHD_destroy_response(resp);
    return MHD_YES;
  }
  standard_headers(r, resp);
  r->status = status;
  an_ret ret = MHD_queue_response(r->conn, status, resp);
  MHD_destroy_response(resp);
  return ret;
}

an_ret an_reply_data(struct an_request *r, unsigned status, const char *content_type,
                     const void *data, size_t len)
{
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(len, (void *)(uintptr_t)data, MHD_RESPMEM_MUST_COPY);
  if (resp && content_type)
    MHD_add_response_header(resp, "Content-Type", content_type);
  return an_reply_response(r, status, resp);
}

static an_ret send_json(struct an_request *r, unsigned status, json_t *body, const char *ctype,
                        const char *const *headers)
{
  char *text = json_dumps(body, JSON_COMPACT);
  json_decref(body);
  if (!text)
    return MHD_NO;
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
  if (!resp) {
    free(text);
    return MHD_NO;
  }
  MHD_add_response_header(resp, "Content-Type", ctype);
  for (const char *const *h = headers; h && h[0] && h[1]; h += 2)
    MHD_add_response_header(resp, h[0], h[1]);
  return an_reply_response(r, status, resp);
}

an_ret an_reply_json(struct an_request *r, unsigned status, json_t *body)
{
  return send_json(r, status, body, "application/json; charset=utf-8", NULL);
}

an_ret an_reply_empty(struct an_request *r, unsigned status)
{
  struct MHD_Response *resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
  return an_reply_response(r, status, resp);
}

an_ret an_reply_problem_h(struct an_request *r, enum an_ec ec, const char *detail,
                          json_t *errors, const char *const *headers)
{
  /* A handler's "internal error" when the database could not serve (busy, locked, full, gone)
   * is the service being unavailable for now: 503, and the client may try again. */
  static const char *const retry[] = {"Retry-After", "1", NULL, NULL};
  if (ec == AN_EC_GENERIC_INTERNAL && r->db && an_db_unavailable(r->db)) {
    ec = AN_EC_GENERIC_UNAVAILABLE;
    headers = headers ? headers : retry;
  }
  const struct an_ec_info *e = an_ec_info(ec);
  char type[96];
  snprintf(type, sizeof type, "/problems/%s", e->slug);
  json_t *p = json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:s}", "type", type, "title", e->title,
                        "status", (int)e->status, "detail",
                        detail ? detail : an_req_text(r, e->ja, e->en), "code", e->name,
                        "instance", r->path ? r->path : "/", "request_id", r->ctx.request_id);
  if (errors)
    json_object_set_new(p, "errors", errors);
  return send_json(r, e->status, p, "application/problem+json; charset=utf-8", headers);
}

an_ret an_reply_items(struct an_request *r, int status, json_t *items)
{
  if (status < 0) {
    json_decref(items);
    return an_reply_problem(r, AN_EC_GENERIC_INTERNAL, NULL, NULL);
  }
  return an_reply_json(r, 200, json_pack("{s:o}", "items", items));
}

an_ret an_reply_problem(struct an_request *r, enum an_ec ec, const char *detail, json_t *errors)
{
  /* The browser asks for a tenant's gate credentials when told which scheme (CHK-10). */
  static const char *const basic[] = {"WWW-Authenticate", "Basic realm=\"anshin\", charset=\"UTF-8\"",
                                      NULL, NULL};
  return an_reply_problem_h(r, ec, detail, errors, ec == AN_EC_BASIC_AUTH_REQUIRED ? basic : NULL);
}

json_t *an_localize_errors(const struct an_request *r, json_t *errs)
{
  json_t *out = json_array();
  size_t i;
  json_t *e;
  json_array_foreach(errs, i, e)
  {
    const char *ja = json_string_value(json_object_get(e, "detail_ja"));
    const char *en = json_string_value(json_object_get(e, "detail_en"));
    json_t *o = json_pack("{s:O, s:s}", "rule", json_object_get(e, "rule"), "detail",
                          an_req_text(r, ja ? ja : "", en ? en : ""));
    json_t *field = json_object_get(e, "field");
    if (field)
      json_object_set(o, "field", field);
    json_array_append_new(out, o);
  }
  json_decref(errs);
  return out;
}
