#include "http/reply.h"

#include <errno.h>
#include <gnutls/gnutls.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/alloc.h"
#include "core/ascii.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/time.h"
#include "core/utf8.h"
#include "http/server_state.h"
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

typedef void (*add_header)(void *cls, const char *name, const char *value);

static void each_standard_header(const struct an_request *r, add_header add, void *cls)
{
  add(cls, "Content-Security-Policy", CSP);
  add(cls, "X-Content-Type-Options", "nosniff");
  add(cls, "Referrer-Policy", "no-referrer");
  add(cls, "X-Frame-Options", "DENY");
  add(cls, "Cross-Origin-Opener-Policy", "same-origin");
  add(cls, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  if (r->server && r->server->tls)
    add(cls, "Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  if (!r->path || is_api(r->path))
    add(cls, "Cache-Control", "no-store");
  add(cls, "X-Request-Id", r->ctx.request_id);
  if (r->close)
    add(cls, "Connection", "close");
}

static void add_to_response(void *cls, const char *name, const char *value)
{
  /* A reply that set its own caching rule (http/etag.h) keeps it. */
  if (!strcmp(name, "Cache-Control") && MHD_get_response_header(cls, name))
    return;
  MHD_add_response_header(cls, name, value);
}

static void standard_headers(struct an_request *r, struct MHD_Response *resp)
{
  each_standard_header(r, add_to_response, resp);
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
  if (r->hold.on && !r->deferred) {
    /* An idempotent write: queued by http/idempotency.c once its answer is stored. */
    r->hold.resp = resp;
    return MHD_YES;
  }
  if (r->deferred) {
    /* Made off-thread while the connection is suspended: queued when it resumes
     * (http/offthread.h), on its worker. */
    r->pending = resp;
    return MHD_YES;
  }
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

static void hold_capture(struct an_request *r, const char *ctype, const char *body, size_t len)
{
  r->hold.captured = true;
  r->hold.ctype = an_strdup(ctype);
  r->hold.body = an_strndup(body, len);
  r->hold.len = len;
}

an_ret an_reply_hold_end(struct an_request *r, bool send)
{
  struct MHD_Response *resp = r->hold.resp;
  free(r->hold.ctype);
  free(r->hold.body);
  r->hold = (struct an_reply_hold){0};
  if (!resp)
    return send ? MHD_NO : MHD_YES;
  an_ret ret = MHD_YES;
  if (send)
    ret = MHD_queue_response(r->conn, r->status, resp);
  else
    r->status = 0; /* another reply takes its place */
  MHD_destroy_response(resp);
  return ret;
}

static an_ret send_json(struct an_request *r, unsigned status, json_t *body, const char *ctype,
                        const char *const *headers)
{
  char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
  json_decref(body);
  if (!text) {
    /* A NULL body is a failed json_pack (text that is not UTF-8, or no memory): answer 500
     * rather than closing the connection without a reply (L). */
    an_log_bug("reply body could not be built", json_pack("{s:i}", "status", (int)status));
    if (strstr(ctype, "problem"))
      return an_reply_empty(r, status);
    return an_reply_problem(r, AN_EC_GENERIC_INTERNAL, NULL, NULL);
  }
  if (r->hold.on && !headers && !r->status) /* kept for a retry with the same key */
    hold_capture(r, ctype, text, strlen(text));
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
  if (r->hold.on && !r->status)
    hold_capture(r, "", "", 0);
  struct MHD_Response *resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
  return an_reply_response(r, status, resp);
}

/* The problem document for ec, or NULL when out of memory; takes errors. */
/* Gives each entry of errors[] that names a field ("field": "company_name", or a dotted path
 * "plans.0.name") its RFC 6901 JSON pointer into the request body ("pointer": "/company_name"),
 * so that a client marks the field without knowing how the server spells paths (issue 10 item 9).
 */
static void add_pointers(json_t *errors)
{
  size_t i;
  json_t *e;
  json_array_foreach(errors, i, e)
  {
    const char *field = json_string_value(json_object_get(e, "field"));
    if (!field || json_object_get(e, "pointer"))
      continue;
    struct an_buf b = {0};
    an_buf_append(&b, "/", 1);
    for (const char *c = field; *c; c++) {
      if (*c == '~')
        an_buf_append(&b, "~0", 2);
      else if (*c == '/')
        an_buf_append(&b, "~1", 2);
      else if (*c == '.')
        an_buf_append(&b, "/", 1);
      else
        an_buf_append(&b, c, 1);
    }
    if (b.data)
      json_object_set_new(e, "pointer", json_string(b.data));
    an_buf_free(&b);
  }
}

static json_t *problem(const struct an_request *r, enum an_ec ec, const char *detail,
                       json_t *errors)
{
  if (json_is_array(errors))
    add_pointers(errors);
  const struct an_ec_info *e = an_ec_info(ec);
  char type[96];
  snprintf(type, sizeof type, "/problems/%s", e->slug);
  char *instance = an_req_path_text(r);
  const char *text =
      detail && an_utf8_valid(detail, strlen(detail)) ? detail : an_req_text(r, e->ja, e->en);
  json_t *p = json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:s}", "type", type, "title", e->title,
                        "status", (int)e->status, "detail", text, "code", e->name, "instance",
                        instance, "request_id", r->ctx.request_id);
  free(instance);
  if (p && errors)
    json_object_set_new(p, "errors", errors);
  else
    json_decref(errors);
  return p;
}

an_ret an_reply_problem_h(struct an_request *r, enum an_ec ec, const char *detail, json_t *errors,
                          const char *const *headers)
{
  /* A handler's "internal error" when the database could not serve (busy, locked, full, gone)
   * is the service being unavailable for now: 503, and the client may try again. */
  static const char *const retry[] = {"Retry-After", "1", NULL, NULL};
  if (ec == AN_EC_GENERIC_INTERNAL && r->db && an_db_unavailable(r->db)) {
    ec = AN_EC_GENERIC_UNAVAILABLE;
    headers = headers ? headers : retry;
  }
  unsigned status = an_ec_info(ec)->status;
  json_t *p = problem(r, ec, detail, errors);
  if (!p) /* out of memory: the status line and our headers still go out */
    return an_reply_empty(r, status);
  return send_json(r, status, p, "application/problem+json; charset=utf-8", headers);
}

an_ret an_reply_problem_ext(struct an_request *r, enum an_ec ec, const char *detail, json_t *ext)
{
  unsigned status = an_ec_info(ec)->status;
  json_t *p = problem(r, ec, detail, NULL);
  if (!p) {
    json_decref(ext);
    return an_reply_empty(r, status);
  }
  json_object_update_missing(p, ext);
  json_decref(ext);
  return send_json(r, status, p, "application/problem+json; charset=utf-8", NULL);
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
  static const char *const basic[] = {"WWW-Authenticate",
                                      "Basic realm=\"anshin\", charset=\"UTF-8\"", NULL, NULL};
  return an_reply_problem_h(r, ec, detail, errors, ec == AN_EC_BASIC_AUTH_REQUIRED ? basic : NULL);
}

an_ret an_reply_field_problem(struct an_request *r, enum an_ec ec, const char *field,
                              const char *detail)
{
  return an_reply_problem(r, ec, detail,
                          json_pack("[{s:s, s:s}]", "field", field, "detail", detail));
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
    json_t *o = json_pack("{s:O?, s:s}", "rule", json_object_get(e, "rule"), "detail",
                          an_req_text(r, ja ? ja : "", en ? en : ""));
    json_t *field = json_object_get(e, "field");
    if (field)
      json_object_set(o, "field", field);
    json_array_append_new(out, o);
  }
  json_decref(errs);
  return out;
}

static void add_to_text(void *cls, const char *name, const char *value)
{
  an_buf_printf(cls, "%s: %s\r\n", name, value);
}

/* Writes all of text to the connection's socket (or its TLS session); false when it could not. */
static bool write_all(struct MHD_Connection *conn, const char *text, size_t len)
{
  const union MHD_ConnectionInfo *tls =
      MHD_get_connection_info(conn, MHD_CONNECTION_INFO_GNUTLS_SESSION);
  const union MHD_ConnectionInfo *fd =
      MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
  if (!fd)
    return false;
  int64_t until = an_time_mono_us() + 1000000; /* the socket is non-blocking */
  while (len && an_time_mono_us() < until) {
    ssize_t n = tls && tls->tls_session
                    ? gnutls_record_send((gnutls_session_t)tls->tls_session, text, len)
                    : send(fd->connect_fd, text, len, MSG_NOSIGNAL);
    if (n > 0) {
      text += n;
      len -= (size_t)n;
    } else if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED ||
               (n < 0 && (errno == EAGAIN || errno == EINTR))) {
      poll(&(struct pollfd){.fd = fd->connect_fd, .events = POLLOUT}, 1, 100);
    } else {
      return false;
    }
  }
  shutdown(fd->connect_fd, SHUT_RDWR);
  return len == 0;
}

bool an_reply_before_headers(struct an_request *r, enum an_ec ec)
{
  unsigned status = an_ec_info(ec)->status;
  json_t *p = problem(r, ec, NULL, NULL);
  char *body = p ? json_dumps(p, JSON_COMPACT) : NULL;
  json_decref(p);
  struct an_buf out = {0};
  an_buf_printf(&out, "HTTP/1.1 %u %s\r\n", status, MHD_get_reason_phrase_for(status));
  r->close = true;
  each_standard_header(r, add_to_text, &out);
  an_buf_printf(&out,
                "Content-Type: application/problem+json; charset=utf-8\r\n"
                "Content-Length: %zu\r\n\r\n%s",
                body ? strlen(body) : 0, body ? body : "");
  free(body);
  r->status = status;
  bool ok = write_all(r->conn, out.data, out.len);
  an_buf_free(&out);
  return ok;
}

an_ret an_reply_session(struct an_request *r, unsigned status, json_t *body, const char *token,
                        long max_age)
{
  char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
  json_decref(body);
  struct MHD_Response *resp =
      text ? MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE)
           : MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
  if (!resp)
    return MHD_NO;
  if (text)
    MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
  struct an_buf c = {0};
  an_buf_printf(&c, "%s=%s; Path=/", an_session_cookie_name(r), token);
  if (max_age >= 0) /* < 0: a browser session cookie */
    an_buf_printf(&c, "; Max-Age=%ld", max_age);
  an_buf_printf(&c, "; HttpOnly; SameSite=Strict%s", r->server->tls ? "; Secure" : "");
  MHD_add_response_header(resp, "Set-Cookie", c.data);
  an_buf_free(&c);
  return an_reply_response(r, status, resp);
}

/* Adds the content type and the extra headers ("Name", "value" pairs ending in NULL, NULL; may be
 * NULL) to a response being built. */
static void add_extra(struct MHD_Response *resp, const char *content_type,
                      const char *const *headers)
{
  MHD_add_response_header(resp, "Content-Type", content_type);
  for (size_t i = 0; headers && headers[i]; i += 2)
    MHD_add_response_header(resp, headers[i], headers[i + 1]);
}

static struct MHD_Response *owned_response(char *data, size_t len, const char *content_type,
                                           const char *const *headers)
{
  struct MHD_Response *resp = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
  if (!resp) {
    free(data);
    return NULL;
  }
  add_extra(resp, content_type, headers);
  return resp;
}

an_ret an_reply_owned(struct an_request *r, unsigned status, const char *content_type, char *data,
                      size_t len, const char *const *headers)
{
  struct MHD_Response *resp = owned_response(data, len, content_type, headers);
  return resp ? an_reply_response(r, status, resp) : MHD_NO;
}

/* RFC 8187 attr-char: what a filename* value may carry without percent-encoding. */
static bool attr_char(unsigned char c)
{
  return an_ascii_alnum_or((char)c, "!#$&+-.^_`|~");
}

void an_reply_disposition(struct an_buf *out, const char *filename)
{
  an_buf_puts(out, "attachment");
  if (!filename || !filename[0])
    return;
  /* The quoted fallback for old clients: printable ASCII only, without the quote and backslash
   * that would end or escape it; each other byte becomes '_'. */
  bool plain = true;
  an_buf_puts(out, "; filename=\"");
  for (const unsigned char *p = (const unsigned char *)filename; *p; p++) {
    bool ok = *p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\';
    plain = plain && ok;
    if (ok || (*p & 0xc0) != 0x80) /* one '_' per UTF-8 sequence, not per byte */
      an_buf_append(out, ok ? (const char *)p : "_", 1);
  }
  an_buf_puts(out, "\"");
  if (plain)
    return;
  an_buf_puts(out, "; filename*=UTF-8''");
  for (const unsigned char *p = (const unsigned char *)filename; *p; p++) {
    if (attr_char(*p))
      an_buf_append(out, p, 1);
    else
      an_buf_printf(out, "%%%02X", *p);
  }
}

/* Sends resp (NULL: not made) with status 200 as a download called filename. */
static an_ret send_download(struct an_request *r, struct MHD_Response *resp, const char *filename)
{
  if (!resp)
    return MHD_NO;
  struct an_buf d = {0};
  an_reply_disposition(&d, filename);
  MHD_add_response_header(resp, "Content-Disposition", d.data);
  an_buf_free(&d);
  return an_reply_response(r, 200, resp);
}

an_ret an_reply_attachment(struct an_request *r, const char *content_type, const char *filename,
                           char *data, size_t len, const char *const *headers)
{
  return send_download(r, owned_response(data, len, content_type, headers), filename);
}

/* A streamed reply's source, between libmicrohttpd's callbacks and the caller's. */
struct stream {
  ssize_t (*read)(void *cls, char *out, size_t max);
  void (*release)(void *cls);
  void *cls;
};

static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
  (void)pos;
  struct stream *s = cls;
  ssize_t n = s->read(s->cls, out, max);
  if (n == 0)
    return MHD_CONTENT_READER_END_OF_STREAM;
  if (n < 0)
    return MHD_CONTENT_READER_END_WITH_ERROR;
  return n;
}

static void stream_free(void *cls)
{
  struct stream *s = cls;
  if (s->release)
    s->release(s->cls);
  free(s);
}

static struct MHD_Response *stream_response(const char *content_type, const char *const *headers,
                                            ssize_t (*read)(void *cls, char *out, size_t max),
                                            void *cls, void (*release)(void *cls))
{
  struct stream *s = an_calloc(sizeof *s);
  *s = (struct stream){.read = read, .release = release, .cls = cls};
  struct MHD_Response *resp =
      MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024, stream_read, s, stream_free);
  if (!resp) {
    stream_free(s);
    return NULL;
  }
  add_extra(resp, content_type, headers);
  return resp;
}

an_ret an_reply_stream(struct an_request *r, unsigned status, const char *content_type,
                       const char *const *headers,
                       ssize_t (*read)(void *cls, char *out, size_t max), void *cls,
                       void (*release)(void *cls))
{
  struct MHD_Response *resp = stream_response(content_type, headers, read, cls, release);
  return resp ? an_reply_response(r, status, resp) : MHD_NO;
}

an_ret an_reply_attachment_stream(struct an_request *r, const char *content_type,
                                  const char *filename,
                                  ssize_t (*read)(void *cls, char *out, size_t max), void *cls,
                                  void (*release)(void *cls))
{
  return send_download(r, stream_response(content_type, NULL, read, cls, release), filename);
}
