/* Applications: the public form (TOS-1) and the operator's queue (TOS-2). */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/bodies.h"
#include "api/kinds.h"
#include "api/market_util.h"
#include "api/public_rate.h"
#include "core/messages.h"
#include "http/json_in.h"
#include "market/applications.h"
#include "market/handling.h"
#include "market/market.h"
#include "market/reads.h"

const struct an_jbody an_api_application_submit_body =
    AN_JBODY_SPEC(&an_application_form_spec, an_api_public_write_or_reply);

an_ret an_api_application_submit(struct an_request *r)
{
  struct an_application_form *form = r->in;
  const char *undeclared = form->agree ? an_application_undeclared(form) : NULL;
  if (undeclared) { /* 400 naming the declaration missing (Art. 26, issue 10 item 20) */
    char key[64];
    snprintf(key, sizeof key, "application.%s_missing", undeclared);
    return an_api_field_text(r, AN_EC_GENERIC_INVALID_FIELD, undeclared, an_msg_text(key, "ja"),
                             an_msg_text(key, "en"));
  }
  /* One recipient gets few confirmation mails however many addresses send the form; beyond
   * that nothing is stored or sent, and the answer is the same. The form's language is the
   * applicant's mails'. */
  enum an_ec ec = AN_EC_OK;
  if (!form->agree || an_api_public_recipient_ok(r, form->responsible_email))
    ec = an_application_submit(&r->ctx, r->db, form, r->lang);
  /* The same answer whether or not the company code is in use (M6 of issue 8). */
  return an_api_answer(r, ec, 202, NULL, json_pack("{s:s}", "status", "received"));
}

an_ret an_api_application_confirm(struct an_request *r)
{
  const struct an_in_applications *in = r->in;
  json_t *app = NULL;
  enum an_ec ec = an_application_confirm(&r->ctx, r->db, in->token, &app);
  if (ec == AN_EC_OK)
    an_handling_annotate(an_market_calendar(r->ctx.cfg), app, r->ctx.now); /* TOS-23 */
  return an_api_market_reply(r, ec, 200, "application", app);
}

/* company_code_taken comes from the store as 0 or 1; the operator sees a boolean. */
static void taken_flag(json_t *app)
{
  json_t *v = json_object_get(app, "company_code_taken");
  if (v)
    json_object_set_new(app, "company_code_taken", json_boolean(json_integer_value(v) != 0));
}

an_ret an_api_application_list(struct an_request *r)
{
  long limit, offset;
  AN_API_OR_RETURN(an_api_paging_or_reply, r, &limit, &offset);
  const char *status = an_req_query(r, "status");
  json_t *items = json_array();
  int listed = an_application_list_all(&r->ctx, r->db, status, limit, offset, items);
  size_t i;
  json_t *app;
  json_array_foreach(items, i, app) taken_flag(app);
  an_handling_annotate_all(an_market_calendar(r->ctx.cfg), items, r->ctx.now); /* TOS-23 */
  return an_reply_items(r, listed, items);
}

an_ret an_api_application_get(struct an_request *r)
{
  json_t *app = NULL;
  int64_t id = an_req_param_id(r, "id");
  int rc = an_application_find(&r->ctx, r->db, id, &app);
  if (rc < 0)
    return an_reply_problem(r, AN_EC_GENERIC_INTERNAL, NULL, NULL);
  taken_flag(app);
  an_handling_annotate(an_market_calendar(r->ctx.cfg), app, r->ctx.now); /* TOS-23 */
  return an_api_market_reply(r, rc ? AN_EC_OK : AN_EC_GENERIC_NOT_FOUND, 200, "application", app);
}

an_ret an_api_application_approve(struct an_request *r)
{
  const struct an_in_applications *in = r->in;
  json_t *c = NULL;
  int64_t id = an_req_param_id(r, "id");
  enum an_ec ec =
      id ? an_application_approve(&r->ctx, r->db, id, in->start_on, in->service_area, &c)
         : AN_EC_GENERIC_NOT_FOUND;
  if (ec != AN_EC_OK)
    return an_api_market_reply(r, ec, 200, "contract", c);
  /* The contract document and the welcome mail were queued: say whether they go out. */
  return an_reply_json(
      r, 200, json_pack("{s:o, s:s}", "contract", c, "mail_delivery", an_api_mail_delivery(r)));
}

an_ret an_api_application_refuse(struct an_request *r)
{
  const struct an_in_applications *in = r->in;
  int64_t id = an_req_param_id(r, "id");
  enum an_ec ec =
      id ? an_application_refuse(&r->ctx, r->db, id, in->reason, an_api_or(in->message, ""))
         : AN_EC_GENERIC_NOT_FOUND;
  if (ec != AN_EC_OK)
    return an_api_refused_text(r, ec,
                               "謝絶の理由は false_statement、technically_infeasible、past_breach、"
                               "other のいずれかを指定してください（利用規約第9条第3項）。",
                               "reason must be false_statement, technically_infeasible, "
                               "past_breach or other (Art. 9-3).");
  json_t *app = NULL;
  if (an_application_find(&r->ctx, r->db, id, &app) != 1)
    return an_reply_problem(r, AN_EC_GENERIC_INTERNAL, NULL, NULL);
  taken_flag(app);
  return an_reply_json(r, 200, json_pack("{s:o}", "application", app));
}
