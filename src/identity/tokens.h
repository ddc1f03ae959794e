/* API tokens for machine clients (shops' integrations, a tenant's own scripts): created by
 * admins, shown once, stored as SHA-256, scoped to permissions, revocable, last use recorded. */
#ifndef AN_IDENTITY_TOKENS_H
#define AN_IDENTITY_TOKENS_H
#include <jansson.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"
#include "store/tokens.h"

#define AN_API_TOKEN_PREFIX "ansh_"
#define AN_API_TOKEN_STR 49 /* "ansh_" + 43 + NUL */
/* What a shop's integration token holds (for its own shop only). */
#define AN_SHOP_TOKEN_PERMS "contracts.read,shop.api"

/* Issues a token for ctx's tenant (or the operator, for staff) with the permission keys in
 * perms (each must be one the creator holds), valid for days (1..730). The token records ctx's
 * subject (a tenant user or a staff account) as its creator. Writes the token to token_out (shown
 * once). Audits token.create. Returns AN_EC_OK, AN_EC_GENERIC_INVALID_FIELD,
 * AN_EC_AUTH_FORBIDDEN (ctx's subject is not a person) or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_api_token_create(const struct an_ctx *ctx, struct an_db *db, const char *name,
                               json_t *perms, long days, struct an_api_token *out,
                               char token_out[AN_API_TOKEN_STR]);
/* Issues a token of ctx's tenant carrying the permissions of the tenant's custom role named role
 * (CHK-13) that ctx's subject holds itself (a subset of the creator's: the rest are left out),
 * fixed at creation; otherwise as an_api_token_create. Returns AN_EC_OK, AN_EC_GENERIC_NOT_FOUND
 * (no such role), AN_EC_GENERIC_INVALID_FIELD (none of its permissions is the creator's, or a bad
 * name or days), AN_EC_AUTH_FORBIDDEN (not a tenant's person) or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_api_token_create_for_role(const struct an_ctx *ctx, struct an_db *db,
                                        const char *name, const char *role, long days,
                                        struct an_api_token *out, char token_out[AN_API_TOKEN_STR]);
/* Issues a shop's integration token (contracts.read and shop.api, for that shop only), created by
 * ctx's subject: the shop's own staff, or operator staff holding market.manage. */
enum an_ec an_shop_token_create(const struct an_ctx *ctx, struct an_db *db, int64_t shop_id,
                                const char *name, long days, struct an_api_token *out,
                                char token_out[AN_API_TOKEN_STR]);
/* Revokes one of ctx's tenant's tokens. Audits token.revoke. */
enum an_ec an_api_token_revoke(const struct an_ctx *ctx, struct an_db *db, int64_t id);
/* Inside the caller's transaction (the one that suspends or deletes the account): revokes every
 * live token the account created (kind "user" or "staff") and audits token.revoke for each with
 * reason (e.g. "creator_suspended") in its details. Returns the number revoked or an error. */
int an_api_token_revoke_creator(const struct an_ctx *ctx, struct an_db *db, const char *kind,
                                int64_t creator_id, const char *reason);
/* The token as JSON (no secret). */
json_t *an_api_token_json(const struct an_api_token *t);
/* A store list callback: appends the token's JSON to the array cls. */
void an_api_token_append(void *cls, const struct an_api_token *t);

#endif
