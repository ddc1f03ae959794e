#include "market/contract_doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/config.h"
#include "core/messages.h"
#include "crypto/token.h"
#include "market/market.h"
#include "notify/mail.h"
#include "store/lang.h"
#include "store/tenants.h"

static int64_t with_tax(int64_t amount, int64_t rate)
{
  return amount + amount * rate / 100;
}

json_t *an_operator_particulars(const struct an_operator_profile *op, const char *lang)
{
  const char *name =
      op->legal_name[0] ? op->legal_name : an_msg_text("doc.contract.operator", lang);
  return json_pack("{s:s, s:s, s:s, s:s, s:s}", "legal_name", name, "address", op->address,
                   "representative", op->representative, "contact", op->contact, "invoice_number",
                   op->invoice_number);
}

/* The contract's service area as the reader reads it: the default 日本国内 in their language, an
 * area the operator wrote at approval as written. */
static const char *area_text(const struct an_contract *c, const char *lang)
{
  const char *area = c->service_area;
  return !area || !area[0] || !strcmp(area, "日本国内") ? an_msg_text("doc.contract.area", lang)
                                                        : area;
}

/* SLA-16: liability is capped at the fees of cap_months months (tax included). */
static json_t *liability_cap(const struct an_contract *c, long cap_months, const char *lang)
{
  int64_t amount = with_tax(c->monthly_fee, c->tax_rate) * cap_months;
  json_t *v =
      json_pack("{s:I, s:I}", "months", (json_int_t)cap_months, "amount", (json_int_t)amount);
  char *text = an_msg_render("doc.contract.liability_cap", lang, v);
  json_object_set_new(v, "text", json_string(text ? text : ""));
  free(text);
  return v;
}

json_t *an_contract_doc(const struct an_contract *c, const struct an_operator_profile *op,
                        const char *lang, long cap_months)
{
  int64_t rate = c->tax_rate, monthly = c->monthly_fee, initial = c->initial_fee;
  char issued[AN_DATE_STRLEN];
  an_market_date_of(c->created_at, issued);
  json_t *particulars = an_operator_particulars(op, lang);
  json_t *doc = json_pack(
      "{s:s, s:s, s:s, s:o, s:{s:s, s:s, s:s}, s:s, s:s, s:{s:I, s:I, s:I, s:I, s:I, s:s}, "
      "s:{s:I, s:I}, s:s, s:I, s:s, s:s}",
      "title", an_msg_text("doc.contract.title", lang), "number", c->number, "issued_on", issued,
      "operator", particulars, "parties", "operator",
      json_string_value(json_object_get(particulars, "legal_name")), "shop", c->shop_name,
      "contractor", c->company_name, "service", c->service_name, "plan", c->plan_name, "fees",
      "monthly_fee", (json_int_t)monthly, "monthly_fee_incl_tax",
      (json_int_t)with_tax(monthly, rate), "initial_fee", (json_int_t)initial,
      "initial_fee_incl_tax", (json_int_t)with_tax(initial, rate), "tax_rate", (json_int_t)rate,
      "billing_cycle", c->billing_cycle, "quotas", "max_users", (json_int_t)c->max_users,
      "storage_gb", (json_int_t)c->storage_gb, "start_on", c->start_on, "terms_version",
      (json_int_t)c->terms_version, "cancellation_rule",
      an_msg_text("doc.contract.cancel_rule", lang), "area", area_text(c, lang));
  if (doc) /* TOS-11, SLA-16 (issue 10 item 20) */
    json_object_set_new(doc, "liability_cap", liability_cap(c, cap_months, lang));
  return doc;
}

static void login_url(const struct an_ctx *ctx, char *out, size_t n)
{
  if (ctx->cfg->public_url && ctx->cfg->public_url[0])
    snprintf(out, n, "%s", ctx->cfg->public_url);
  else
    snprintf(out, n, "http://%s/", ctx->cfg->listen);
}

int an_contract_doc_send(const struct an_ctx *ctx, struct an_db *db, const struct an_contract *c,
                         const char *admin_login, const char *password)
{
  struct an_tenant t;
  int rc = an_store_tenant_by_id(db, c->tenant_id, &t);
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_HARD;
  char lang[AN_LANG_STRLEN];
  if ((rc = an_store_tenant_lang(db, t.id, lang)) < 0)
    return rc;
  int64_t rate = c->tax_rate;
  char url[300];
  login_url(ctx, url, sizeof url);
  json_t *v = json_pack(
      "{s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:s, s:I, s:s, s:s, s:s, s:s}", "number",
      c->number, "company", c->company_name, "shop", c->shop_name, "service", c->service_name,
      "plan", c->plan_name, "monthly_fee", (json_int_t)c->monthly_fee, "monthly_fee_incl_tax",
      (json_int_t)with_tax(c->monthly_fee, rate), "tax_rate", (json_int_t)rate, "initial_fee",
      (json_int_t)c->initial_fee, "initial_fee_incl_tax",
      (json_int_t)with_tax(c->initial_fee, rate), "start_on", c->start_on, "terms_version",
      (json_int_t)c->terms_version, "cancel_rule", "doc.contract.cancel_rule", "login_url", url,
      "company_code", t.company_code, "login", admin_login ? admin_login : "");
  char ref[64];
  snprintf(ref, sizeof ref, "contract:%lld", (long long)c->id);
  rc = v ? an_market_notify_tenant(ctx, db, &t, "contract", "contract", v, ref) : AN_DB_HARD;
  json_decref(v);
  if (rc < 0 || !password)
    return rc;
  /* Not posted to the portal: only the e-mail carries the password. */
  v = json_pack("{s:s, s:s, s:s}", "company_code", t.company_code, "login",
                admin_login ? admin_login : "", "password", password);
  rc = v ? an_mail_notice_msg(ctx, db, t.id, t.responsible_email, t.responsible_name, lang,
                              "initial_password", v)
         : AN_DB_HARD;
  json_decref(v);
  return rc;
}
