/* Random tokens (sessions, API keys, CSRF), their hashes, and constant-time comparison. */
#ifndef AN_CRYPTO_TOKEN_H
#define AN_CRYPTO_TOKEN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AN_TOKEN_STR 44 /* 32 random bytes as unpadded base64url (43) + NUL */
#define AN_HASH_LEN 32

/* Writes a new token: 256 random bits as unpadded base64url. */
void an_token_new(char out[AN_TOKEN_STR]);
/* SHA-256 of the token string: what the database stores instead of the token. */
void an_token_hash(const char *token, uint8_t out[AN_HASH_LEN]);
/* Constant-time equality of two buffers of n bytes. */
bool an_ct_equal(const void *a, const void *b, size_t n);
/* Constant-time equality of two strings (length may leak, content does not). */
bool an_ct_streq(const char *a, const char *b);
/* Overwrites n bytes with zeros in a way the compiler cannot drop (key material). */
void an_wipe(void *p, size_t n);
/* Lower-case hex of n bytes into out (2n+1 bytes). */
void an_hex_encode(const uint8_t *in, size_t n, char *out);
/* Parses exactly 2n hex characters into out (n bytes). Returns false on bad input. */
bool an_hex_decode(const char *hex, uint8_t *out, size_t n);
/* Writes n random bytes as hex into out (2n+1 bytes). */
void an_random_hex(size_t n, char *out);
/* HMAC-SHA256 of data with a 32-byte key. */
void an_hmac_sha256(const uint8_t key[32], const void *data, size_t len, uint8_t out[32]);

#endif
