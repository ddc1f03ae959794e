#include "crypto/crypto.h"

#include <sodium.h>

bool an_crypto_init(void)
{
  return sodium_init() >= 0; /* 1 means already initialised, which is fine */
}
