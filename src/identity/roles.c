#include "identity/roles.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

static const struct {
  unsigned bit;
  const char *name;
} roles[] = {
    {AN_ROLE_ADMIN, "admin"}, {AN_ROLE_SUPPORT, "support"},           {AN_ROLE_AUDITOR, "auditor"},
    {AN_ROLE_SHOP, "shop"},   {AN_ROLE_TENANT_ADMIN, "tenant_admin"}, {AN_ROLE_MEMBER, "member"},
};
#define NROLES (sizeof roles / sizeof roles[0])

/* Which roles hold each permission (least privilege: auditors read, admins manage; tenant
 * members hold none of these, so a new user can neither manage nor download: SLA-19). */
static const struct an_perm_info catalogue[] = {
    {AN_PERM_STAFF_READ, "staff.read", AN_ROLE_ADMIN | AN_ROLE_AUDITOR, "事業者スタッフの閲覧",
     "View operator staff"},
    {AN_PERM_STAFF_MANAGE, "staff.manage", AN_ROLE_ADMIN, "事業者スタッフの登録",
     "Register operator staff"},
    {AN_PERM_AUDIT_READ, "audit.read", AN_ROLE_ADMIN | AN_ROLE_AUDITOR | AN_ROLE_TENANT_ADMIN,
     "監査ログの閲覧（テナント管理者は自社分のみ）",
     "View the audit log (tenant admins: their own)"},
    {AN_PERM_TENANT_READ, "tenants.read", AN_ROLE_ADMIN | AN_ROLE_SUPPORT | AN_ROLE_AUDITOR,
     "契約企業の閲覧", "View tenants"},
    {AN_PERM_TENANT_MANAGE, "tenants.manage", AN_ROLE_ADMIN, "契約企業の登録・停止・再開",
     "Register, suspend and reinstate tenants"},
    {AN_PERM_USERS_READ, "users.read", AN_ROLE_TENANT_ADMIN, "ユーザー・ポリシー・IP制限の閲覧",
     "View users, policy and IP allowlist"},
    {AN_PERM_USERS_MANAGE, "users.manage", AN_ROLE_TENANT_ADMIN,
     "ユーザーの登録・停止・パスワードリセット、ポリシー・IP制限の変更",
     "Register, suspend and reset users; change policy and IP allowlist"},
    {AN_PERM_MAIL_READ, "mail.read", AN_ROLE_ADMIN | AN_ROLE_SUPPORT, "送信メールの閲覧",
     "Read the e-mail outbox"},
    {AN_PERM_DATA_DOWNLOAD, "data.download", AN_ROLE_ADMIN | AN_ROLE_AUDITOR | AN_ROLE_TENANT_ADMIN,
     "データのダウンロード（CSV）", "Download data (CSV)"},
    {AN_PERM_TOKENS_MANAGE, "tokens.manage", AN_ROLE_ADMIN | AN_ROLE_TENANT_ADMIN,
     "APIトークンの発行・失効", "Issue and revoke API tokens"},
    {AN_PERM_MARKET_READ, "market.read", AN_ROLE_ADMIN | AN_ROLE_SUPPORT | AN_ROLE_AUDITOR,
     "申込・ショップ・変更申請・通報の閲覧",
     "View applications, shops, change requests and reports"},
    {AN_PERM_MARKET_MANAGE, "market.manage", AN_ROLE_ADMIN,
     "ショップ・サービス・規約の管理、申込の承諾・謝絶、契約の停止・解除",
     "Manage shops, services and terms; approve applications; suspend and terminate contracts"},
    {AN_PERM_CONTRACTS_READ, "contracts.read",
     AN_ROLE_ADMIN | AN_ROLE_SUPPORT | AN_ROLE_AUDITOR | AN_ROLE_TENANT_ADMIN | AN_ROLE_SHOP,
     "契約・契約書面・料金の閲覧", "View contracts, contract documents and fees"},
    {AN_PERM_CONTRACTS_MANAGE, "contracts.manage", AN_ROLE_TENANT_ADMIN, "契約の変更申込・解約",
     "Request contract changes and cancel"},
    {AN_PERM_SHOP_API, "shop.api", AN_ROLE_SHOP, "ショップ連携（利用権確認・顧客情報・Webhook）",
     "Shop integration (entitlements, customers, webhooks)"},
    /* identity and access (issue 11) */
    {AN_PERM_SUPPORT_RESET, "support.password_reset", AN_ROLE_ADMIN | AN_ROLE_SUPPORT,
     "契約企業のユーザーのパスワード再設定（運営事務局）",
     "Reset a tenant user's password (operations team)"},
    {AN_PERM_ACCOUNT_REVIEW, "accounts.review",
     AN_ROLE_ADMIN | AN_ROLE_AUDITOR | AN_ROLE_TENANT_ADMIN, "アカウントの棚卸", "Account review"},
    /* support desk (issue 13) */
    {AN_PERM_TICKETS, "tickets.use",
     AN_ROLE_ADMIN | AN_ROLE_SUPPORT | AN_ROLE_TENANT_ADMIN | AN_ROLE_MEMBER | AN_ROLE_SHOP,
     "サポートへの問い合わせと履歴の閲覧", "Contact support and read the tickets"},
    {AN_PERM_TICKETS_MANAGE, "tickets.manage", AN_ROLE_ADMIN | AN_ROLE_SUPPORT,
     "問い合わせへの回答・担当割当・ショップへの引継ぎ",
     "Answer, assign and route support tickets"},
    {AN_PERM_LAWFUL_DISCLOSURE, "disclosures.manage", AN_ROLE_ADMIN,
     "法令に基づく開示の記録と契約者への通知",
     "Record disclosures required by law and notify the contractor"},
    /* operations and service levels */
    {AN_PERM_OPS_READ, "ops.read", AN_ROLE_ADMIN | AN_ROLE_SUPPORT | AN_ROLE_AUDITOR,
     "障害・障害受付の閲覧", "View incidents and failure reports"},
    {AN_PERM_OPS_MANAGE, "ops.manage", AN_ROLE_ADMIN | AN_ROLE_SUPPORT,
     "障害・メンテナンス・お知らせの登録", "Record incidents, maintenance and announcements"},
    {AN_PERM_SLA_READ, "sla.read",
     AN_ROLE_ADMIN | AN_ROLE_SUPPORT | AN_ROLE_AUDITOR | AN_ROLE_TENANT_ADMIN,
     "稼働率（SLA）の閲覧", "View measured availability (SLA)"},
    /* data protection and lifecycle (issue 14) */
    {AN_PERM_TENANT_ERASE, "tenant.erase", AN_ROLE_ADMIN, "企業データの削除（二者承認）",
     "Delete a company's data (two-person approval)"},
    /* receivables (issue 17) */
    {AN_PERM_BILLING_READ, "billing.read",
     AN_ROLE_ADMIN | AN_ROLE_SUPPORT | AN_ROLE_AUDITOR | AN_ROLE_TENANT_ADMIN | AN_ROLE_SHOP,
     "請求書・入金・残高の閲覧", "View invoices, payments and balances"},
    {AN_PERM_BILLING_MANAGE, "billing.manage", AN_ROLE_ADMIN,
     "請求書の発行・取消、入金の取込・記録",
     "Issue and credit invoices, import and record payments"},
    /* live compliance checks (issue 16) */
    {AN_PERM_COMPLIANCE_READ, "compliance.read", AN_ROLE_ADMIN | AN_ROLE_AUDITOR,
     "自己評価（要件の状況・根拠・証跡）の閲覧",
     "View the self-assessment, evidence and attestations"},
    {AN_PERM_COMPLIANCE_MANAGE, "compliance.manage", AN_ROLE_ADMIN,
     "自己評価の実行、証跡の登録・取消", "Run the self-assessment, record and revoke attestations"},
};

const struct an_perm_info *an_perm_catalogue(size_t *n)
{
  *n = sizeof catalogue / sizeof catalogue[0];
  return catalogue;
}

static unsigned holders(enum an_perm perm)
{
  if (perm == AN_PERM_NONE)
    return ~0u;
  for (size_t i = 0; i < sizeof catalogue / sizeof catalogue[0]; i++)
    if (catalogue[i].perm == perm)
      return catalogue[i].holders;
  return 0;
}

const char *an_role_name(unsigned bit)
{
  for (size_t i = 0; i < NROLES; i++)
    if (roles[i].bit == bit)
      return roles[i].name;
  return NULL;
}

bool an_roles_parse(const char *csv, unsigned *out)
{
  *out = 0;
  const char *p = csv;
  while (p && *p) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    bool found = false;
    for (size_t i = 0; i < NROLES; i++)
      if (strlen(roles[i].name) == len && strncmp(roles[i].name, p, len) == 0) {
        *out |= roles[i].bit;
        found = true;
      }
    if (!found)
      return false;
    p = comma ? comma + 1 : NULL;
  }
  return *out != 0;
}

bool an_roles_parse_array(const json_t *names, unsigned *out)
{
  size_t i;
  json_t *v;
  *out = 0;
  json_array_foreach(names, i, v)
  {
    unsigned bit;
    if (!an_roles_parse(json_string_value(v), &bit))
      return false;
    *out |= bit;
  }
  return *out != 0;
}

void an_roles_format(unsigned bits, char *out, size_t outlen)
{
  size_t used = 0;
  out[0] = '\0';
  for (size_t i = 0; i < NROLES; i++)
    if (bits & roles[i].bit) {
      int n = snprintf(out + used, outlen - used, "%s%s", used ? "," : "", roles[i].name);
      if (n < 0 || (size_t)n >= outlen - used)
        return;
      used += (size_t)n;
    }
}

bool an_perm_allows(const struct an_ctx *ctx, enum an_perm perm)
{
  if (ctx->subject == AN_SUBJECT_NONE)
    return false;
  /* A token holds exactly the permissions it was issued with, and none of a person's own pages
   * (AN_PERM_NONE routes: me, sessions, logout). */
  if (ctx->subject == AN_SUBJECT_TOKEN)
    return perm != AN_PERM_NONE && (ctx->token_perms >> perm) & 1u;
  if (perm == AN_PERM_NONE)
    return true;
  /* A subject's roles are masked by its kind, so a tenant user can never hold an operator role
   * (nor staff a tenant role) whatever the database says. */
  unsigned mine = ctx->subject == AN_SUBJECT_STAFF  ? (ctx->roles & AN_ROLES_STAFF)
                  : ctx->subject == AN_SUBJECT_USER ? (ctx->roles & AN_ROLES_TENANT)
                                                    : 0;
  if ((mine & holders(perm)) != 0)
    return true;
  /* A tenant user's custom roles, read with the user's row at every request (CHK-13). */
  return ctx->subject == AN_SUBJECT_USER && perm < 64 && ((ctx->role_perms >> perm) & 1u);
}

uint64_t an_perm_bits_of_roles(enum an_subject kind, unsigned role_bits)
{
  struct an_ctx who = {.subject = kind, .roles = role_bits};
  uint64_t bits = 0;
  for (size_t i = 0; i < sizeof catalogue / sizeof catalogue[0]; i++)
    if (an_perm_allows(&who, catalogue[i].perm))
      bits |= 1ull << catalogue[i].perm;
  return bits;
}

json_t *an_roles_json(const char *csv)
{
  json_t *out = json_array();
  unsigned bits = 0;
  if (an_roles_parse(csv, &bits))
    for (unsigned b = 1; b; b <<= 1)
      if (bits & b)
        json_array_append_new(out, json_string(an_role_name(b)));
  return out;
}

const struct an_perm_info *an_perm_by_key(const char *key)
{
  for (size_t i = 0; i < sizeof catalogue / sizeof catalogue[0]; i++)
    if (strcmp(catalogue[i].key, key) == 0)
      return &catalogue[i];
  return NULL;
}

bool an_perm_tenant_grantable(enum an_perm perm)
{
  return perm != AN_PERM_NONE && (holders(perm) & AN_ROLES_TENANT) != 0;
}

bool an_perm_privileged(enum an_perm perm)
{
  return perm == AN_PERM_USERS_MANAGE || perm == AN_PERM_DATA_DOWNLOAD ||
         perm == AN_PERM_TOKENS_MANAGE;
}

uint64_t an_perm_bits_of_keys(const char *csv)
{
  uint64_t bits = 0;
  const char *p = csv;
  while (p && *p) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    for (size_t i = 0; i < sizeof catalogue / sizeof catalogue[0]; i++)
      if (strlen(catalogue[i].key) == len && strncmp(catalogue[i].key, p, len) == 0 &&
          an_perm_tenant_grantable(catalogue[i].perm) && catalogue[i].perm < 64)
        bits |= 1ull << catalogue[i].perm;
    p = comma ? comma + 1 : NULL;
  }
  return bits;
}

json_t *an_perm_keys_json(uint64_t bits)
{
  json_t *out = json_array();
  for (size_t i = 0; i < sizeof catalogue / sizeof catalogue[0]; i++)
    if (catalogue[i].perm < 64 && ((bits >> catalogue[i].perm) & 1u))
      json_array_append_new(out, json_string(catalogue[i].key));
  return out;
}

/* Recent permission sets and their arrays, by a hash of the bits. A set is what a role mix
 * grants, so a handful cover every session; a collision only rebuilds. The arrays are shared
 * (jansson's reference counts are atomic, and dumping does not write to the value). */
#define PERM_CACHE_SLOTS 64
static struct {
  uint64_t bits;
  json_t *keys;
} perm_cache[PERM_CACHE_SLOTS];
static pthread_mutex_t perm_cache_mu = PTHREAD_MUTEX_INITIALIZER;

json_t *an_perm_keys_json_shared(uint64_t bits)
{
  size_t slot = (size_t)((bits * 0x9E3779B97F4A7C15ull) >> 58) % PERM_CACHE_SLOTS;
  pthread_mutex_lock(&perm_cache_mu);
  json_t *keys = perm_cache[slot].keys && perm_cache[slot].bits == bits
                     ? json_incref(perm_cache[slot].keys)
                     : NULL;
  pthread_mutex_unlock(&perm_cache_mu);
  if (keys)
    return keys;
  keys = an_perm_keys_json(bits);
  if (!keys)
    return NULL;
  pthread_mutex_lock(&perm_cache_mu);
  json_decref(perm_cache[slot].keys);
  perm_cache[slot].bits = bits;
  perm_cache[slot].keys = json_incref(keys);
  pthread_mutex_unlock(&perm_cache_mu);
  return keys;
}
