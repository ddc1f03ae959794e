/* Library start-up for the crypto module. */
#ifndef AN_CRYPTO_CRYPTO_H
#define AN_CRYPTO_CRYPTO_H
#include <stdbool.h>

/* Initialises libsodium; call once before any other crypto function. False on failure. */
bool an_crypto_init(void);

#endif
