/* One HTTP request as the handlers see it. The server fills it, resolves the route, the subject
 * and the tenant before any handler runs; handlers read it and reply exactly once. */
#ifndef AN_HTTP_REQUEST_H
#define AN_HTTP_REQUEST_H
#include <jansson.h>
#include <microhttpd.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "identity/principal.h"
#include "store/sessions.h"

#define AN_MAX_PATH_PARAMS 4

struct an_route;
struct an_server;

struct an_path_param {
  const char *name; /* points into the route pattern; not NUL-terminated */
  size_t name_len;
  char value[128];
};

/* A write sent with an Idempotency-Key while its handler runs (http/idempotency.h): the reply is
 * held, not queued, until its answer is stored; a JSON or empty reply's bytes are kept for it. */
struct an_reply_hold {
  bool on;
  struct MHD_Response *resp; /* the held reply (r->status is its status) */
  bool captured;             /* ctype and body below are the reply's */
  char *ctype;
  char *body;
  size_t len;
};

struct an_request {
  struct MHD_Connection *conn;
  struct an_server *server;
  const char *method;
  const char *path;             /* URL path without the query string */
  const struct an_route *route; /* NULL for static files and unmatched paths */
  int route_index;              /* for metrics; see an_metrics */
  struct an_path_param params[AN_MAX_PATH_PARAMS];
  int nparams;
  struct an_buf body;
  json_t *json; /* the parsed body, owned by the request */
  bool body_too_large;
  const char *lang; /* "ja" (default) or "en", from Accept-Language */
  struct an_ctx ctx;
  struct an_db *db;          /* this worker's connection */
  struct an_session session; /* valid when ctx.session_id != 0 */
  struct an_principal who;   /* the session's subject, when authenticated */
  bool cookie_auth;          /* authenticated by the session cookie (so CSRF applies) */
  unsigned status;           /* status of the reply, 0 until replied */
  bool begun;                /* the fields above are set (first access-handler call) */
  bool close;                /* the reply closes the connection (Connection: close) */
  size_t uri_len;            /* length of the raw request target */
  char *raw_path;            /* owned copy of the raw path when refused before the headers */
  char *basic;               /* decoded Basic credentials "user\0password", owned */
  int64_t started_mono;
  char *client_cert;            /* owned text behind ctx.client_cert (http/client_cert.h) */
  bool deferred;                /* suspended while a job runs off-thread (http/offthread.h) */
  struct MHD_Response *pending; /* the reply that job made, queued when the connection resumes */
  struct an_reply_hold hold;    /* an idempotent write's reply (http/idempotency.h) */
  void *in; /* the route's body as its input struct while the handler runs (http/json_in.h) */
};

/* A request header, or NULL. */
const char *an_req_header(const struct an_request *r, const char *name);
/* A query-string argument, or NULL. */
const char *an_req_query(const struct an_request *r, const char *name);
/* A path parameter captured by the route pattern ("{id}"), or NULL. */
const char *an_req_param(const struct an_request *r, const char *name);
/* A path parameter that must be a positive decimal id (an_id_parse: digits only, no sign, space
 * or leading zero), or 0 when it is anything else (so callers answer 404, as for an unknown id). */
int64_t an_req_param_id(const struct an_request *r, const char *name);
/* The request's path as text that is safe to log or echo (a heap string the caller frees): the
 * path itself when it is UTF-8, else with every byte outside printable ASCII as %XX. */
char *an_req_path_text(const struct an_request *r);
/* The token of an `Authorization: Bearer` header, or NULL. */
const char *an_req_bearer(const struct an_request *r);
/* Decodes the value of an `Authorization: Basic` header: a heap buffer holding "user\0password"
 * (*user and *password point into it; the caller wipes and frees it), or NULL when authz is
 * NULL, another scheme, not base64, without a colon, or with a NUL inside. */
char *an_basic_decode(const char *authz, const char **user, const char **password);
/* Decodes an `Authorization: Basic` header into ctx.basic_user and ctx.basic_password (both
 * stay NULL when there is none or it is malformed). Called once, when the request begins. */
void an_req_parse_basic(struct an_request *r);
/* Wipes and frees what an_req_parse_basic decoded. */
void an_req_free_basic(struct an_request *r);
/* Name of the session cookie ("__Host-anshin_session" under TLS, "anshin_session" otherwise). */
const char *an_session_cookie_name(const struct an_request *r);
/* A cookie sent with the request, or NULL. */
const char *an_req_cookie(const struct an_request *r, const char *name);
/* The server's sign-in rate policy (identity/login_rate.h), for the sign-in handlers. */
struct an_login_rate *an_req_login_rate(const struct an_request *r);
/* Picks the text for the request's language. */
const char *an_req_text(const struct an_request *r, const char *ja, const char *en);

#endif
