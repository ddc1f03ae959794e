#include "identity/mfa.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/config.h"
#include "crypto/envelope.h"
#include "crypto/keys.h"
#include "crypto/token.h"
#include "mfa/email_otp.h"
#include "mfa/qr.h"
#include "mfa/recovery.h"
#include "mfa/totp.h"
#include "notify/mail.h"
#include "store/lang.h"
#include "store/mfa.h"

static const char *kind_of(const struct an_principal *who)
{
  return who->kind == AN_SUBJECT_STAFF ? "staff" : "user";
}

/* The key sealing who's seed: the tenant's own data key, or the staff TOTP key. */
static bool seal_key(const struct an_ctx *ctx, const struct an_principal *who,
                     uint8_t key[AN_DEK_LEN])
{
  if (who->kind == AN_SUBJECT_STAFF) {
    memcpy(key, ctx->keys->totp_seal, AN_DEK_LEN);
    return true;
  }
  return an_dek_unwrap(ctx->keys, who->tenant.dek_wrapped, who->tenant.dek_wrapped_len, key);
}

/* The tenant whose database holds who's rows; 0 for operator staff. */
static int64_t tenant_of(const struct an_principal *who)
{
  return who->kind == AN_SUBJECT_USER ? who->tenant.id : 0;
}

static void ad_of(const struct an_principal *who, char *out, size_t n)
{
  snprintf(out, n, "%s:%lld:totp", kind_of(who), (long long)an_principal_id(who));
}

static int audit(const struct an_ctx *ctx, struct an_db *db, const char *action,
                 const char *outcome, const char *method)
{
  char *target =
      an_audit_target(ctx->subject == AN_SUBJECT_STAFF ? "staff" : "user", ctx->subject_id);
  json_t *d = method ? json_pack("{s:s}", "method", method) : NULL;
  struct an_audit_rec rec = {.action = action, .target = target, .outcome = outcome, .details = d};
  int rc = an_db_in_txn(db) ? an_audit_append(ctx, db, &rec) : an_audit_record(ctx, db, &rec);
  json_decref(d);
  free(target);
  return rc;
}

enum an_ec an_mfa_totp_begin(const struct an_ctx *ctx, struct an_db *db,
                             const struct an_principal *who, json_t **out)
{
  uint8_t secret[AN_TOTP_SECRET_LEN], key[AN_DEK_LEN],
      sealed[AN_TOTP_SECRET_LEN + AN_SEAL_OVERHEAD];
  size_t sealed_len = 0;
  char ad[64], b32[64];
  ad_of(who, ad, sizeof ad);
  if (!an_totp_new_secret(secret) || !seal_key(ctx, who, key) ||
      !an_seal(key, secret, sizeof secret, ad, sealed, &sealed_len))
    return AN_EC_GENERIC_INTERNAL;
  an_wipe(key, sizeof key);
  an_totp_secret_base32(secret, sizeof secret, b32, sizeof b32);
  an_wipe(secret, sizeof secret);
  int64_t tenant = who->kind == AN_SUBJECT_USER ? who->tenant.id : 0;
  if (an_store_totp_put(db, kind_of(who), an_principal_id(who), tenant, sealed, sealed_len,
                        ctx->now) < 0 ||
      audit(ctx, db, "mfa.totp_begin", "success", "totp") < 0)
    return AN_EC_GENERIC_INTERNAL;
  char account[200];
  if (who->kind == AN_SUBJECT_USER)
    snprintf(account, sizeof account, "%s/%s", who->tenant.company_code, who->user.login);
  else
    snprintf(account, sizeof account, "%s", who->staff.login);
  char *uri = an_totp_uri("anshin", account, b32);
  char *qr = uri ? an_qr_svg_data_uri(uri) : NULL;
  *out = json_pack("{s:s, s:s?, s:s?}", "secret", b32, "otpauth_uri", uri, "qr_svg", qr);
  free(uri);
  free(qr);
  return *out ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
}

/* Opens who's seed. Returns 1, 0 when there is no enrolment (or it does not open), < 0 error. */
static int load_secret(const struct an_ctx *ctx, struct an_db *db, const struct an_principal *who,
                       struct an_totp_row *row,
                       uint8_t secret[AN_TOTP_SECRET_LEN + AN_SEAL_OVERHEAD], size_t *len)
{
  int rc = an_store_totp_get(db, tenant_of(who), kind_of(who), an_principal_id(who), row);
  if (rc <= 0)
    return rc;
  uint8_t key[AN_DEK_LEN];
  char ad[64];
  ad_of(who, ad, sizeof ad);
  bool legacy = false;
  /* A staff seed sealed before the keys were split opens under the old shared key, and is
   * sealed again under the TOTP key at once (L8 of issue 8). */
  const uint8_t *old = who->kind == AN_SUBJECT_STAFF ? ctx->keys->mfa_legacy : NULL;
  bool ok =
      seal_key(ctx, who, key) && row->sealed_len <= AN_TOTP_SECRET_LEN + AN_SEAL_OVERHEAD &&
      (old ? an_open_or_legacy(key, old, row->sealed, row->sealed_len, ad, secret, len, &legacy)
           : an_open(key, row->sealed, row->sealed_len, ad, secret, len));
  if (ok && legacy) {
    uint8_t sealed[AN_TOTP_SECRET_LEN + AN_SEAL_OVERHEAD];
    size_t n = 0;
    if (*len <= AN_TOTP_SECRET_LEN && an_seal(key, secret, *len, ad, sealed, &n) &&
        an_store_totp_reseal(db, tenant_of(who), kind_of(who), an_principal_id(who), sealed, n) < 0)
      ok = false;
  }
  an_wipe(key, sizeof key);
  return ok ? 1 : 0;
}

enum an_ec an_mfa_totp_confirm(const struct an_ctx *ctx, struct an_db *db,
                               const struct an_principal *who, const char *code, json_t **codes)
{
  struct an_totp_row row;
  uint8_t secret[AN_TOTP_SECRET_LEN + AN_SEAL_OVERHEAD];
  size_t len = 0;
  int64_t step = 0;
  int rc = load_secret(ctx, db, who, &row, secret, &len);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  bool ok = rc == 1 && an_totp_verify(secret, len, code, ctx->now / 1000000, row.last_step, &step);
  an_wipe(secret, sizeof secret);
  if (!ok) {
    audit(ctx, db, "mfa.totp_confirm", "failure", "totp");
    return AN_EC_MFA_FAILED;
  }
  char list[AN_RECOVERY_COUNT][AN_RECOVERY_STR];
  an_recovery_generate(list);
  *codes = json_array();
  const char *kind = kind_of(who);
  int64_t id = an_principal_id(who);
  rc = an_store_totp_confirm(db, tenant_of(who), kind, id, step);
  for (int i = 0; rc >= 0 && i < AN_RECOVERY_COUNT; i++) {
    uint8_t h[AN_RECOVERY_HASH_LEN];
    an_recovery_hash(ctx->keys->recovery_mac, list[i], h);
    rc = an_store_recovery_add(db, tenant_of(who), kind, id, h);
    json_array_append_new(*codes, json_string(list[i]));
  }
  if (rc < 0 || audit(ctx, db, "mfa.totp_confirm", "success", "totp") < 0) {
    json_decref(*codes);
    *codes = NULL;
    return AN_EC_GENERIC_INTERNAL;
  }
  return AN_EC_OK;
}

enum an_ec an_mfa_totp_disable(const struct an_ctx *ctx, struct an_db *db,
                               const struct an_principal *who)
{
  if (an_store_totp_delete(db, tenant_of(who), kind_of(who), an_principal_id(who)) < 0 ||
      audit(ctx, db, "mfa.totp_disable", "success", "totp") < 0)
    return AN_EC_GENERIC_INTERNAL;
  return AN_EC_OK;
}

int an_mfa_has_totp(struct an_db *db, const struct an_principal *who)
{
  struct an_totp_row row;
  int rc = an_store_totp_get(db, tenant_of(who), kind_of(who), an_principal_id(who), &row);
  return rc < 0 ? rc : (rc == 1 && row.confirmed);
}

int an_mfa_enrolled(struct an_db *db, const struct an_principal *who)
{
  int rc = an_mfa_has_totp(db, who);
  if (rc != 0)
    return rc;
  return who->kind == AN_SUBJECT_USER && who->user.mfa_email;
}

enum an_ec an_mfa_email_set(const struct an_ctx *ctx, struct an_db *db,
                            const struct an_principal *who, bool on)
{
  if (who->kind != AN_SUBJECT_USER || !who->user.email[0])
    return AN_EC_GENERIC_INVALID_FIELD;
  if (an_store_user_set_mfa_email(db, who->tenant.id, who->user.id, on, ctx->now) < 0 ||
      audit(ctx, db, on ? "mfa.email_enable" : "mfa.email_disable", "success", "email") < 0)
    return AN_EC_GENERIC_INTERNAL;
  return AN_EC_OK;
}

int an_mfa_email_send(const struct an_ctx *ctx, struct an_db *db, const struct an_principal *who,
                      const char *lang)
{
  char code[AN_EMAIL_OTP_STR];
  uint8_t h[AN_EMAIL_OTP_HASH_LEN];
  an_email_otp_new(code);
  an_email_otp_hash(ctx->keys->email_otp_mac, code, who->user.id, h);
  int rc =
      an_store_email_code_add(db, who->tenant.id, who->user.id, h, ctx->now + AN_EMAIL_OTP_TTL_US);
  if (rc < 0)
    return rc;
  char own[AN_LANG_STRLEN];
  if (!lang && (rc = an_store_user_lang(db, who->tenant.id, who->user.id, own)) >= 0)
    lang = own;
  json_t *vars =
      rc >= 0 ? json_pack("{s:s, s:s}", "code", code, "name", who->user.display_name) : NULL;
  rc = rc >= 0 ? an_mail_queue(ctx, db, who->user.email, "email_otp", lang, vars) : rc;
  json_decref(vars);
  an_wipe(code, sizeof code);
  return rc == 1 ? 1 : (rc < 0 ? rc : AN_DB_HARD);
}

enum an_ec an_mfa_verify(const struct an_ctx *ctx, struct an_db *db, const struct an_principal *who,
                         const char *code, const char *recovery_code)
{
  const char *kind = kind_of(who);
  int64_t id = an_principal_id(who);
  int rc = 0;
  if (recovery_code && recovery_code[0]) {
    uint8_t h[AN_RECOVERY_HASH_LEN];
    if (an_recovery_hash(ctx->keys->recovery_mac, recovery_code, h))
      rc = an_store_recovery_use(db, tenant_of(who), kind, id, h, ctx->now);
    /* Codes issued before the keys were split were hashed under the old shared key; each is
     * used once, so it needs no re-hashing. */
    if (rc == 0 && an_recovery_hash(ctx->keys->mfa_legacy, recovery_code, h))
      rc = an_store_recovery_use(db, tenant_of(who), kind, id, h, ctx->now);
  } else if (code) {
    struct an_totp_row row;
    uint8_t secret[AN_TOTP_SECRET_LEN + AN_SEAL_OVERHEAD];
    size_t len = 0;
    int64_t step = 0;
    rc = load_secret(ctx, db, who, &row, secret, &len);
    if (rc == 1)
      rc = row.confirmed &&
           an_totp_verify(secret, len, code, ctx->now / 1000000, row.last_step, &step);
    an_wipe(secret, sizeof secret);
    /* The step is claimed in one UPDATE: two requests with one code cannot both pass. */
    if (rc == 1)
      rc = an_store_totp_use_step(db, tenant_of(who), kind, id, step);
  }
  /* Not a TOTP match: an e-mail code, for a user who receives them. */
  if (rc == 0 && code && !(recovery_code && recovery_code[0]) && who->kind == AN_SUBJECT_USER &&
      who->user.mfa_email) {
    uint8_t h[AN_EMAIL_OTP_HASH_LEN];
    an_email_otp_hash(ctx->keys->email_otp_mac, code, who->user.id, h);
    rc = an_store_email_code_use(db, who->tenant.id, who->user.id, h, ctx->now);
    if (rc == 0) { /* a code mailed just before the upgrade (valid for 10 minutes) */
      an_email_otp_hash(ctx->keys->mfa_legacy, code, who->user.id, h);
      rc = an_store_email_code_use(db, who->tenant.id, who->user.id, h, ctx->now);
    }
  }
  const char *method = recovery_code && recovery_code[0] ? "recovery_code" : "code";
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  audit(ctx, db, "auth.mfa", rc == 1 ? "success" : "failure", method);
  return rc == 1 ? AN_EC_OK : AN_EC_MFA_FAILED;
}
