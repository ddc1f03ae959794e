/* Per-tenant request rates across instances (SLA-5): at most [fairshare] tenant_rate requests a
 * second of one tenant's users and tokens, counted over every instance. Each instance counts in
 * memory (the fast path: no database round trip on a request) and adds its count to a shared
 * counter per tenant and second (store/ratelimits.h) at most every [fairshare] rate_sync_ms,
 * learning the other instances' counts in the same statement. Over the limit a request is
 * refused at once. The overshoot is bounded by what the other instances admit between two of
 * their syncs; one instance, or [fairshare] rate_store = memory, counts exactly. */
#ifndef AN_IDENTITY_TENANT_RATE_H
#define AN_IDENTITY_TENANT_RATE_H
#include <stdbool.h>
#include <stdint.h>

#include "core/config.h"
#include "core/ctx.h"
#include "store/db.h"

struct an_tenant_rate;

/* The limiter of cfg's [fairshare] tenant_rate, or NULL when it is 0 (off; the functions below
 * accept NULL). Shared by every worker thread; thread-safe. */
struct an_tenant_rate *an_tenant_rate_new(const struct an_config *cfg);
void an_tenant_rate_free(struct an_tenant_rate *tr);
/* Counts one request of ctx's tenant (none: always true) at ctx->now. True when within the
 * limit; otherwise false with *retry the seconds until the next window (>= 1), and credential
 * (the session cookie or bearer token the request authenticated with; may be NULL) is
 * remembered until the window ends, for an_tenant_rate_spent. db is the request's connection,
 * used for the shared counter when it is due (a failed sync is logged and the local count
 * stands: a database hiccup does not refuse requests). */
bool an_tenant_rate_take(struct an_tenant_rate *tr, const struct an_ctx *ctx, struct an_db *db,
                         const char *credential, long *retry);
/* Before authentication: true (with *retry) when credential was refused by an_tenant_rate_take
 * in the current window, so the rest of a flood is refused without reading the database. Only a
 * credential that authenticated is ever remembered, and only under a keyed hash (SipHash with a
 * random key), so no one can get another person's requests refused. */
bool an_tenant_rate_spent(struct an_tenant_rate *tr, const char *credential, int64_t now,
                          long *retry);

/* True when tenant's rate was spent (a request refused) in this second or the one before: its
 * admitted requests should then run away from the worker threads other tenants' connections
 * share (http/dispatch.c). */
bool an_tenant_rate_flooding(struct an_tenant_rate *tr, int64_t tenant, int64_t now);

#endif
