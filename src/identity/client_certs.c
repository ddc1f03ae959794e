#include "identity/client_certs.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/buf.h"
#include "core/time.h"
#include "identity/allowlist.h"
#include "store/client_cas.h"

/* A tenant's CA bundle stays small; a larger paste is a mistake. */
#define CA_PEM_MAX 65536

static gnutls_datum_t datum(const char *s)
{
  return (gnutls_datum_t){(unsigned char *)(uintptr_t)s, (unsigned)strlen(s)};
}

bool an_client_cert_verify(const char *ca_pem, const char *chain_pem)
{
  if (!ca_pem || !chain_pem || !ca_pem[0] || !chain_pem[0])
    return false;
  gnutls_x509_trust_list_t tl = NULL;
  gnutls_x509_crt_t *chain = NULL;
  unsigned n = 0, status = 1;
  bool ok = false;
  gnutls_datum_t ca = datum(ca_pem), ch = datum(chain_pem);
  if (gnutls_x509_trust_list_init(&tl, 0) < 0)
    return false;
  if (gnutls_x509_trust_list_add_trust_mem(tl, &ca, NULL, GNUTLS_X509_FMT_PEM, 0, 0) > 0 &&
      gnutls_x509_crt_list_import2(&chain, &n, &ch, GNUTLS_X509_FMT_PEM, 0) >= 0 && n > 0) {
    gnutls_typed_vdata_st purpose = {GNUTLS_DT_KEY_PURPOSE_OID,
                                     (unsigned char *)(uintptr_t)GNUTLS_KP_TLS_WWW_CLIENT, 0};
    ok = gnutls_x509_trust_list_verify_crt2(tl, chain, n, &purpose, 1, 0, &status, NULL) == 0 &&
         status == 0;
  }
  for (unsigned i = 0; i < n; i++)
    gnutls_x509_crt_deinit(chain[i]);
  gnutls_free(chain);
  gnutls_x509_trust_list_deinit(tl, 1);
  return ok;
}

/* The first certificate of pem, described for the settings page; NULL when pem holds no
 * certificate or one that is not a CA. */
static json_t *describe(const char *pem)
{
  gnutls_x509_crt_t *list = NULL;
  unsigned n = 0;
  gnutls_datum_t d = datum(pem);
  if (strlen(pem) > CA_PEM_MAX ||
      gnutls_x509_crt_list_import2(&list, &n, &d, GNUTLS_X509_FMT_PEM, 0) < 0)
    return NULL;
  json_t *out = NULL;
  bool all_ca = n > 0;
  for (unsigned i = 0; i < n; i++)
    all_ca = all_ca && gnutls_x509_crt_get_ca_status(list[i], NULL) > 0;
  gnutls_datum_t dn = {NULL, 0};
  unsigned char fp[32];
  size_t fplen = sizeof fp;
  if (all_ca && gnutls_x509_crt_get_dn3(list[0], &dn, 0) == 0 &&
      gnutls_x509_crt_get_fingerprint(list[0], GNUTLS_DIG_SHA256, fp, &fplen) == 0) {
    struct an_buf hex = {0};
    for (size_t i = 0; i < fplen; i++)
      an_buf_printf(&hex, "%s%02X", i ? ":" : "", fp[i]);
    char until[40];
    an_time_format_utc((int64_t)gnutls_x509_crt_get_expiration_time(list[0]) * 1000000, until,
                       sizeof until);
    out = json_pack("{s:s#, s:s, s:s, s:i}", "subject", (const char *)dn.data, (int)dn.size,
                    "not_after", until, "sha256", hex.data, "count", (int)n);
    an_buf_free(&hex);
  }
  gnutls_free(dn.data);
  for (unsigned i = 0; i < n; i++)
    gnutls_x509_crt_deinit(list[i]);
  gnutls_free(list);
  return out;
}

enum an_ec an_client_ca_get(const struct an_ctx *ctx, struct an_db *db, json_t **out)
{
  int64_t t = an_scope_tenant(ctx);
  if (!t)
    return AN_EC_AUTH_FORBIDDEN;
  struct an_client_ca ca;
  int rc = an_store_client_ca_get(db, t, &ca);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  json_t *d = rc ? describe(ca.ca_pem) : NULL;
  char at[40] = "";
  if (rc)
    an_time_format_utc(ca.updated_at, at, sizeof at);
  *out = json_pack("{s:b, s:b, s:s?, s:s?, s:o?}", "configured", rc == 1, "required",
                   rc == 1 && ca.required, "certificate", rc ? ca.ca_pem : NULL, "updated_at",
                   rc ? at : NULL, "ca", d);
  an_store_client_ca_clear(&ca);
  return *out ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
}

struct set_ctx {
  const struct an_ctx *ctx;
  const char *pem;
  bool required;
  bool remove;
};

static int set_txn(struct an_db *db, void *cls)
{
  struct set_ctx *s = cls;
  int64_t t = an_scope_tenant(s->ctx);
  int rc = s->remove ? an_store_client_ca_delete(db, t)
                     : an_store_client_ca_put(db, t, s->pem, s->required, s->ctx->now);
  if (rc < 0)
    return rc;
  return an_audit_changed(s->ctx, db, s->remove ? "client_ca.delete" : "client_ca.update", "tenant",
                          t, 0,
                          s->remove ? json_object() : json_pack("{s:b}", "required", s->required));
}

static json_t *field_error(const char *field, const char *rule, const char *ja, const char *en)
{
  return json_pack("[{s:s, s:s, s:s, s:s}]", "field", field, "rule", rule, "detail_ja", ja,
                   "detail_en", en);
}

enum an_ec an_client_ca_set(const struct an_ctx *ctx, struct an_db *db, const char *pem,
                            bool required, json_t **errors)
{
  *errors = NULL;
  if (!an_scope_tenant(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  json_t *d = describe(pem);
  if (!d) {
    *errors = field_error("certificate", "ca_certificate",
                          "PEM形式の認証局（CA）証明書を貼り付けてください。",
                          "Paste the certificate authority's (CA) certificate in PEM form.");
    return AN_EC_GENERIC_INVALID_FIELD;
  }
  json_decref(d);
  if (required && !an_client_cert_verify(pem, ctx->client_cert)) {
    *errors = field_error(
        "required", "own_certificate",
        "必須にするには、この認証局が発行したクライアント証明書でこの操作を行ってください（締め出し"
        "防止）。",
        "To require certificates, make this change while presenting a client certificate issued "
        "by this CA, so that no one is locked out.");
    return AN_EC_GENERIC_INVALID_FIELD;
  }
  struct set_ctx s = {ctx, pem, required, false};
  return an_db_txn(db, set_txn, &s) < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}

enum an_ec an_client_ca_delete(const struct an_ctx *ctx, struct an_db *db)
{
  if (!an_scope_tenant(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  struct set_ctx s = {ctx, NULL, false, true};
  return an_db_txn(db, set_txn, &s) < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}

enum an_ec an_client_cert_gate(const struct an_ctx *ctx, struct an_db *db,
                               const struct an_tenant *t, const char *login)
{
  struct an_client_ca ca;
  int rc = an_store_client_ca_get(db, t->id, &ca);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  enum an_ec ec = AN_EC_OK;
  if (rc == 1 && ca.required) {
    if (!ctx->client_cert)
      ec = AN_EC_CLIENT_CERT_MISSING;
    else if (!an_client_cert_verify(ca.ca_pem, ctx->client_cert))
      ec = AN_EC_CLIENT_CERT_REJECTED;
  }
  an_store_client_ca_clear(&ca);
  if (ec != AN_EC_OK)
    an_access_denied_audit(ctx, db, t, login,
                           ec == AN_EC_CLIENT_CERT_MISSING ? "client_certificate_missing"
                                                           : "client_certificate_not_accepted");
  return ec;
}
