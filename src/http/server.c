#include "http/server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/access_log.h"
#include "core/alloc.h"
#include "core/ascii.h"
#include "core/cidr.h"
#include "core/cores.h"
#include "core/files.h"
#include "core/latency.h"
#include "core/log.h"
#include "core/time.h"
#include "core/usage_count.h"
#include "core/utf8.h"
#include "crypto/token.h"
#include "http/acceptor.h"
#include "http/client_cert.h"
#include "http/deadline.h"
#include "http/dispatch.h"
#include "http/metrics.h"
#include "http/offthread.h"
#include "http/router.h"
#include "store/pool.h"

/* The peer's address into r->ctx.client_ip. */
static void client_ip_peer(struct an_request *r)
{
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  char ip[64] = "unknown";
  if (ci && ci->client_addr) {
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
      inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, ip, sizeof ip);
    else if (sa->sa_family == AF_INET6)
      inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, ip,
                sizeof ip);
  }
  snprintf(r->ctx.client_ip, sizeof r->ctx.client_ip, "%s", ip);
}

static void client_ip(struct an_request *r)
{
  client_ip_peer(r);
  char ip[64];
  snprintf(ip, sizeof ip, "%s", r->ctx.client_ip);
  /* X-Forwarded-For is believed only from a configured proxy; the client is its last entry. */
  const char *xff = an_req_header(r, "X-Forwarded-For");
  if (xff && an_cidr_contains(r->server->trusted_proxies, ip)) {
    const char *last = strrchr(xff, ',');
    last = last ? last + 1 : xff;
    while (*last == ' ')
      last++;
    struct an_cidr_list *probe = an_cidr_parse(last, ip, sizeof ip);
    if (probe && an_cidr_count(probe) == 1 && !strchr(last, '/'))
      snprintf(r->ctx.client_ip, sizeof r->ctx.client_ip, "%s", last);
    an_cidr_free(probe);
  }
}

static bool valid_request_id(const char *s)
{
  return an_ascii_word(s, 8, 36, "-_");
}

/* Request ids need to be unique, not secret: a random per-thread prefix and a counter, instead
 * of a system call for fresh randomness on every request. */
static void new_request_id(char *out, size_t n)
{
  static _Thread_local char prefix[17];
  static _Thread_local unsigned long long counter;
  if (!prefix[0])
    an_random_hex(8, prefix);
  snprintf(out, n, "%s%016llx", prefix, ++counter);
}

static const char *pick_lang(const char *accept)
{
  if (!accept)
    return "ja";
  while (*accept == ' ')
    accept++;
  return strncasecmp(accept, "en", 2) == 0 ? "en" : "ja";
}

/* Fills the request's fields once its headers are in (they are read here). */
static void begin(struct an_request *r, const char *url, const char *method)
{
  struct an_server *srv = r->server;
  r->begun = true;
  r->method = method;
  r->path = url;
  r->ctx.cfg = srv->cfg;
  r->ctx.keys = srv->keys;
  r->ctx.now = an_time_now_us();
  const char *rid = an_req_header(r, "X-Request-Id");
  if (valid_request_id(rid))
    snprintf(r->ctx.request_id, sizeof r->ctx.request_id, "%s", rid);
  else
    new_request_id(r->ctx.request_id, sizeof r->ctx.request_id);
  r->lang = pick_lang(an_req_header(r, "Accept-Language"));
  client_ip_peer(r);
  an_http_client_cert_take(r, r->ctx.client_ip);
  client_ip(r);
  an_req_parse_basic(r);
  an_metrics_begin();
}

/* libmicrohttpd keeps a record per query argument in the connection's memory pool; past a few
 * hundred it runs out while parsing the request line and then hangs or closes without a reply
 * (L). No API needs more than a handful, so more than this many are refused first. */
#define MAX_QUERY_ARGS 64

static size_t count_args(const char *uri)
{
  const char *q = strchr(uri, '?');
  if (!q)
    return 0;
  size_t n = 1;
  for (q++; *q; q++)
    n += *q == '&';
  return n;
}

/* MHD_OPTION_URI_LOG_CALLBACK: the first sight of a request, with its raw target, before the
 * library parses the query string. Its result becomes the request's con_cls. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
  struct an_server *srv = cls;
  struct an_request *r = an_calloc(sizeof *r);
  r->conn = conn;
  r->server = srv;
  r->route_index = AN_METRIC_UNMATCHED;
  r->started_mono = an_time_mono_us();
  r->uri_len = strlen(uri);
  if (count_args(uri) > MAX_QUERY_ARGS || r->uri_len > (size_t)srv->cfg->max_header_bytes / 2) {
    r->raw_path = an_strndup(uri, strcspn(uri, "?"));
    r->path = r->raw_path;
    r->method = "-";
    new_request_id(r->ctx.request_id, sizeof r->ctx.request_id);
    client_ip_peer(r);
    an_reply_before_headers(r, AN_EC_HTTP_URI_TOO_LONG);
  }
  return r;
}

struct header_scan {
  size_t bytes;
  int host, content_length, transfer_encoding;
  bool bad_length, bad_coding;
};

static enum MHD_Result scan_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                   size_t key_size, const char *value, size_t value_size)
{
  (void)kind;
  struct header_scan *s = cls;
  s->bytes += key_size + value_size + 4;
  if (strcasecmp(key, "Host") == 0)
    s->host++;
  else if (strcasecmp(key, "Transfer-Encoding") == 0) {
    s->transfer_encoding++;
    s->bad_coding |= !value || strcasecmp(value, "chunked") != 0; /* the only one we read */
  } else if (strcasecmp(key, "Content-Length") == 0) {
    s->content_length++;
    s->bad_length |= !value || !value_size || strspn(value, "0123456789") != value_size;
  }
  return MHD_YES;
}

/* The checks on a request whose headers are complete, before its body is read: strict framing
 * (RFC 9112 §6.3: one Content-Length of digits only, not with Transfer-Encoding, and no transfer
 * coding but a single "chunked"; §3.2: at most one Host — libmicrohttpd's strict mode already
 * refuses HTTP/1.1 without one), the header size, and a body far over the limit. A refusal
 * closes the connection, since where the next request would begin is not known. */
static enum MHD_Result first_call(struct an_request *r, const char *version)
{
  const struct an_config *cfg = r->server->cfg;
  struct header_scan s = {0};
  MHD_get_connection_values_n(r->conn, MHD_HEADER_KIND, scan_header, &s);
  enum an_ec ec = AN_EC_OK;
  if (r->uri_len + s.bytes > (size_t)cfg->max_header_bytes)
    ec = AN_EC_HTTP_HEADERS_TOO_LARGE;
  else if (s.content_length > 1 || s.bad_length || (s.content_length && s.transfer_encoding) ||
           s.transfer_encoding > 1 || s.bad_coding || s.host > 1 ||
           (s.host == 0 && strcmp(version, MHD_HTTP_VERSION_1_1) == 0))
    ec = AN_EC_HTTP_BAD_REQUEST;
  else if (s.content_length &&
           strtoll(an_req_header(r, "Content-Length"), NULL, 10) > cfg->max_body_bytes * 16)
    /* A body far over the limit is refused at once; a moderately large one is read and
     * discarded so the client sees the 413 rather than a reset connection. */
    ec = AN_EC_GENERIC_BODY_TOO_LARGE;
  if (ec == AN_EC_OK) {
    an_deadline_phase(r->conn, AN_PHASE_BODY);
    return MHD_YES;
  }
  an_deadline_phase(r->conn, AN_PHASE_BUSY);
  r->close = true;
  return an_reply_problem(r, ec, NULL, NULL);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
  (void)cls;
  (void)conn;
  struct an_request *r = *con_cls;
  if (!r || (r->status && !r->begun))
    return MHD_NO; /* answered from the URI callback already: close */
  if (!r->begun) {
    begin(r, url, method);
    return first_call(r, version);
  }
  if (*upload_data_size) {
    if (!r->status && !r->body_too_large) {
      if (r->body.len + *upload_data_size > (size_t)r->server->cfg->max_body_bytes) {
        r->body_too_large = true;
        an_buf_free(&r->body);
      } else {
        an_buf_append(&r->body, upload_data, *upload_data_size);
      }
    }
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (r->deferred)
    return an_offthread_resume(r); /* resumed after its off-thread job */
  if (r->status)
    return MHD_YES;
  an_deadline_phase(r->conn, AN_PHASE_BUSY);
  if (r->body_too_large)
    return an_reply_problem(r, AN_EC_GENERIC_BODY_TOO_LARGE, NULL, NULL);
  return an_dispatch(r);
}

static void access_log(const struct an_request *r, int64_t micros)
{
  an_access_log_write(&(struct an_access_rec){
      &r->ctx, r->method, r->path, r->route ? r->route->pattern : NULL, r->status, micros});
  if (!r->server->cfg->access_log)
    return;
  char *path = an_req_path_text(r);
  char *method = an_utf8_escape(r->method, strlen(r->method));
  json_t *f = json_pack("{s:s, s:s, s:s, s:i, s:f, s:s, s:I, s:I}", "request_id", r->ctx.request_id,
                        "method", method, "path", path, "status", (int)r->status, "duration_ms",
                        (double)micros / 1000.0, "client_ip", r->ctx.client_ip, "tenant_id",
                        (json_int_t)r->ctx.tenant_id, "subject_id", (json_int_t)r->ctx.subject_id);
  free(path);
  free(method);
  if (!f)
    return;
  if (r->route)
    json_object_set_new(f, "route", json_string(r->route->pattern));
  an_log(AN_LOG_INFO, "request", f);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
  (void)cls;
  (void)toe;
  an_deadline_phase(conn, AN_PHASE_HEADERS); /* the next request's headers are due from now */
  struct an_request *r = *con_cls;
  if (!r)
    return;
  int64_t micros = an_time_mono_us() - r->started_mono;
  if (r->begun) {
    an_metrics_end(r->route_index, r->status, micros);
    /* SLA-10: the API's responses against 0.5 s; everything else a person loads is a page */
    an_latency_observe(
        r->route && !strncmp(r->route->pattern, "/api/", 5) ? AN_LAT_API : AN_LAT_PAGE, micros);
    if (r->route && !strncmp(r->route->pattern, "/api/", 5))
      an_usage_count(r->ctx.tenant_id, an_time_now_us()); /* WP-15: API calls per tenant and day */
  }
  if (r->begun || r->status)
    access_log(r, micros);
  if (r->pending)
    MHD_destroy_response(r->pending);
  free(r->raw_path);
  an_req_free_basic(r);
  an_http_client_cert_free(r);
  json_decref(r->json);
  an_buf_free(&r->body);
  free(r);
  *con_cls = NULL;
}

static bool read_file(const char *path, char **out)
{
  struct an_buf b = {0};
  if (!an_file_read_all(path, &b))
    return false;
  *out = an_buf_steal(&b);
  return true;
}

static bool resolve_listen(const char *listen, struct sockaddr_storage *ss)
{
  char host[256];
  const char *colon = strrchr(listen, ':');
  size_t hl = (size_t)(colon - listen);
  if (hl >= sizeof host)
    return false;
  memcpy(host, listen, hl);
  host[hl] = '\0';
  if (host[0] == '[' && hl > 1 && host[hl - 1] == ']') {
    memmove(host, host + 1, hl - 2);
    host[hl - 2] = '\0';
  }
  struct addrinfo hints = {
      .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV | AI_PASSIVE};
  struct addrinfo *res = NULL;
  if (getaddrinfo(host[0] ? host : NULL, colon + 1, &hints, &res) != 0 || !res)
    return false;
  memset(ss, 0, sizeof *ss);
  memcpy(ss, res->ai_addr, res->ai_addrlen);
  freeaddrinfo(res);
  return true;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
  (void)cls;
  char msg[512];
  vsnprintf(msg, sizeof msg, fmt, ap);
  size_t n = strlen(msg);
  while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
    msg[--n] = '\0';
  char *text = an_utf8_escape(msg, n); /* the library may quote the client's bytes */
  an_log(AN_LOG_WARN, "http", json_pack("{s:s}", "detail", text));
  free(text);
}

/* TLS 1.2 and 1.3 only, AEAD suites only (no CBC, no RSA key exchange), forward-secret key
 * exchange, in the server's order (M3; testssl: no BEAST, no LUCKY13). */
static const char TLS_PRIORITIES[] =
    "SECURE256:+SECURE128:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-CIPHER-ALL:+AES-256-GCM:"
    "+CHACHA20-POLY1305:+AES-128-GCM:-MAC-ALL:+AEAD:-KX-ALL:+ECDHE-RSA:+ECDHE-ECDSA:"
    "%SERVER_PRECEDENCE";

/* MHD_OPTION_NOTIFY_CONNECTION: the deadlines, and under TLS the request for a client
 * certificate before the handshake (SLA-22). */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
  const struct an_server *srv = cls;
  if (code == MHD_CONNECTION_NOTIFY_STARTED && srv->tls && srv->cfg->client_cert_request)
    an_http_client_cert_request(conn);
  an_deadline_notify(NULL, conn, socket_context, code);
}

long an_http_worker_threads(const struct an_config *cfg)
{
  long threads = cfg->threads > 0 ? cfg->threads : 4 * sysconf(_SC_NPROCESSORS_ONLN);
  return threads < 1 ? 1 : threads;
}

/* The daemon, without a listening socket of its own: connections come from the accept loop
 * (http/acceptor.h). */
static struct MHD_Daemon *start(struct an_server *srv, bool ipv6, char *cert, char *key)
{
  const struct an_config *cfg = srv->cfg;
  /* A worker keeps the connections it was given (by socket number), and a login holds its worker
   * for the whole hash and both commits: every other connection of that worker waits meanwhile.
   * With four workers per core, a login flood of 8 connections beside 8 readers put a login on
   * every worker, and reads waited behind them (bench.sh's login-flood row: p99 700-800 ms under
   * load, 111.8 ms quiet); `threads = 32` gave each connection a worker of its own (p99 103 ms
   * under the same load). More workers by default would cost a database connection each (a
   * PostgreSQL backend per worker and instance), so the default stays; instead a login's
   * connection is suspended while its hash runs on a pool of its own (http/offthread.h), and the
   * worker goes on serving its other connections. The login gate bounds hashing to the cores. */
  long threads = an_http_worker_threads(cfg);
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
                   MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME;
  if (ipv6)
    flags |= MHD_USE_IPv6;
  if (srv->tls)
    flags |= MHD_USE_TLS;
  struct MHD_OptionItem tls_opts[] = {
      {MHD_OPTION_HTTPS_MEM_CERT, 0, cert},
      {MHD_OPTION_HTTPS_MEM_KEY, 0, key},
      {MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)(uintptr_t)TLS_PRIORITIES},
      {MHD_OPTION_END, 0, NULL},
  };
  /* Twice the header limit: headers up to max_header_bytes are read whole and refused with our
   * own 431 (first_call) when too large; only far larger ones meet the library's page. */
  size_t pool = (size_t)cfg->max_header_bytes * 2 + 16384;
  return MHD_start_daemon(
      flags, 0, NULL, NULL, on_request, srv, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
      MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_NOTIFY_CONNECTION, on_connection,
      srv, MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv, MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
      MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads, MHD_OPTION_CONNECTION_TIMEOUT,
      (unsigned)cfg->connection_timeout, MHD_OPTION_CONNECTION_LIMIT,
      (unsigned)cfg->max_connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
      (unsigned)cfg->per_ip_connections, MHD_OPTION_CONNECTION_MEMORY_LIMIT, pool, MHD_OPTION_ARRAY,
      srv->tls ? tls_opts : tls_opts + 3, MHD_OPTION_END);
}

int an_http_serve(struct an_server *srv, const struct an_route *routes, size_t nroutes)
{
  srv->routes = routes;
  srv->nroutes = nroutes;
  char *cert = NULL, *key = NULL;
  if (srv->tls && (!read_file(srv->cfg->tls_cert, &cert) || !read_file(srv->cfg->tls_key, &key))) {
    an_log_bug(
        "cannot read the TLS certificate or key",
        json_pack("{s:s, s:s}", "tls_cert", srv->cfg->tls_cert, "tls_key", srv->cfg->tls_key));
    free(cert);
    free(key);
    return 1;
  }
  an_metrics_init((int)nroutes);
  an_pool_init(srv->cfg);
  /* Twice as many threads as the login gate lets hash at once: a login also waits for the
   * database (its attempt's turn at the write lock, its session's commit and flush), and while
   * one thread waits another's hash can use the core (issue 9 item 7: with one thread per core
   * a core idled through every such wait). More would only queue at the gate. */
  an_offthread_start(2 * an_cores_or(srv->cfg->login_concurrency));
  /* Signals are taken synchronously by this thread; workers never see them. */
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  signal(SIGPIPE, SIG_IGN);
  struct MHD_Daemon *d = NULL;
  struct an_acceptor *acceptor = NULL;
  struct sockaddr_storage ss;
  int fd = -1;
  if (!resolve_listen(srv->cfg->listen, &ss))
    an_log_bug("cannot resolve [server] listen", json_pack("{s:s}", "listen", srv->cfg->listen));
  else if ((fd = an_listen_socket(&ss)) >= 0 &&
           an_deadline_start(srv->cfg->header_timeout, srv->cfg->body_timeout) &&
           (d = start(srv, ss.ss_family == AF_INET6, cert, key)) &&
           !(acceptor = an_acceptor_start(d, fd))) {
    fd = -1; /* closed by an_acceptor_start */
    MHD_stop_daemon(d);
    d = NULL;
  }
  if (!d) {
    if (fd >= 0)
      close(fd);
    an_deadline_stop();
    an_offthread_stop();
    an_log_bug("cannot start the HTTP server (is the address in use?)",
               json_pack("{s:s}", "listen", srv->cfg->listen));
    free(cert);
    free(key);
    return 1;
  }
  char url[300];
  snprintf(url, sizeof url, "%s://%s/", srv->tls ? "https" : "http", srv->cfg->listen);
  an_log(AN_LOG_INFO, "listening",
         json_pack("{s:s, s:s}", "url", url, "driver", srv->cfg->store_driver));
  int sig = 0;
  sigwait(&set, &sig);
  an_log(AN_LOG_INFO, "stopping", json_pack("{s:i}", "signal", sig));
  an_acceptor_stop(acceptor);
  an_deadline_stop();
  an_offthread_stop(); /* no connection may stay suspended when the daemon stops */
  MHD_stop_daemon(d);
  an_pool_shutdown();
  free(cert);
  free(key);
  return 0;
}
