#include "identity/basic_gate.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "audit/audit.h"
#include "audit/audited.h"
#include "core/buf.h"
#include "crypto/keys.h"
#include "crypto/password.h"
#include "crypto/token.h"

static void gate_hash(const uint8_t key[32], int64_t tenant_id, const char *password, char out[65])
{
  struct an_buf msg = {0}; /* any length: a long password is hashed whole, never cut */
  an_buf_printf(&msg, "basic-gate:%lld:%s", (long long)tenant_id, password);
  uint8_t mac[32];
  an_hmac_sha256(key, msg.data, msg.len, mac);
  an_wipe(msg.data, msg.len);
  an_buf_free(&msg);
  an_hex_encode(mac, sizeof mac, out);
}

bool an_basic_gate_permits(const struct an_ctx *ctx, const struct an_tenant *t, const char *user,
                           const char *password)
{
  if (!t->basic_user[0])
    return true;
  if (!user || !password)
    return false;
  char h[65], old[65];
  gate_hash(ctx->keys->gate_mac, t->id, password, h);
  /* A password set before the keys were split was hashed under the old shared key; it works
   * until the tenant's admin issues a new one (L8 of issue 8). */
  gate_hash(ctx->keys->mfa_legacy, t->id, password, old);
  return an_ct_streq(user, t->basic_user) &
         (an_ct_streq(h, t->basic_hash) | an_ct_streq(old, t->basic_hash));
}

void an_basic_gate_audit_denied(const struct an_ctx *ctx, struct an_db *db,
                                const struct an_tenant *t, const char *login)
{
  const struct an_audited_note n = {"access.basic_gate", "denied", "tenant", login, t->id};
  an_audited_record(ctx, db, &n, t->id, NULL);
}

struct set {
  const struct an_ctx *ctx;
  const char *user, *hash;
};

static int set_txn(struct an_db *db, void *cls)
{
  struct set *s = cls;
  int rc = an_store_tenant_set_basic_gate(db, s->ctx->tenant_id, s->user, s->hash, s->ctx->now);
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  return an_audit_changed(s->ctx, db, "basic_gate.update", "tenant", s->ctx->tenant_id, 0,
                          json_pack("{s:b, s:s}", "enabled", s->user[0] != '\0', "user", s->user));
}

static bool user_valid(const char *u)
{
  size_t n = u ? strlen(u) : 0;
  if (n < 3 || n > 64)
    return false;
  for (size_t i = 0; i < n; i++)
    if (u[i] <= ' ' || u[i] == ':' || u[i] == 0x7f || (unsigned char)u[i] >= 0x80)
      return false;
  return true;
}

enum an_ec an_basic_gate_set(const struct an_ctx *ctx, struct an_db *db, bool enabled,
                             const char *user, char *password_out)
{
  char hash[65] = "";
  password_out[0] = '\0';
  if (enabled) {
    if (!user_valid(user))
      return AN_EC_GENERIC_INVALID_FIELD;
    an_password_generate(password_out, 20);
    gate_hash(ctx->keys->gate_mac, ctx->tenant_id, password_out, hash);
  }
  struct set s = {ctx, enabled ? user : "", hash};
  if (an_db_txn(db, set_txn, &s) < 0) {
    an_wipe(password_out, 25);
    return AN_EC_GENERIC_INTERNAL;
  }
  return AN_EC_OK;
}
