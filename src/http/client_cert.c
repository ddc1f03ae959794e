#include "http/client_cert.h"

#include <gnutls/gnutls.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/cidr.h"
#include "core/config.h"
#include "http/server_state.h"

static gnutls_session_t session_of(struct MHD_Connection *conn)
{
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(conn, MHD_CONNECTION_INFO_GNUTLS_SESSION);
  return ci ? (gnutls_session_t)ci->tls_session : NULL;
}

void an_http_client_cert_request(struct MHD_Connection *conn)
{
  gnutls_session_t s = session_of(conn);
  if (!s)
    return;
  gnutls_certificate_server_set_request(s, GNUTLS_CERT_REQUEST);
  /* The tenants' CAs are many and chosen only after the login: none is named here. */
  gnutls_certificate_send_x509_rdn_sequence(s, 1);
}

/* The peer's chain from the TLS session as PEM, or NULL. */
static char *from_session(struct MHD_Connection *conn)
{
  gnutls_session_t s = session_of(conn);
  if (!s || gnutls_certificate_type_get(s) != GNUTLS_CRT_X509)
    return NULL;
  unsigned n = 0;
  const gnutls_datum_t *der = gnutls_certificate_get_peers(s, &n);
  struct an_buf pem = {0};
  for (unsigned i = 0; der && i < n; i++) {
    gnutls_datum_t out = {NULL, 0};
    if (gnutls_pem_base64_encode2("CERTIFICATE", &der[i], &out) == 0)
      an_buf_append(&pem, out.data, out.size);
    gnutls_free(out.data);
  }
  if (!pem.len) {
    an_buf_free(&pem);
    return NULL;
  }
  return an_buf_steal(&pem);
}

/* The header's URL-escaped PEM, decoded, or NULL. */
static char *from_header(const char *escaped)
{
  if (!escaped || !escaped[0])
    return NULL;
  char *pem = an_strdup(escaped);
  MHD_http_unescape(pem);
  if (!strstr(pem, "-----BEGIN CERTIFICATE-----")) {
    free(pem);
    return NULL;
  }
  return pem;
}

void an_http_client_cert_take(struct an_request *r, const char *peer_ip)
{
  const char *header = r->server->cfg->client_cert_header;
  if (header && header[0] && an_cidr_contains(r->server->trusted_proxies, peer_ip))
    r->client_cert = from_header(an_req_header(r, header));
  else if (r->server->tls)
    r->client_cert = from_session(r->conn);
  r->ctx.client_cert = r->client_cert;
}

void an_http_client_cert_free(struct an_request *r)
{
  free(r->client_cert);
  r->client_cert = NULL;
  r->ctx.client_cert = NULL;
}
