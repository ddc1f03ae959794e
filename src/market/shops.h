/* What a shop reads and manages about itself through its integration: its services, its
 * webhook deliveries and its integration tokens. The shop is always ctx's (ctx->shop_id). */
#ifndef AN_MARKET_SHOPS_H
#define AN_MARKET_SHOPS_H
#include <jansson.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "identity/tokens.h"
#include "store/db.h"

/* Each function appending to out returns the count or a store error (< 0). */
int an_shop_services(const struct an_ctx *ctx, struct an_db *db, json_t *out);
int an_shop_webhook_deliveries(const struct an_ctx *ctx, struct an_db *db, json_t *out);
/* The shop's integration tokens, as an_api_token_json objects. */
int an_shop_tokens(const struct an_ctx *ctx, struct an_db *db, json_t *out);
/* Revokes one of the shop's tokens and audits token.revoke; AN_EC_GENERIC_NOT_FOUND when the
 * shop has no such live token. */
enum an_ec an_shop_token_revoke(const struct an_ctx *ctx, struct an_db *db, int64_t id);

#endif
