/* Recovery codes: ten single-use codes a user keeps on paper for when the second factor is lost
 * (SLA-22 two-factor login; WP-12 MFA for administrators). Callers show the codes once and store
 * only their keyed hashes; using a code deletes its hash. */
#ifndef AN_MFA_RECOVERY_H
#define AN_MFA_RECOVERY_H
#include <stdbool.h>
#include <stdint.h>

#define AN_RECOVERY_COUNT 10
#define AN_RECOVERY_CHARS 10 /* 50 random bits each */
#define AN_RECOVERY_STR 12   /* "XXXXX-XXXXX" + NUL */
#define AN_RECOVERY_NORM (AN_RECOVERY_CHARS + 1)
#define AN_RECOVERY_KEY_LEN 32
#define AN_RECOVERY_HASH_LEN 32

/* Writes AN_RECOVERY_COUNT distinct random codes "XXXXX-XXXXX" from Crockford's base32
 * alphabet (digits and upper-case letters without I, L, O, U). */
void an_recovery_generate(char codes[AN_RECOVERY_COUNT][AN_RECOVERY_STR]);
/* Normalises a code as typed: upper-cases, drops '-' and spaces, reads the look-alikes O as 0
 * and I, L as 1. Writes the AN_RECOVERY_CHARS remaining characters to out and returns true;
 * returns false (out is then "") when in is NULL, longer than 64 characters, or does not leave
 * exactly AN_RECOVERY_CHARS characters of the alphabet. */
bool an_recovery_normalise(const char *in, char out[AN_RECOVERY_NORM]);
/* Keyed BLAKE2b-256 (crypto_generichash) of the normalised code: what the database stores, so a
 * reader of the database without the key cannot test guesses offline. Returns false when the
 * code does not normalise; out is then random bytes that match no stored hash. */
bool an_recovery_hash(const uint8_t key[AN_RECOVERY_KEY_LEN], const char *code,
                      uint8_t out[AN_RECOVERY_HASH_LEN]);

#endif
