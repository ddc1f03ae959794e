/* Time-based one-time passwords (RFC 6238) for authenticator apps: HMAC-SHA-1, 6 digits, 30 s
 * step, Unix epoch start (SLA-22 two-factor login; WP-12 MFA for administrators). Pure: no
 * database, no clock of its own — callers pass the time and store the secret (sealed) and the
 * last accepted time step. */
#ifndef AN_MFA_TOTP_H
#define AN_MFA_TOTP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AN_TOTP_SECRET_LEN 20 /* 160 bits, the RFC 4226 recommendation for SHA-1 */
#define AN_TOTP_DIGITS 6
#define AN_TOTP_STEP 30 /* seconds */
#define AN_TOTP_CODE_STR (AN_TOTP_DIGITS + 1)
/* Characters (with the NUL) that the unpadded base32 form of n bytes needs. */
#define AN_TOTP_B32_LEN(n) (((n)*8 + 4) / 5 + 1)

/* Writes a new random 160-bit secret (libsodium randombytes_buf). False only when libsodium
 * cannot be initialised; out is then untouched. */
bool an_totp_new_secret(uint8_t out[AN_TOTP_SECRET_LEN]);
/* Writes the n bytes of secret as RFC 4648 base32, upper-case, without '=' padding (the form
 * authenticator apps take). out needs AN_TOTP_B32_LEN(n) bytes; when outlen is smaller, out
 * becomes "" (if outlen > 0) rather than a truncated secret. */
void an_totp_secret_base32(const uint8_t *secret, size_t n, char *out, size_t outlen);
/* Writes the 6-digit code for unix_time (seconds) into out. Returns 0 on success, -1 when the
 * arguments are invalid (NULL or empty secret, negative time) or liboath fails; out is then "". */
int an_totp_code(const uint8_t *secret, size_t n, int64_t unix_time, char out[AN_TOTP_CODE_STR]);
/* Checks a code typed by the user against the steps unix_time/30 - 1, + 0 and + 1 (window 1).
 * Returns 1 on a match and sets *matched_step (may be NULL) to the matching step number;
 * returns 0 otherwise — also for a code that is not exactly 6 ASCII digits, for a step at or
 * before last_used_step (replay: each code is single-use, even inside its window; pass -1 when
 * no code was ever accepted, and store *matched_step after success), and on any internal
 * failure. Never returns anything but 0 or 1, so `if (an_totp_verify(...))` is safe. The digits
 * are compared in constant time. */
int an_totp_verify(const uint8_t *secret, size_t n, const char *code, int64_t unix_time,
                   int64_t last_used_step, int64_t *matched_step);
/* Returns the key URI for authenticator apps (the QR code's text), malloc'd:
 * "otpauth://totp/<issuer>:<account>?secret=<b32>&issuer=<issuer>&algorithm=SHA1&digits=6&period=30"
 * with issuer, account and secret percent-encoded as UTF-8 bytes (RFC 3986 unreserved characters
 * kept). Returns NULL when an argument is NULL. */
char *an_totp_uri(const char *issuer, const char *account, const char *secret_b32);

#endif
