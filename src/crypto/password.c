#include "crypto/password.h"

#include <sodium.h>
#include <stdint.h>
#include <string.h>

_Static_assert(AN_PASSWORD_HASH_MAX == crypto_pwhash_STRBYTES, "encoded hash size");

/* Look-alikes left out: 0 O o, 1 l I; symbols that need quoting in shells or URLs left out too. */
static const char *const classes[] = {
    "ABCDEFGHJKLMNPQRSTUVWXYZ",
    "abcdefghijkmnpqrstuvwxyz",
    "23456789",
    "!#$%&*+-=?@^_~",
};
#define NCLASSES (sizeof classes / sizeof classes[0])

void an_password_params(const struct an_config *cfg, struct an_pwparams *out)
{
  out->opslimit = (unsigned long long)cfg->argon2_iterations;
  out->memlimit = (size_t)cfg->argon2_memory_kib * 1024u;
}

/* Length of pw, or SIZE_MAX when it is too long to hash (so a huge input costs nothing). */
static size_t pw_len(const char *pw)
{
  size_t n = pw ? strnlen(pw, AN_PASSWORD_MAX_LEN + 1) : SIZE_MAX;
  return n > AN_PASSWORD_MAX_LEN ? SIZE_MAX : n;
}

bool an_password_hash(const struct an_pwparams *p, const char *pw, char out[AN_PASSWORD_HASH_MAX])
{
  size_t n = pw_len(pw);
  if (n == SIZE_MAX)
    return false;
  return crypto_pwhash_str_alg(out, pw, n, p->opslimit, p->memlimit,
                               crypto_pwhash_ALG_ARGON2ID13) == 0;
}

bool an_password_verify(const char *hash, const char *pw)
{
  size_t n = pw_len(pw);
  if (hash == NULL || n == SIZE_MAX)
    return false;
  return crypto_pwhash_str_verify(hash, pw, n) == 0;
}

bool an_password_needs_rehash(const struct an_pwparams *p, const char *hash)
{
  /* The argon2id variant also answers "yes" (-1) for an argon2i hash, which should move on too. */
  return crypto_pwhash_argon2id_str_needs_rehash(hash, p->opslimit, p->memlimit) != 0;
}

static char pick(const char *set)
{
  return set[randombytes_uniform((uint32_t)strlen(set))];
}

void an_password_generate(char *out, size_t len)
{
  char all[128] = "";
  for (size_t c = 0; c < NCLASSES; c++)
    strcat(all, classes[c]);
  /* One of each class first, the rest from the whole alphabet, then shuffle the positions. */
  for (size_t i = 0; i < len; i++)
    out[i] = pick(i < NCLASSES ? classes[i] : all);
  for (size_t i = len; i > 1; i--) {
    size_t j = randombytes_uniform((uint32_t)i);
    char t = out[i - 1];
    out[i - 1] = out[j];
    out[j] = t;
  }
  out[len] = '\0';
}
