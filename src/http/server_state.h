/* What the server was started with and shares among its worker threads: configuration, keys,
 * trusted proxies, the route table and the rate limiters. Read by the request path
 * (dispatch, reply, static files); set up by cli/serve.c and an_http_serve (http/server.h). */
#ifndef AN_HTTP_SERVER_STATE_H
#define AN_HTTP_SERVER_STATE_H
#include <stdbool.h>
#include <stddef.h>

#include "core/config.h"
#include "crypto/keys.h"

struct an_cidr_list;
struct an_route;
struct an_login_rate;
struct an_ratelimit;
struct an_tenant_rate;

struct an_server {
  const struct an_config *cfg;
  const struct an_keys *keys;
  const struct an_cidr_list *trusted_proxies;
  bool tls;
  char web_root[4096];
  struct an_login_rate *login_rate;      /* the sign-in rate policy (identity/login_rate.h) */
  struct an_ratelimit *public_per_ip;    /* [public] write_rate_per_ip a window */
  struct an_ratelimit *public_global;    /* [public] write_rate_global a window */
  struct an_ratelimit *public_recipient; /* [public] mail_rate_per_recipient a window */
  const struct an_route *routes;         /* the route table (set by an_http_serve) */
  size_t nroutes;
  struct an_fairshare *tenant_share; /* [fairshare] one tenant's running requests (SLA-5) */
  /* [fairshare] tenant_rate across instances (SLA-5, issue 15 item 4) */
  struct an_tenant_rate *tenant_rate;
};

#endif
