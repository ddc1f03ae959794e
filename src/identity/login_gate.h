/* Bounds how many password hashes run at once, so a login flood queues here instead of taking
 * every worker thread and starving other requests. */
#ifndef AN_IDENTITY_LOGIN_GATE_H
#define AN_IDENTITY_LOGIN_GATE_H
#include <stdbool.h>

#include "core/config.h"
#include "crypto/password.h"

/* Sets the number of concurrent hashes (0 = number of online cores). Call once at start-up. */
void an_login_gate_init(long slots);
/* Waits for a slot. */
void an_login_gate_enter(void);
/* Gives the slot back. */
void an_login_gate_leave(void);

/* Hashes pw under the configured parameters (an_password_params of cfg) into hash, holding a
 * slot meanwhile. Returns false when hashing failed. */
bool an_login_gate_hash(const struct an_config *cfg, const char *pw,
                        char hash[AN_PASSWORD_HASH_MAX]);

#endif
