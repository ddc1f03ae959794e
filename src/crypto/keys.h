/* The master key and the keys derived from it. The master key never enters the database: it comes
 * from ANSHIN_MASTER_KEY (64 hex characters) or from [keys] master_key_file. */
#ifndef AN_CRYPTO_KEYS_H
#define AN_CRYPTO_KEYS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/config.h"

#define AN_KEY_LEN 32

struct an_keys {
  uint8_t master[AN_KEY_LEN];
  uint8_t audit_mac[AN_KEY_LEN]; /* keys the audit chain's HMAC-SHA256 */
  uint8_t wrap[AN_KEY_LEN];      /* wraps the per-tenant data keys */
  uint8_t webhook[AN_KEY_LEN];   /* seals shops' webhook signing secrets */
  uint8_t mfa[AN_KEY_LEN];       /* seals staff TOTP seeds; keys recovery and e-mail code hashes */
};

/* Loads the master key and derives the subkeys (libsodium crypto_kdf, one context each).
 * When the key file does not exist and create is true, writes a new random key (hex, one line)
 * with mode 0600, creating its directory (0700) if needed. Returns false with a message in err
 * when the key is missing, unreadable, malformed, or the file is readable by group/others. */
bool an_keys_load(const struct an_config *cfg, bool create, struct an_keys *out, char *err,
                  size_t errlen);
/* Wipes the keys from memory. */
void an_keys_wipe(struct an_keys *keys);

#endif
