/* What the marketplace's parts share: today's date in Japan, the business-day calendar, notices
 * to contractors (e-mail and portal, TOS-21), contract events for shops (webhooks), and audit. */
#ifndef AN_MARKET_MARKET_H
#define AN_MARKET_MARKET_H
#include <jansson.h>
#include <stdbool.h>

#include "core/calendar.h"
#include "core/ctx.h"
#include "core/errors.h"
#include "store/contracts.h"
#include "store/db.h"
#include "store/tenants.h"

/* The JST date of ctx->now. */
struct an_date an_market_today(const struct an_ctx *ctx);
/* The date of an instant (microseconds UTC) in JST, as "YYYY-MM-DD". */
void an_market_date_of(int64_t us, char out[AN_DATE_STRLEN]);
/* Midnight JST at the start of d, in microseconds UTC. */
int64_t an_market_midnight(struct an_date d);
/* The calendar built from [calendar] (closing days, the holiday CSV); built once. NULL when the
 * configuration is unusable (logged). */
const struct an_calendar *an_market_calendar(const struct an_config *cfg);

/* The Japanese wording of a reason code, the catalogue's message "<prefix>.<code>" (refusal
 * reasons, termination causes); NULL for an unknown or over-long (> 64) code. */
const char *an_market_code_ja(const char *prefix, const char *code);
/* Appends an audit event inside the caller's transaction. details is borrowed. */
int an_market_audit(const struct an_ctx *ctx, struct an_db *db, const char *action,
                    const char *kind, int64_t id, int64_t tenant_id, const json_t *details);
/* Posts a notice to a tenant (0 = every contractor) in the portal, its title and body being the
 * catalogue's notice.<key>.title and .body rendered with vars (borrowed) in Japanese and in
 * English (each reader sees theirs), and, when email is given, queues it as an e-mail in lang
 * (the recipient's language); both in the caller's transaction. Returns >= 0 or an AN_DB_*
 * error (AN_DB_HARD, logged, when the message cannot be rendered). */
int an_market_notify(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                     const char *email, const char *addressee, const char *lang, const char *kind,
                     const char *key, const json_t *vars, const char *ref);
/* an_market_notify to tenant t's responsible person, in the tenant's language. */
int an_market_notify_tenant(const struct an_ctx *ctx, struct an_db *db, const struct an_tenant *t,
                            const char *kind, const char *key, const json_t *vars, const char *ref);
/* Queues the contract event (contract.created, .changed, .suspended, .reinstated, .cancelled,
 * .ended, .terminated) for the contract's shop when the shop has a webhook. */
int an_market_event(const struct an_ctx *ctx, struct an_db *db, const char *event,
                    const struct an_contract *contract);

#endif
