/* The HTTP server: libmicrohttpd with an epoll thread pool, limits from [server], native TLS. */
#ifndef AN_HTTP_SERVER_H
#define AN_HTTP_SERVER_H
#include <stdbool.h>

#include "core/config.h"
#include "crypto/keys.h"

struct an_cidr_list;
struct an_login_rate;
struct an_ratelimit;

struct an_server {
  const struct an_config *cfg;
  const struct an_keys *keys;
  const struct an_cidr_list *trusted_proxies;
  bool tls;
  char web_root[4096];
  struct an_login_rate *login_rate;       /* the sign-in rate policy (identity/login_rate.h) */
  struct an_ratelimit *public_per_ip;     /* [public] write_rate_per_ip a window */
  struct an_ratelimit *public_global;     /* [public] write_rate_global a window */
  struct an_ratelimit *public_recipient;  /* [public] mail_rate_per_recipient a window */
};

/* Serves until SIGINT or SIGTERM. Returns 0 after a clean stop, 1 when it could not start (the
 * reason is logged). */
int an_http_serve(struct an_server *srv);

#endif
