#include "http/server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/access_log.h"
#include "core/alloc.h"
#include "core/cidr.h"
#include "core/log.h"
#include "core/time.h"
#include "crypto/token.h"
#include "http/dispatch.h"
#include "http/metrics.h"
#include "http/router.h"
#include "store/pool.h"


static void client_ip(struct an_request *r)
{
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  char ip[64] = "unknown";
  if (ci && ci->client_addr) {
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
      inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, ip,
                sizeof ip);
    else if (sa->sa_family == AF_INET6)
      inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, ip,
                sizeof ip);
  }
  snprintf(r->ctx.client_ip, sizeof r->ctx.client_ip, "%s", ip);
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
  size_t n = s ? strlen(s) : 0;
  if (n < 8 || n > 36)
    return false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
          c == '-' || c == '_'))
      return false;
  }
  return true;
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

static struct an_request *begin(struct an_server *srv, struct MHD_Connection *conn,
                                const char *url, const char *method)
{
  struct an_request *r = an_calloc(sizeof *r);
  r->conn = conn;
  r->server = srv;
  r->method = method;
  r->path = url;
  r->route_index = AN_METRIC_UNMATCHED;
  r->started_mono = an_time_mono_us();
  r->ctx.cfg = srv->cfg;
  r->ctx.keys = srv->keys;
  r->ctx.now = an_time_now_us();
  const char *rid = an_req_header(r, "X-Request-Id");
  if (valid_request_id(rid))
    snprintf(r->ctx.request_id, sizeof r->ctx.request_id, "%s", rid);
  else
    new_request_id(r->ctx.request_id, sizeof r->ctx.request_id);
  r->lang = pick_lang(an_req_header(r, "Accept-Language"));
  client_ip(r);
  r->ctx.authorization = an_req_header(r, "Authorization");
  an_metrics_begin();
  return r;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
  (void)version;
  struct an_server *srv = cls;
  struct an_request *r = *con_cls;
  if (!r) {
    r = begin(srv, conn, url, method);
    *con_cls = r;
    const char *cl = an_req_header(r, "Content-Length");
    /* A body far over the limit is refused at once; a moderately large one is read and
     * discarded so the client sees the 413 rather than a reset connection. */
    if (cl && strtoll(cl, NULL, 10) > srv->cfg->max_body_bytes * 16)
      return an_reply_problem(r, AN_EC_GENERIC_BODY_TOO_LARGE, NULL, NULL);
    return MHD_YES;
  }
  if (*upload_data_size) {
    if (!r->status && !r->body_too_large) {
      if (r->body.len + *upload_data_size > (size_t)srv->cfg->max_body_bytes) {
        r->body_too_large = true;
        an_buf_free(&r->body);
      } else {
        an_buf_append(&r->body, upload_data, *upload_data_size);
      }
    }
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (r->status)
    return MHD_YES;
  if (r->body_too_large)
    return an_reply_problem(r, AN_EC_GENERIC_BODY_TOO_LARGE, NULL, NULL);
  return an_dispatch(r);
}

static void access_log(const struct an_request *r, int64_t micros)
{
  an_access_log_write(&(struct an_access_rec){&r->ctx, r->method, r->path,
                                              r->route ? r->route->pattern : NULL,
                                              r->status, micros});
  if (!r->server->cfg->access_log)
    return;
  json_t *f = json_pack("{s:s, s:s, s:s, s:i, s:f, s:s, s:I, s:I}", "request_id",
                        r->ctx.request_id, "method", r->method, "path", r->path, "status",
                        (int)r->status, "duration_ms", (double)micros / 1000.0, "client_ip",
                        r->ctx.client_ip, "tenant_id", (json_int_t)r->ctx.tenant_id, "subject_id",
                        (json_int_t)r->ctx.subject_id);
  if (r->route)
    json_object_set_new(f, "route", json_string(r->route->pattern));
  an_log(AN_LOG_INFO, "request", f);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
  (void)cls;
  (void)conn;
  (void)toe;
  struct an_request *r = *con_cls;
  if (!r)
    return;
  int64_t micros = an_time_mono_us() - r->started_mono;
  an_metrics_end(r->route_index, r->status, micros);
  access_log(r, micros);
  json_decref(r->json);
  an_buf_free(&r->body);
  free(r);
  *con_cls = NULL;
}

static bool read_file(const char *path, char **out)
{
  FILE *f = fopen(path, "rb");
  if (!f)
    return false;
  struct an_buf b = {0};
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    an_buf_append(&b, chunk, n);
  fclose(f);
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
  struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                           .ai_flags = AI_NUMERICSERV | AI_PASSIVE};
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
  an_log(AN_LOG_WARN, "http", json_pack("{s:s}", "detail", msg));
}

static struct MHD_Daemon *start(struct an_server *srv, char *cert, char *key)
{
  const struct an_config *cfg = srv->cfg;
  struct sockaddr_storage ss;
  if (!resolve_listen(cfg->listen, &ss)) {
    an_log_bug("cannot resolve [server] listen", json_pack("{s:s}", "listen", cfg->listen));
    return NULL;
  }
  /* A worker keeps the connections it accepted, and a password check holds its worker for tens
   * of milliseconds: with more workers than cores, other connections keep being served while
   * the login gate still bounds the hashing to the cores. */
  long threads = cfg->threads > 0 ? cfg->threads : 4 * sysconf(_SC_NPROCESSORS_ONLN);
  if (threads < 1)
    threads = 1;
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
  if (ss.ss_family == AF_INET6)
    flags |= MHD_USE_IPv6;
  if (srv->tls)
    flags |= MHD_USE_TLS;
  struct MHD_OptionItem tls_opts[] = {
      {MHD_OPTION_HTTPS_MEM_CERT, 0, cert},
      {MHD_OPTION_HTTPS_MEM_KEY, 0, key},
      {MHD_OPTION_END, 0, NULL},
  };
  return MHD_start_daemon(
      flags, 0, NULL, NULL, on_request, srv, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
      MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
      MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1, MHD_OPTION_NOTIFY_COMPLETED, on_completed,
      srv, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads, MHD_OPTION_CONNECTION_TIMEOUT,
      (unsigned)cfg->connection_timeout, MHD_OPTION_CONNECTION_LIMIT,
      (unsigned)cfg->max_connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
      (unsigned)cfg->per_ip_connections, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
      (size_t)cfg->max_header_bytes, MHD_OPTION_ARRAY, srv->tls ? tls_opts : tls_opts + 2, MHD_OPTION_END);
}

int an_http_serve(struct an_server *srv)
{
  char *cert = NULL, *key = NULL;
  if (srv->tls && (!read_file(srv->cfg->tls_cert, &cert) || !read_file(srv->cfg->tls_key, &key))) {
    an_log_bug("cannot read the TLS certificate or key",
               json_pack("{s:s, s:s}", "tls_cert", srv->cfg->tls_cert, "tls_key",
                         srv->cfg->tls_key));
    free(cert);
    free(key);
    return 1;
  }
  an_metrics_init((int)an_nroutes);
  an_pool_init(srv->cfg);
  /* Signals are taken synchronously by this thread; workers never see them. */
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  signal(SIGPIPE, SIG_IGN);
  struct MHD_Daemon *d = start(srv, cert, key);
  if (!d) {
    an_log_bug("cannot start the HTTP server (is the address in use?)",
               json_pack("{s:s}", "listen", srv->cfg->listen));
    free(cert);
    free(key);
    return 1;
  }
  char url[300];
  snprintf(url, sizeof url, "%s://%s/", srv->tls ? "https" : "http", srv->cfg->listen);
  an_log(AN_LOG_INFO, "listening", json_pack("{s:s, s:s}", "url", url, "driver",
                                            srv->cfg->store_driver));
  int sig = 0;
  sigwait(&set, &sig);
  an_log(AN_LOG_INFO, "stopping", json_pack("{s:i}", "signal", sig));
  MHD_stop_daemon(d);
  an_pool_shutdown();
  free(cert);
  free(key);
  return 0;
}
