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
  /* One subkey per purpose and algorithm (L8 of issue 8): */
  uint8_t totp_seal[AN_KEY_LEN];     /* AEAD: seals staff TOTP seeds */
  uint8_t recovery_mac[AN_KEY_LEN];  /* BLAKE2b: keys the recovery-code hashes */
  uint8_t email_otp_mac[AN_KEY_LEN]; /* BLAKE2b: keys the e-mail code hashes */
  uint8_t gate_mac[AN_KEY_LEN];      /* HMAC-SHA256: keys the Basic gate password hashes */
  /* The one subkey all four purposes shared before: only to read what was written under it
   * (each reader falls back to it, and re-seals a TOTP seed under totp_seal when it opens). */
  uint8_t mfa_legacy[AN_KEY_LEN];
  /* dedicated tenancy (issue 15 item 3) */
  uint8_t placement_seal[AN_KEY_LEN]; /* AEAD: seals a dedicated tenant database's conninfo */
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
