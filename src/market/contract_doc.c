#include "market/contract_doc.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/config.h"
#include "crypto/token.h"
#include "market/market.h"
#include "notify/mail.h"
#include "store/rows.h"
#include "store/tenants.h"

#define CANCEL_RULE_JA                                                                        \
  "契約者は、解約希望日の30日前までに通知することにより、解約希望日をもって解約できます。"    \
  "解約希望日の記載がない場合、又は通知の到達日から解約希望日までが30日未満の場合は、"        \
  "通知の到達日から30日後を解約日とします（利用規約第12条）。"

static int64_t with_tax(int64_t amount, int64_t rate)
{
  return amount + amount * rate / 100;
}

json_t *an_contract_doc(const json_t *c)
{
  int64_t rate = an_rec_int(c, "tax_rate");
  int64_t monthly = an_rec_int(c, "monthly_fee"), initial = an_rec_int(c, "initial_fee");
  return json_pack(
      "{s:s, s:s, s:{s:s, s:s, s:s}, s:s, s:s, s:{s:I, s:I, s:I, s:I, s:I, s:s}, s:{s:I, s:I}, "
      "s:s, s:I, s:s, s:s}",
      "title", "利用契約書面", "number", an_rec_str(c, "number"), "parties", "operator",
      "anshin 運営事務局", "shop", an_rec_str(c, "shop_name"), "contractor",
      an_rec_str(c, "company_name"), "service", an_rec_str(c, "service_name"), "plan",
      an_rec_str(c, "plan_name"), "fees", "monthly_fee", (json_int_t)monthly,
      "monthly_fee_incl_tax", (json_int_t)with_tax(monthly, rate), "initial_fee",
      (json_int_t)initial, "initial_fee_incl_tax", (json_int_t)with_tax(initial, rate),
      "tax_rate", (json_int_t)rate, "billing_cycle", an_rec_str(c, "billing_cycle"), "quotas",
      "max_users", (json_int_t)an_rec_int(c, "max_users"), "storage_gb",
      (json_int_t)an_rec_int(c, "storage_gb"), "start_on", an_rec_str(c, "start_on"),
      "terms_version", (json_int_t)an_rec_int(c, "terms_version"), "cancellation_rule",
      CANCEL_RULE_JA, "area", "日本国内");
}

static void login_url(const struct an_ctx *ctx, char *out, size_t n)
{
  if (ctx->cfg->public_url && ctx->cfg->public_url[0])
    snprintf(out, n, "%s", ctx->cfg->public_url);
  else
    snprintf(out, n, "http://%s/", ctx->cfg->listen);
}

int an_contract_doc_send(const struct an_ctx *ctx, struct an_db *db, const json_t *c,
                         const char *admin_login, const char *password)
{
  struct an_tenant t;
  int rc = an_store_tenant_by_id(db, an_rec_int(c, "tenant_id"), &t);
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_HARD;
  int64_t rate = an_rec_int(c, "tax_rate");
  char url[300];
  struct an_buf body = {0};
  login_url(ctx, url, sizeof url);
  an_buf_printf(&body,
           "お申込みを承諾し、利用契約が成立しましたので、契約書面をお送りします。\n\n"
           "  契約番号　　：%s\n"
           "  契約者　　　：%s\n"
           "  販売ショップ：%s\n"
           "  サービス　　：%s\n"
           "  プラン　　　：%s\n"
           "  月額料金　　：%lld円（税込 %lld円、消費税率 %lld%%）\n"
           "  初期費用　　：%lld円（税込 %lld円）\n"
           "  利用開始日　：%s\n"
           "  利用規約　　：第%lld版\n\n"
           "解約について：" CANCEL_RULE_JA "\n\n"
           "契約書面は、ログイン後の「契約」画面からいつでも表示・印刷できます。\n"
           "  ログイン画面：%s\n"
           "  企業コード　：%s\n"
           "  ユーザーID　：%s",
           an_rec_str(c, "number"), an_rec_str(c, "company_name"), an_rec_str(c, "shop_name"),
           an_rec_str(c, "service_name"), an_rec_str(c, "plan_name"),
           (long long)an_rec_int(c, "monthly_fee"),
           (long long)with_tax(an_rec_int(c, "monthly_fee"), rate), (long long)rate,
           (long long)an_rec_int(c, "initial_fee"),
           (long long)with_tax(an_rec_int(c, "initial_fee"), rate), an_rec_str(c, "start_on"),
           (long long)an_rec_int(c, "terms_version"), url, t.company_code,
           admin_login ? admin_login : "");
  char ref[64];
  snprintf(ref, sizeof ref, "contract:%lld", (long long)an_rec_int(c, "id"));
  rc = an_market_notify(ctx, db, t.id, t.responsible_email, t.responsible_name, "contract",
                        "ご契約成立のお知らせ（契約書面）", body.data, ref);
  an_buf_reset(&body);
  if (rc < 0 || !password) {
    an_buf_free(&body);
    return rc;
  }
  an_buf_printf(&body,
           "管理者アカウントの初期パスワードをお知らせします。\n\n"
           "  企業コード　　：%s\n"
           "  ユーザーID　　：%s\n"
           "  初期パスワード：%s\n\n"
           "初回ログインの際に、パスワードの変更をお願いします。",
           t.company_code, admin_login, password);
  /* Not posted to the portal: only the e-mail carries the password. */
  rc = an_mail_notice(ctx, db, t.id, t.responsible_email, t.responsible_name,
                      "初期パスワードのお知らせ", body.data);
  an_wipe(body.data, body.len);
  an_buf_free(&body);
  return rc;
}
