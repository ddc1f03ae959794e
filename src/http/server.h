/* The HTTP server: libmicrohttpd with an epoll thread pool, limits from [server], native TLS. */
#ifndef AN_HTTP_SERVER_H
#define AN_HTTP_SERVER_H
#include <stddef.h>

#include "http/server_state.h"

/* Serves the nroutes rows of routes (router.h; borrowed, must outlive the server) until SIGINT
 * or SIGTERM. Returns 0 after a clean stop, 1 when it could not start (the reason is logged). */
int an_http_serve(struct an_server *srv, const struct an_route *routes, size_t nroutes);

/* The number of worker threads [server] threads gives (0: four per online core). */
long an_http_worker_threads(const struct an_config *cfg);

#endif
