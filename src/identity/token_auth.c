#include "identity/token_auth.h"

#include <stdio.h>
#include <string.h>

#include "core/utf8.h"
#include "crypto/token.h"
#include "identity/allowlist.h"
#include "identity/roles.h"
#include "identity/tokens.h"
#include "store/catalogue.h"
#include "store/staff.h"
#include "store/tenants.h"
#include "store/tokens.h"
#include "store/users.h"

static uint64_t bits_of(const char *csv)
{
  size_t n;
  uint64_t bits = 0;
  const struct an_perm_info *cat = an_perm_catalogue(&n);
  char buf[512];
  snprintf(buf, sizeof buf, "%s", csv);
  for (char *save = NULL, *k = strtok_r(buf, ",", &save); k; k = strtok_r(NULL, ",", &save))
    for (size_t i = 0; i < n; i++)
      if (strcmp(cat[i].key, k) == 0)
        bits |= 1ull << cat[i].perm;
  return bits;
}

/* What the token's creator holds now (bit n = enum an_perm n). Returns 1, 0 when the creator is
 * deleted, suspended or no longer an account that could have made this token, or an error. */
static int creator_grant(struct an_db *db, const struct an_api_token *t, uint64_t *grant)
{
  *grant = 0;
  unsigned roles;
  if (t->created_by_id <= 0)
    return 0;
  if (strcmp(t->created_by_kind, "user") == 0) {
    struct an_user u;
    int rc = t->tenant_id ? an_store_user_by_id(db, t->tenant_id, t->created_by_id, &u) : 0;
    if (rc <= 0)
      return rc;
    if (strcmp(u.status, "active") != 0 || !an_roles_parse(u.roles, &roles))
      return 0;
    /* Built-in roles and custom roles alike (CHK-13): a token made from a custom role's
     * permissions works while, and as far as, its creator still holds them. */
    *grant = an_perm_bits_of_roles(AN_SUBJECT_USER, roles) | an_perm_bits_of_keys(u.role_perms);
    return 1;
  }
  struct an_staff s;
  int rc = strcmp(t->created_by_kind, "staff") == 0 && !t->tenant_id
               ? an_store_staff_by_id(db, t->created_by_id, &s)
               : 0;
  if (rc <= 0)
    return rc;
  /* A shop's staff act for their own shop only. */
  if (strcmp(s.status, "active") != 0 || !an_roles_parse(s.roles, &roles) ||
      (s.shop_id && s.shop_id != t->shop_id))
    return 0;
  *grant = an_perm_bits_of_roles(AN_SUBJECT_STAFF, roles);
  /* The operator issues a shop's tokens under market.manage: what they carry is the operator's
   * to give for as long as the issuer holds market.manage. */
  if (!s.shop_id && t->shop_id && ((*grant >> AN_PERM_MARKET_MANAGE) & 1u))
    *grant |= bits_of(AN_SHOP_TOKEN_PERMS);
  return 1;
}

/* True when the shop of a shop's token is active. Returns 1, 0, or an error. */
static int shop_active(struct an_db *db, int64_t shop_id)
{
  json_t *shop = NULL;
  int rc = an_store_shop_get(db, shop_id, &shop);
  if (rc == 1) {
    const char *status = json_string_value(json_object_get(shop, "status"));
    rc = status && strcmp(status, "active") == 0;
  }
  json_decref(shop);
  return rc;
}

enum an_ec an_api_token_resolve(struct an_ctx *ctx, struct an_db *db, const char *token,
                                struct an_principal *who)
{
  struct an_api_token t;
  uint8_t hash[32];
  an_token_hash(token, hash);
  int rc = an_store_token_by_hash(db, hash, &t);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  if (rc == 0 || ctx->now >= t.expires_at)
    return AN_EC_AUTH_REQUIRED;
  memset(who, 0, sizeof *who);
  who->kind = AN_SUBJECT_TOKEN;
  if (t.tenant_id) {
    rc = an_store_tenant_by_id(db, t.tenant_id, &who->tenant);
    if (rc < 0)
      return AN_EC_GENERIC_INTERNAL;
    if (rc == 0 || strcmp(who->tenant.status, "active") != 0)
      return AN_EC_AUTH_REQUIRED;
  }
  if (t.shop_id && (rc = shop_active(db, t.shop_id)) <= 0)
    return rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_AUTH_REQUIRED;
  /* The token lives and dies with its creator, and grants no more than the creator holds now
   * (a role narrowed since the token was made narrows the token too). */
  uint64_t grant;
  if ((rc = creator_grant(db, &t, &grant)) <= 0)
    return rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_AUTH_REQUIRED;
  ctx->subject = AN_SUBJECT_TOKEN;
  ctx->subject_id = t.id;
  ctx->tenant_id = t.tenant_id;
  ctx->shop_id = t.shop_id;
  ctx->token_perms = bits_of(t.permissions) & grant;
  /* The audit label: the name cut on a character boundary, so the label stays UTF-8. */
  int fit = (int)an_utf8_fit_bytes(t.name, sizeof ctx->actor - sizeof "token:");
  snprintf(ctx->actor, sizeof ctx->actor, "token:%.*s", fit, t.name);
  if (t.tenant_id && !an_allowlist_permits(&who->tenant, ctx->client_ip)) {
    an_allowlist_audit_denied(ctx, db, &who->tenant, ctx->actor);
    return AN_EC_AUTH_IP_DENIED;
  }
  if (an_store_token_touch(db, t.id, ctx->now) < 0)
    return AN_EC_GENERIC_INTERNAL;
  return AN_EC_OK;
}
