/* Onboarding (issue 10): setting a password from a mailed link, re-issuing links, removing staff,
 * the password rules in force, the operator's particulars and resending outbox mail. */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/bodies.h"
#include "api/kinds.h"
#include "http/json_in.h"
#include "identity/operator_profile.h"
#include "identity/pwlink.h"
#include "identity/pwlink_use.h"
#include "identity/reads.h"
#include "identity/staff.h"
#include "notify/outbox.h"

an_ret an_api_pwlink_use(struct an_request *r)
{
  const struct an_in_onboarding *in = r->in;
  json_t *errs = NULL, *who = NULL;
  enum an_ec ec = an_pwlink_use(&r->ctx, r->db, in->token, in->password, &errs, &who);
  if (ec == AN_EC_AUTH_PASSWORD_POLICY)
    return an_reply_problem(r, ec, NULL, an_localize_errors(r, errs));
  json_decref(errs);
  return an_api_answer(r, ec, 200, "account", who);
}

an_ret an_api_pwlink_rules(struct an_request *r)
{
  const struct an_in_onboarding *in = r->in;
  json_t *rules = NULL;
  enum an_ec ec = an_pwlink_rules(&r->ctx, r->db, in->token, &rules);
  return an_api_answer(r, ec, 200, "rules", rules);
}

an_ret an_api_me_password_rules(struct an_request *r)
{
  return an_reply_json(r, 200, json_pack("{s:o}", "rules", an_password_rules_json(r->db, &r->who)));
}

static an_ret reply_mail(struct an_request *r, enum an_ec ec, const struct an_mail_outcome *m)
{
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_json(r, 200, json_pack("{s:o}", "mail", an_mail_outcome_json(m)));
}

an_ret an_api_user_password_link(struct an_request *r)
{
  int64_t id = an_req_param_id(r, "id");
  struct an_mail_outcome m = {0};
  enum an_ec ec = id ? an_pwlink_reissue_user(&r->ctx, r->db, id, &m) : AN_EC_GENERIC_NOT_FOUND;
  return reply_mail(r, ec, &m);
}

an_ret an_api_staff_password_link(struct an_request *r)
{
  int64_t id = an_req_param_id(r, "id");
  struct an_mail_outcome m = {0};
  enum an_ec ec = id ? an_pwlink_reissue_staff(&r->ctx, r->db, id, &m) : AN_EC_GENERIC_NOT_FOUND;
  return reply_mail(r, ec, &m);
}

an_ret an_api_tenant_admin_password_link(struct an_request *r)
{
  const char *login = NULL;
  const struct an_jfield f[] = {{"login", AN_J_STRING, true, 3, 64, &login}};
  AN_API_BODY_OR_RETURN(r, f);
  int64_t id = an_req_param_id(r, "id");
  struct an_mail_outcome m = {0};
  enum an_ec ec =
      id ? an_pwlink_reissue_tenant_admin(&r->ctx, r->db, id, login, &m) : AN_EC_GENERIC_NOT_FOUND;
  return reply_mail(r, ec, &m);
}

static an_ret staff_active(struct an_request *r, bool active)
{
  int64_t id = an_req_param_id(r, "id");
  struct an_staff s;
  int rc = id ? an_staff_get(&r->ctx, r->db, id, &s) : 0;
  if (rc <= 0)
    return an_reply_problem(r, an_api_found_ec(rc), NULL, NULL);
  enum an_ec ec = an_staff_set_active(&r->ctx, r->db, s.login, active);
  if (ec == AN_EC_OK && an_staff_get(&r->ctx, r->db, id, &s) != 1)
    ec = AN_EC_GENERIC_INTERNAL;
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_json(r, 200, json_pack("{s:o}", "staff", an_staff_json(&s)));
}

AN_API_HANDLER(an_api_staff_suspend, staff_active, false)

AN_API_HANDLER(an_api_staff_reinstate, staff_active, true)

AN_API_HANDLER(an_api_staff_delete, an_api_id_do, an_staff_delete)

an_ret an_api_operator_profile_get(struct an_request *r)
{
  struct an_operator_profile p;
  if (an_operator_profile_get(r->db, &p) < 0)
    return an_reply_problem(r, AN_EC_GENERIC_INTERNAL, NULL, NULL);
  return an_reply_json(r, 200, json_pack("{s:o}", "profile", an_operator_profile_json(&p)));
}

static void copy_field(char *dst, size_t n, const char *src)
{
  snprintf(dst, n, "%s", src ? src : "");
}

an_ret an_api_operator_profile_put(struct an_request *r)
{
  const char *name = NULL, *address = NULL, *rep = NULL, *contact = NULL, *number = NULL;
  const struct an_jfield f[] = {
      {"legal_name", AN_J_STRING, true, 0, 200, &name},
      {"address", AN_J_STRING, true, 0, 400, &address},
      {"representative", AN_J_STRING, true, 0, 100, &rep},
      {"contact", AN_J_STRING, true, 0, 400, &contact},
      {"invoice_number", AN_J_STRING, true, 0, 14, &number},
  };
  AN_API_BODY_OR_RETURN(r, f);
  struct an_operator_profile p = {0};
  copy_field(p.legal_name, sizeof p.legal_name, name);
  copy_field(p.address, sizeof p.address, address);
  copy_field(p.representative, sizeof p.representative, rep);
  copy_field(p.contact, sizeof p.contact, contact);
  copy_field(p.invoice_number, sizeof p.invoice_number, number);
  json_t *errs = NULL;
  enum an_ec ec = an_operator_profile_set(&r->ctx, r->db, &p, &errs);
  if (ec == AN_EC_GENERIC_INVALID_FIELD)
    return an_reply_problem(r, ec, NULL, an_localize_errors(r, errs));
  json_decref(errs);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_json(r, 200, json_pack("{s:o}", "profile", an_operator_profile_json(&p)));
}

an_ret an_api_mail_resend(struct an_request *r)
{
  int64_t id = an_req_param_id(r, "id"), copy = 0;
  int rc = id ? an_outbox_resend(&r->ctx, r->db, id, &copy) : 0;
  if (rc <= 0)
    return an_reply_problem(r, an_api_found_ec(rc), NULL, NULL);
  struct an_mail_outcome m = {copy, r->ctx.cfg->mail_relay && r->ctx.cfg->mail_relay[0]};
  return an_reply_json(r, 200, json_pack("{s:o}", "mail", an_mail_outcome_json(&m)));
}

const char *an_api_mail_delivery(const struct an_request *r)
{
  return r->ctx.cfg->mail_relay && r->ctx.cfg->mail_relay[0] ? "queued" : "held";
}
