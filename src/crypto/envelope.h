/* Envelope encryption: each tenant has its own data key (DEK), stored only wrapped by the key
 * derived from the master key. Sealed values are self-describing: one algorithm byte
 * (1 = AES-256-GCM, used when the CPU has AES-NI; 2 = XChaCha20-Poly1305 otherwise), the nonce,
 * the ciphertext and the 16-byte tag. Associated data binds a value to where it belongs
 * (e.g. "tenant:42:user:7:totp") so a sealed value cannot be moved to another row. */
#ifndef AN_CRYPTO_ENVELOPE_H
#define AN_CRYPTO_ENVELOPE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/keys.h"

#define AN_DEK_LEN 32
#define AN_SEAL_OVERHEAD (1 + 24 + 16) /* the largest: XChaCha20 nonce + tag */
#define AN_WRAPPED_DEK_MAX (AN_DEK_LEN + AN_SEAL_OVERHEAD)

/* Creates a random DEK and its wrapped form (out has AN_WRAPPED_DEK_MAX bytes). */
bool an_dek_new(const struct an_keys *keys, uint8_t dek[AN_DEK_LEN], uint8_t *wrapped,
                size_t *wrapped_len);
/* Unwraps a DEK; false if it was not wrapped by this master key or was altered. */
bool an_dek_unwrap(const struct an_keys *keys, const uint8_t *wrapped, size_t wrapped_len,
                   uint8_t dek[AN_DEK_LEN]);
/* Encrypts n bytes under key with associated data ad; out must have n + AN_SEAL_OVERHEAD bytes.
 * Writes the sealed length to *outlen. */
bool an_seal(const uint8_t key[AN_DEK_LEN], const void *plain, size_t n, const char *ad,
             uint8_t *out, size_t *outlen);
/* Decrypts and authenticates; out must have sealed_len bytes. False when the value was altered,
 * sealed under another key, or with other associated data. */
bool an_open(const uint8_t key[AN_DEK_LEN], const uint8_t *sealed, size_t sealed_len,
             const char *ad, uint8_t *out, size_t *outlen);
/* an_open under key, else under legacy (a key the value may have been sealed with before keys
 * were split by purpose). *was_legacy is true only when legacy opened it: the caller should seal
 * the value again under key. */
bool an_open_or_legacy(const uint8_t key[AN_DEK_LEN], const uint8_t legacy[AN_DEK_LEN],
                       const uint8_t *sealed, size_t sealed_len, const char *ad, uint8_t *out,
                       size_t *outlen, bool *was_legacy);

#endif
