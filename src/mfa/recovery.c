#include "mfa/recovery.h"

#include <sodium.h>
#include <string.h>

#define INPUT_MAX 64 /* longer input is refused before it is scanned */

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; /* Crockford base32 */

_Static_assert(sizeof alphabet - 1 == 32, "32 symbols, 5 bits each");
_Static_assert(crypto_generichash_KEYBYTES == AN_RECOVERY_KEY_LEN, "BLAKE2b key size");

/* Writes one random code "XXXXX-XXXXX". */
static void random_code(char out[AN_RECOVERY_STR])
{
  size_t j = 0;
  for (size_t i = 0; i < AN_RECOVERY_CHARS; i++) {
    if (i == AN_RECOVERY_CHARS / 2)
      out[j++] = '-';
    out[j++] = alphabet[randombytes_uniform(32)];
  }
  out[j] = '\0';
}

/* True when code equals one of the first n codes. */
static bool seen(char codes[][AN_RECOVERY_STR], size_t n, const char *code)
{
  for (size_t i = 0; i < n; i++)
    if (strcmp(codes[i], code) == 0)
      return true;
  return false;
}

void an_recovery_generate(char codes[AN_RECOVERY_COUNT][AN_RECOVERY_STR])
{
  for (size_t i = 0; i < AN_RECOVERY_COUNT; i++)
    do
      random_code(codes[i]);
    while (seen(codes, i, codes[i]));
}

/* Maps a typed character to its alphabet symbol: 0 to skip it, -1 when it is not allowed. */
static int canonical(char c)
{
  if (c == '-' || c == ' ')
    return 0;
  if (c >= 'a' && c <= 'z')
    c = (char)(c - 'a' + 'A');
  if (c == 'O')
    c = '0';
  else if (c == 'I' || c == 'L')
    c = '1';
  return c != '\0' && strchr(alphabet, c) != NULL ? c : -1;
}

/* Writes the symbols of in to out; returns how many, or -1 on a bad character or too many. */
static int collect(const char *in, char out[AN_RECOVERY_NORM])
{
  int j = 0;
  for (const char *p = in; *p; p++) {
    int c = canonical(*p);
    if (c < 0 || (c > 0 && j == AN_RECOVERY_CHARS))
      return -1;
    if (c > 0)
      out[j++] = (char)c;
  }
  out[j] = '\0';
  return j;
}

bool an_recovery_normalise(const char *in, char out[AN_RECOVERY_NORM])
{
  bool ok = in != NULL && strnlen(in, INPUT_MAX + 1) <= INPUT_MAX &&
            collect(in, out) == AN_RECOVERY_CHARS;
  if (!ok)
    out[0] = '\0';
  return ok;
}

bool an_recovery_hash(const uint8_t key[AN_RECOVERY_KEY_LEN], const char *code,
                      uint8_t out[AN_RECOVERY_HASH_LEN])
{
  char norm[AN_RECOVERY_NORM];
  if (!an_recovery_normalise(code, norm)) {
    randombytes_buf(out, AN_RECOVERY_HASH_LEN);
    return false;
  }
  crypto_generichash(out, AN_RECOVERY_HASH_LEN, (const unsigned char *)norm, AN_RECOVERY_CHARS, key,
                     AN_RECOVERY_KEY_LEN);
  sodium_memzero(norm, sizeof norm);
  return true;
}
