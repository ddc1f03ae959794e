#include "crypto/envelope.h"

#include <sodium.h>
#include <string.h>

enum { ALG_AES256GCM = 1, ALG_XCHACHA20POLY1305 = 2, TAG_LEN = 16 };

_Static_assert(AN_DEK_LEN == crypto_aead_aes256gcm_KEYBYTES, "AES-256-GCM key size");
_Static_assert(AN_DEK_LEN == crypto_aead_xchacha20poly1305_ietf_KEYBYTES, "XChaCha key size");
_Static_assert(crypto_aead_aes256gcm_ABYTES == TAG_LEN, "AES-GCM tag");
_Static_assert(crypto_aead_xchacha20poly1305_ietf_ABYTES == TAG_LEN, "XChaCha tag");
_Static_assert(AN_SEAL_OVERHEAD == 1 + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + TAG_LEN,
               "overhead is the largest nonce + tag");

/* Associated data that binds a wrapped DEK to its purpose, so no sealed column can pass for one. */
static const char dek_ad[] = "anshin:dek";

/* Nonce length for an algorithm byte, or 0 when this machine cannot open it. */
static size_t nonce_len(uint8_t alg)
{
  if (alg == ALG_XCHACHA20POLY1305)
    return crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  if (alg == ALG_AES256GCM && crypto_aead_aes256gcm_is_available())
    return crypto_aead_aes256gcm_NPUBBYTES;
  return 0;
}

bool an_seal(const uint8_t key[AN_DEK_LEN], const void *plain, size_t n, const char *ad,
             uint8_t *out, size_t *outlen)
{
  uint8_t alg = crypto_aead_aes256gcm_is_available() ? ALG_AES256GCM : ALG_XCHACHA20POLY1305;
  size_t nl = nonce_len(alg);
  const uint8_t *a = (const uint8_t *)(ad ? ad : "");
  size_t alen = strlen((const char *)a);
  uint8_t *nonce = out + 1, *c = out + 1 + nl;
  unsigned long long clen = 0;
  int rc;

  out[0] = alg;
  randombytes_buf(nonce, nl);
  if (alg == ALG_AES256GCM)
    rc = crypto_aead_aes256gcm_encrypt(c, &clen, plain, n, a, alen, NULL, nonce, key);
  else
    rc = crypto_aead_xchacha20poly1305_ietf_encrypt(c, &clen, plain, n, a, alen, NULL, nonce, key);
  *outlen = rc == 0 ? 1 + nl + (size_t)clen : 0;
  return rc == 0;
}

bool an_open(const uint8_t key[AN_DEK_LEN], const uint8_t *sealed, size_t sealed_len,
             const char *ad, uint8_t *out, size_t *outlen)
{
  size_t nl = sealed_len > 0 ? nonce_len(sealed[0]) : 0;
  const uint8_t *a = (const uint8_t *)(ad ? ad : "");
  size_t alen = strlen((const char *)a);
  unsigned long long mlen = 0;
  int rc = -1;

  *outlen = 0;
  if (nl == 0 || sealed_len < 1 + nl + TAG_LEN)
    return false;
  const uint8_t *nonce = sealed + 1, *c = sealed + 1 + nl;
  size_t clen = sealed_len - 1 - nl;
  if (sealed[0] == ALG_AES256GCM)
    rc = crypto_aead_aes256gcm_decrypt(out, &mlen, NULL, c, clen, a, alen, nonce, key);
  else
    rc = crypto_aead_xchacha20poly1305_ietf_decrypt(out, &mlen, NULL, c, clen, a, alen, nonce, key);
  if (rc != 0) {
    sodium_memzero(out, clen - TAG_LEN); /* never leave unauthenticated plaintext behind */
    return false;
  }
  *outlen = (size_t)mlen;
  return true;
}

bool an_dek_new(const struct an_keys *keys, uint8_t dek[AN_DEK_LEN], uint8_t *wrapped,
                size_t *wrapped_len)
{
  randombytes_buf(dek, AN_DEK_LEN);
  if (an_seal(keys->wrap, dek, AN_DEK_LEN, dek_ad, wrapped, wrapped_len))
    return true;
  sodium_memzero(dek, AN_DEK_LEN);
  return false;
}

bool an_dek_unwrap(const struct an_keys *keys, const uint8_t *wrapped, size_t wrapped_len,
                   uint8_t dek[AN_DEK_LEN])
{
  uint8_t plain[AN_WRAPPED_DEK_MAX];
  size_t n = 0;
  bool ok = wrapped_len <= sizeof plain &&
            an_open(keys->wrap, wrapped, wrapped_len, dek_ad, plain, &n) && n == AN_DEK_LEN;
  if (ok)
    memcpy(dek, plain, AN_DEK_LEN);
  sodium_memzero(plain, sizeof plain);
  return ok;
}

bool an_open_or_legacy(const uint8_t key[AN_DEK_LEN], const uint8_t legacy[AN_DEK_LEN],
                       const uint8_t *sealed, size_t sealed_len, const char *ad, uint8_t *out,
                       size_t *outlen, bool *was_legacy)
{
  *was_legacy = false;
  if (an_open(key, sealed, sealed_len, ad, out, outlen))
    return true;
  *was_legacy = an_open(legacy, sealed, sealed_len, ad, out, outlen);
  return *was_legacy;
}
