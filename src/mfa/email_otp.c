#include "mfa/email_otp.h"

#include <sodium.h>
#include <string.h>

_Static_assert(crypto_generichash_KEYBYTES == AN_EMAIL_OTP_KEY_LEN, "BLAKE2b key size");

void an_email_otp_new(char code[AN_EMAIL_OTP_STR])
{
  for (size_t i = 0; i < AN_EMAIL_OTP_DIGITS; i++)
    code[i] = (char)('0' + randombytes_uniform(10));
  code[AN_EMAIL_OTP_DIGITS] = '\0';
}

void an_email_otp_hash(const uint8_t key[AN_EMAIL_OTP_KEY_LEN], const char *code, int64_t user_id,
                       uint8_t out[AN_EMAIL_OTP_HASH_LEN])
{
  crypto_generichash_state st;
  uint8_t id[8];
  uint64_t u = (uint64_t)user_id;
  for (size_t i = 0; i < sizeof id; i++)
    id[i] = (uint8_t)(u >> (56 - 8 * i));
  size_t n = code ? strlen(code) : 0;
  crypto_generichash_init(&st, key, AN_EMAIL_OTP_KEY_LEN, AN_EMAIL_OTP_HASH_LEN);
  crypto_generichash_update(&st, id, sizeof id);
  crypto_generichash_update(&st, (const unsigned char *)(code ? code : ""), n);
  crypto_generichash_final(&st, out, AN_EMAIL_OTP_HASH_LEN);
  sodium_memzero(&st, sizeof st);
}
