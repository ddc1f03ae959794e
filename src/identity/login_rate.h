/* The sign-in rate policy (SLA-21): per-address and per-account limits a minute, checked before
 * any password work, so a flood is answered cheaply and never locks the account itself. With
 * several instances the in-memory counts are per instance; the shared counters in the database
 * make the limits hold across all of them ([password] rate_limit_store). */
#ifndef AN_IDENTITY_LOGIN_RATE_H
#define AN_IDENTITY_LOGIN_RATE_H
#include <stdbool.h>

#include "core/config.h"
#include "core/ctx.h"
#include "store/db.h"

struct an_login_rate;

/* The limiters of [password] login_rate_per_ip and login_rate_per_account (allocation failure
 * aborts, as an_calloc). Shared by every worker thread; thread-safe. */
struct an_login_rate *an_login_rate_new(const struct an_config *cfg);
void an_login_rate_free(struct an_login_rate *lr);
/* Counts one attempt at account (company code, may be NULL or "", and login; compared without
 * case) from ctx's client address. True when within the limits; otherwise false with *retry the
 * seconds until the window ends (>= 1), or -1 after a database error. lr NULL: only the shared
 * counters apply. */
bool an_login_rate_take(struct an_login_rate *lr, const struct an_ctx *ctx, struct an_db *db,
                        const char *company, const char *login, long *retry);

#endif
