/* Client certificates per tenant (SLA-22): the tenant admin uploads the tenant's CA certificate
 * and may require that its users present a TLS client certificate issued by it, in addition to
 * password and second factor. The certificate itself reaches ctx->client_cert from the HTTP layer
 * (native TLS or a trusted proxy); the decision is made here. */
#ifndef AN_IDENTITY_CLIENT_CERTS_H
#define AN_IDENTITY_CLIENT_CERTS_H
#include <jansson.h>
#include <stdbool.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"
#include "store/tenants.h"

/* The caller's tenant's setting: {"configured", "required", "certificate" (PEM or null),
 * "subject", "not_after", "sha256", "updated_at"} into *out (a new reference). Tenant scope only.
 */
enum an_ec an_client_ca_get(const struct an_ctx *ctx, struct an_db *db, json_t **out);
/* Stores pem (one or more CA certificates) for the caller's tenant and whether it is required
 * (audited `client_ca.update`). 422 with *errors (field `certificate`) when pem holds no valid CA
 * certificate; when required, the caller's own request must carry a certificate that pem
 * verifies (field `required`), so an admin cannot lock the company out by mistake. */
enum an_ec an_client_ca_set(const struct an_ctx *ctx, struct an_db *db, const char *pem,
                            bool required, json_t **errors);
/* Removes the caller's tenant's CA and its requirement (audited `client_ca.delete`). */
enum an_ec an_client_ca_delete(const struct an_ctx *ctx, struct an_db *db);
/* The login gate: AN_EC_OK when tenant t requires no certificate or ctx->client_cert verifies
 * against its CA now; else AN_EC_CLIENT_CERT_MISSING or AN_EC_CLIENT_CERT_REJECTED, audited as
 * `access.denied`. */
enum an_ec an_client_cert_gate(const struct an_ctx *ctx, struct an_db *db,
                               const struct an_tenant *t, const char *login);
/* True when chain_pem (the client's certificate first) verifies against ca_pem now (the system
 * clock: validity periods), for TLS client authentication (an extended key usage, when present,
 * must allow it). */
bool an_client_cert_verify(const char *ca_pem, const char *chain_pem);

#endif
