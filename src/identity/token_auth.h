/* Authentication by API token (a machine client's `Authorization: Bearer`): the token's
 * subject, tenant, shop and permissions for one request. */
#ifndef AN_IDENTITY_TOKEN_AUTH_H
#define AN_IDENTITY_TOKEN_AUTH_H

#include "core/ctx.h"
#include "core/errors.h"
#include "identity/principal.h"
#include "store/db.h"

/* Resolves a bearer token: fills ctx (subject token, tenant, permissions) and who's tenant.
 * The permissions are those of the token that its creator still holds now. Expired, revoked or
 * unknown tokens, tokens of a tenant or shop that is not active, and tokens whose creator is
 * deleted, suspended or (for a shop's staff) moved to another shop yield AN_EC_AUTH_REQUIRED;
 * an address outside the tenant's allowlist AN_EC_AUTH_IP_DENIED. */
enum an_ec an_api_token_resolve(struct an_ctx *ctx, struct an_db *db, const char *token,
                                struct an_principal *who);

#endif
