/* Deletion certificates (issue 14, SLA-14): what was deleted for a tenant, when its data key was
 * destroyed, which backups still held it and when the last of them ages out, signed with the
 * operator's Ed25519 key (libsodium; the key pair is derived from the master key, context
 * "ancertsg", so it needs no storage of its own and every instance signs alike).
 *
 * The certificate is a PDF (libharu, IPAex Gothic for Japanese) that carries its own signature:
 * after the PDF's %%EOF comes one comment line
 *     %ANSHIN-SIGNATURE ed25519 <public key hex> <signature hex>
 * over every byte before that line (PDF readers ignore what follows %%EOF). The same content is
 * kept in deletion_certificates for the HTML page and for mailing again. */
#ifndef AN_LIFECYCLE_CERTIFICATE_H
#define AN_LIFECYCLE_CERTIFICATE_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/keys.h"

#define AN_CERT_SIG_TAG "%ANSHIN-SIGNATURE ed25519 "

/* The operator's certificate public key (32 bytes) as 64 hex characters (+ NUL). */
void an_cert_public_hex(const struct an_keys *keys, char out[65]);
/* Renders content (the certificate's fields) as a signed PDF at path (created 0600). False with
 * a message in err. */
bool an_cert_write_pdf(const struct an_keys *keys, const json_t *content, const char *path,
                       char *err, size_t errlen);
/* Signs text (the canonical JSON of content) for the database copy; sig_hex gets 129 bytes. */
void an_cert_sign_text(const struct an_keys *keys, const char *text, char sig_hex[129]);
/* Checks a certificate PDF: its signature line, the signature over the bytes before it, and that
 * the key is the operator's (keys). Returns true, or false with the reason in err. */
bool an_cert_verify_file(const struct an_keys *keys, const char *path, char *err, size_t errlen);

#endif
