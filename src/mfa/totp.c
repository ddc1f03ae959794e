#include "mfa/totp.h"

#include <liboath/oath.h>
#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"

_Static_assert(sizeof(time_t) >= 8, "TOTP needs a 64-bit time_t (years after 2038)");

static pthread_once_t oath_once = PTHREAD_ONCE_INIT;
static int init_rc = OATH_OK;

static void oath_start(void)
{
  init_rc = oath_init();
}

/* True once liboath is initialised (the first call does it, once per process). */
static bool oath_ready(void)
{
  pthread_once(&oath_once, oath_start);
  return init_rc == OATH_OK;
}

bool an_totp_new_secret(uint8_t out[AN_TOTP_SECRET_LEN])
{
  if (sodium_init() < 0)
    return false;
  randombytes_buf(out, AN_TOTP_SECRET_LEN);
  return true;
}

void an_totp_secret_base32(const uint8_t *secret, size_t n, char *out, size_t outlen)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  size_t j = 0;
  unsigned bits = 0, acc = 0;
  if (outlen < AN_TOTP_B32_LEN(n)) {
    if (outlen > 0)
      out[0] = '\0';
    return;
  }
  for (size_t i = 0; i < n; i++) {
    acc = (acc << 8 | secret[i]) & 0xfffu; /* at most 12 bits are ever pending */
    for (bits += 8; bits >= 5; bits -= 5)
      out[j++] = alphabet[(acc >> (bits - 5)) & 31u];
  }
  if (bits > 0)
    out[j++] = alphabet[(acc << (5 - bits)) & 31u];
  out[j] = '\0';
}

/* Generates the code of time step `step` (>= 0); 0 on success, -1 on failure. */
static int code_at_step(const uint8_t *secret, size_t n, int64_t step, char out[AN_TOTP_CODE_STR])
{
  out[0] = '\0';
  if (secret == NULL || n == 0 || step < 0 || !oath_ready())
    return -1;
  int rc = oath_totp_generate((const char *)secret, n, (time_t)(step * AN_TOTP_STEP), AN_TOTP_STEP,
                              OATH_TOTP_DEFAULT_START_TIME, AN_TOTP_DIGITS, out);
  if (rc != OATH_OK || strlen(out) != AN_TOTP_DIGITS) {
    out[0] = '\0';
    return -1;
  }
  return 0;
}

int an_totp_code(const uint8_t *secret, size_t n, int64_t unix_time, char out[AN_TOTP_CODE_STR])
{
  if (unix_time < 0) {
    out[0] = '\0';
    return -1;
  }
  return code_at_step(secret, n, unix_time / AN_TOTP_STEP, out);
}

/* True when code is exactly AN_TOTP_DIGITS ASCII digits. */
static bool well_formed(const char *code)
{
  if (code == NULL || strnlen(code, AN_TOTP_DIGITS + 1) != AN_TOTP_DIGITS)
    return false;
  for (size_t i = 0; i < AN_TOTP_DIGITS; i++)
    if (code[i] < '0' || code[i] > '9')
      return false;
  return true;
}

/* True when code is the code of step; constant time in the digits. */
static bool matches_step(const uint8_t *secret, size_t n, const char *code, int64_t step)
{
  char want[AN_TOTP_CODE_STR];
  bool ok =
      code_at_step(secret, n, step, want) == 0 && sodium_memcmp(want, code, AN_TOTP_DIGITS) == 0;
  sodium_memzero(want, sizeof want);
  return ok;
}

int an_totp_verify(const uint8_t *secret, size_t n, const char *code, int64_t unix_time,
                   int64_t last_used_step, int64_t *matched_step)
{
  /* The upper bound keeps (step + 1) * AN_TOTP_STEP from overflowing. */
  if (!well_formed(code) || unix_time < 0 || unix_time > INT64_MAX - 2 * AN_TOTP_STEP)
    return 0;
  int64_t now = unix_time / AN_TOTP_STEP, found = -1;
  /* Every step is tried (no early exit); the latest match wins, so storing it blocks all. */
  for (int64_t step = now - 1; step <= now + 1; step++)
    if (step >= 0 && step > last_used_step && matches_step(secret, n, code, step))
      found = step;
  if (found < 0)
    return 0;
  if (matched_step != NULL)
    *matched_step = found;
  return 1;
}

/* Appends s percent-encoded: RFC 3986 unreserved characters as they are, every other byte
 * (including each byte of a UTF-8 sequence) as %XX. */
static void put_encoded(struct an_buf *b, const char *s)
{
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
        *p == '-' || *p == '.' || *p == '_' || *p == '~')
      an_buf_append(b, p, 1);
    else
      an_buf_printf(b, "%%%02X", (unsigned)*p);
  }
}

char *an_totp_uri(const char *issuer, const char *account, const char *secret_b32)
{
  struct an_buf b = {0};
  if (issuer == NULL || account == NULL || secret_b32 == NULL)
    return NULL;
  an_buf_puts(&b, "otpauth://totp/");
  put_encoded(&b, issuer);
  an_buf_puts(&b, ":");
  put_encoded(&b, account);
  an_buf_puts(&b, "?secret=");
  put_encoded(&b, secret_b32);
  an_buf_puts(&b, "&issuer=");
  put_encoded(&b, issuer);
  an_buf_printf(&b, "&algorithm=SHA1&digits=%d&period=%d", AN_TOTP_DIGITS, AN_TOTP_STEP);
  return an_buf_steal(&b);
}
