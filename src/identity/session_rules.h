/* Which limits a session lives under (CHK-15, CHK-25): a tenant user's session ends after the
 * tenant's idle timeout (kept within the operator's [session] tenant_idle_min..tenant_idle_max)
 * and, if the tenant set one, its absolute lifetime (none by default: seed 001 promises user
 * screens no connection time limit); operator and shop staff sessions end after [session]
 * idle_timeout and always after [security] staff_session_max. */
#ifndef AN_IDENTITY_SESSION_RULES_H
#define AN_IDENTITY_SESSION_RULES_H
#include <stdint.h>

#include "core/config.h"
#include "identity/principal.h"
#include "store/sessions.h"

/* The idle timeout in seconds that applies to p's sessions. */
long an_session_idle_seconds(const struct an_config *cfg, const struct an_principal *p);
/* The absolute lifetime in seconds of p's sessions; 0 = none (a tenant user whose tenant set no
 * limit). */
long an_session_max_seconds(const struct an_config *cfg, const struct an_principal *p);
/* The stored end (expires_at) of a session of p that was last used at `now` and began at
 * created_at: its absolute end, or, without one, the longest idle time any tenant may choose from
 * now (the touch moves it on, and the purge of ended sessions can rely on it). */
int64_t an_session_end_at(const struct an_config *cfg, const struct an_principal *p,
                          int64_t created_at, int64_t now);
/* Why session s of p is over at now: NULL while it is live, "idle" (no request within the idle
 * timeout) or "absolute" (its absolute lifetime is over). */
const char *an_session_ended(const struct an_config *cfg, const struct an_principal *p,
                             const struct an_session *s, int64_t now);

#endif
