/* Password hashing with argon2id (libsodium crypto_pwhash), parameters from [password]. */
#ifndef AN_CRYPTO_PASSWORD_H
#define AN_CRYPTO_PASSWORD_H
#include <stdbool.h>
#include <stddef.h>

#include "core/config.h"

#define AN_PASSWORD_HASH_MAX 128 /* crypto_pwhash_STRBYTES */
#define AN_PASSWORD_MAX_LEN 1024 /* longer inputs are refused before hashing */

struct an_pwparams {
  unsigned long long opslimit; /* argon2 iterations (t) */
  size_t memlimit;             /* bytes (m) */
};

/* Reads argon2_memory_kib and argon2_iterations from cfg. */
void an_password_params(const struct an_config *cfg, struct an_pwparams *out);
/* Hashes pw into out (an encoded "$argon2id$v=19$m=...,t=...,p=1$..." string). Returns false on
 * failure (out of memory, or pw longer than AN_PASSWORD_MAX_LEN). */
bool an_password_hash(const struct an_pwparams *p, const char *pw, char out[AN_PASSWORD_HASH_MAX]);
/* True when pw matches hash. Constant time with respect to the password. */
bool an_password_verify(const char *hash, const char *pw);
/* True when hash was made with other parameters than p (so it should be re-hashed at login). */
bool an_password_needs_rehash(const struct an_pwparams *p, const char *hash);
/* Writes a random password of len characters (len >= 12, out has len+1 bytes) that has at least
 * one upper-case letter, lower-case letter, digit and symbol, and no look-alike characters. */
void an_password_generate(char *out, size_t len);

#endif
