/* TLS client certificates (SLA-22): asking for one under native TLS, and taking the one the
 * client presented, from the TLS session or from a trusted proxy's header, into the request's
 * context. Whether it is accepted is decided in identity/client_certs.h. */
#ifndef AN_HTTP_CLIENT_CERT_H
#define AN_HTTP_CLIENT_CERT_H
#include <microhttpd.h>

#include "http/request.h"

/* For a new TLS connection (MHD_CONNECTION_NOTIFY_STARTED, before the handshake): the server
 * asks for a client certificate without requiring one, and names no CA, so a browser offers
 * every certificate it has. Does nothing on a connection without TLS. */
void an_http_client_cert_request(struct MHD_Connection *conn);
/* Sets r->ctx.client_cert: from `[clientcert] proxy_header` (URL-escaped PEM, as nginx's
 * $ssl_client_escaped_cert) when peer_ip, the connection's own peer, is in `[server]
 * trusted_proxies`; else from the TLS session. The header from any other peer is ignored. */
void an_http_client_cert_take(struct an_request *r, const char *peer_ip);
/* Frees what an_http_client_cert_take kept. */
void an_http_client_cert_free(struct an_request *r);

#endif
