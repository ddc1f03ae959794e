/* Password hashing on a bounded pool of low-priority threads of its own, so a login flood queues
 * here instead of taking every worker thread, and the hashes it runs yield the cores to other
 * requests (a read waits for a core behind at most a time slice, not behind argon2id). */
#ifndef AN_IDENTITY_LOGIN_GATE_H
#define AN_IDENTITY_LOGIN_GATE_H
#include <stdbool.h>

#include "crypto/password.h"

/* Sets the number of hashing threads, the most hashes run at once (0 = number of online cores),
 * and starts them at nice 10. Call once at start-up; without it the first hash starts a pool of
 * the default size. */
void an_login_gate_init(long slots);
/* an_password_verify on the pool: waits for a free thread and for the result. */
bool an_login_gate_verify(const char *hash, const char *pw);
/* an_password_hash on the pool, likewise. */
bool an_login_gate_hash(const struct an_pwparams *p, const char *pw,
                        char out[AN_PASSWORD_HASH_MAX]);

#endif
