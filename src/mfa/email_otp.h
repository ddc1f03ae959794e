/* One-time codes sent to the user's e-mail address: the second factor of SLA-22 ("one-time
 * password sent to the e-mail address"), also usable for WP-12 (MFA for administrators). The
 * database stores only a keyed hash and the expiry; the code itself exists only in the mail. */
#ifndef AN_MFA_EMAIL_OTP_H
#define AN_MFA_EMAIL_OTP_H
#include <stdint.h>

#define AN_EMAIL_OTP_DIGITS 6
#define AN_EMAIL_OTP_STR (AN_EMAIL_OTP_DIGITS + 1)
#define AN_EMAIL_OTP_KEY_LEN 32
#define AN_EMAIL_OTP_HASH_LEN 32
/* How long a sent code stays valid: 10 minutes, in microseconds (the unit of core/time.h). */
#define AN_EMAIL_OTP_TTL_US INT64_C(600000000)

/* Writes a new code of 6 decimal digits, each uniformly random (randombytes_uniform). */
void an_email_otp_new(char code[AN_EMAIL_OTP_STR]);
/* Keyed BLAKE2b-256 of the user id (8 bytes, big-endian) followed by the code's bytes, so a
 * stored hash is bound to its user and a database reader without the key cannot try the 10^6
 * codes offline. A NULL code hashes as "". Callers compare hashes with an_ct_equal. */
void an_email_otp_hash(const uint8_t key[AN_EMAIL_OTP_KEY_LEN], const char *code, int64_t user_id,
                       uint8_t out[AN_EMAIL_OTP_HASH_LEN]);

#endif
