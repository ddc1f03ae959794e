#include "identity/mfa.h"
#include "api/api.h"
#include "api/kinds.h"
#include "http/json_in.h"
#include "identity/reads.h"

/* Everything here acts on the caller's own second factor only. */
an_ret an_api_mfa_status(struct an_request *r)
{
  int64_t left = 0;
  const char *kind = r->who.kind == AN_SUBJECT_STAFF ? "staff" : "user";
  int totp = an_mfa_has_totp(r->db, &r->who);
  if (totp < 0 || an_recovery_left(&r->ctx, r->db, kind, &left) < 0)
    return an_reply_problem(r, AN_EC_GENERIC_INTERNAL, NULL, NULL);
  return an_reply_json(r, 200,
                       json_pack("{s:b, s:b, s:I}", "totp", totp == 1, "email",
                                 r->who.kind == AN_SUBJECT_USER && r->who.user.mfa_email,
                                 "recovery_codes_left", (json_int_t)left));
}

an_ret an_api_mfa_totp_begin(struct an_request *r)
{
  json_t *out = NULL;
  enum an_ec ec = an_mfa_totp_begin(&r->ctx, r->db, &r->who, &out);
  return an_api_answer(r, ec, 201, NULL, out);
}

an_ret an_api_mfa_totp_confirm(struct an_request *r)
{
  const char *code = NULL;
  const struct an_jfield f[] = {{"code", AN_J_STRING, true, 1, 16, &code}};
  AN_API_BODY_OR_RETURN(r, f);
  json_t *codes = NULL;
  enum an_ec ec = an_mfa_totp_confirm(&r->ctx, r->db, &r->who, code, &codes);
  return an_api_answer(r, ec, 200, "recovery_codes", codes);
}

an_ret an_api_mfa_totp_disable(struct an_request *r)
{
  enum an_ec ec = an_mfa_totp_disable(&r->ctx, r->db, &r->who);
  return an_api_answer(r, ec, 204, NULL, NULL);
}

static an_ret set_email(struct an_request *r, bool on)
{
  enum an_ec ec = an_mfa_email_set(&r->ctx, r->db, &r->who, on);
  if (ec == AN_EC_GENERIC_INVALID_FIELD)
    return an_api_problem_text(r, ec,
                               "メールでの確認コードは、ご契約企業のユーザーのみ利用できます。",
                               "E-mail codes are for users of a tenant.");
  return an_api_answer(r, ec, 204, NULL, NULL);
}

AN_API_HANDLER(an_api_mfa_email_enable, set_email, true)

AN_API_HANDLER(an_api_mfa_email_disable, set_email, false)
