#include "crypto/token.h"

#include <sodium.h>
#include <string.h>

_Static_assert(AN_TOKEN_STR ==
                   sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
               "AN_TOKEN_STR must hold 32 bytes of unpadded base64url");
_Static_assert(AN_HASH_LEN == crypto_hash_sha256_BYTES, "AN_HASH_LEN is SHA-256");
_Static_assert(crypto_auth_hmacsha256_KEYBYTES == 32, "HMAC key is 32 bytes");

void an_token_new(char out[AN_TOKEN_STR])
{
  uint8_t raw[32];
  randombytes_buf(raw, sizeof raw);
  sodium_bin2base64(out, AN_TOKEN_STR, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(raw, sizeof raw);
}

void an_token_hash(const char *token, uint8_t out[AN_HASH_LEN])
{
  crypto_hash_sha256(out, (const unsigned char *)token, strlen(token));
}

bool an_ct_equal(const void *a, const void *b, size_t n)
{
  return sodium_memcmp(a, b, n) == 0;
}

bool an_ct_streq(const char *a, const char *b)
{
  if (a == NULL || b == NULL)
    return false;
  size_t n = strlen(a);
  return n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

void an_hex_encode(const uint8_t *in, size_t n, char *out)
{
  sodium_bin2hex(out, 2 * n + 1, in, n);
}

bool an_hex_decode(const char *hex, uint8_t *out, size_t n)
{
  size_t got = 0;
  if (hex == NULL || strnlen(hex, 2 * n + 1) != 2 * n)
    return false;
  /* Without hex_end, sodium refuses any character that is not hex. */
  return sodium_hex2bin(out, n, hex, 2 * n, NULL, &got, NULL) == 0 && got == n;
}

void an_random_hex(size_t n, char *out)
{
  uint8_t chunk[32];
  for (size_t done = 0; done < n;) {
    size_t k = n - done < sizeof chunk ? n - done : sizeof chunk;
    randombytes_buf(chunk, k);
    sodium_bin2hex(out + 2 * done, 2 * k + 1, chunk, k);
    done += k;
  }
  out[2 * n] = '\0';
}

void an_hmac_sha256(const uint8_t key[32], const void *data, size_t len, uint8_t out[32])
{
  crypto_auth_hmacsha256(out, data, len, key);
}

void an_wipe(void *p, size_t n)
{
  sodium_memzero(p, n);
}
