/* Subscriptions to the status page by e-mail: subscribe (double opt-in), confirm, unsubscribe.
 * Public forms, limited like the others. */
#include "api/api.h"
#include "api/kinds.h"
#include "api/ops_util.h"
#include "api/public_rate.h"
#include "http/json_in.h"
#include "ops/ops.h"

an_ret an_api_status_subscribe(struct an_request *r)
{
  const char *email = NULL;
  const struct an_jfield f[] = {{"email", AN_J_STRING, true, 3, 254, &email}};
  AN_API_PUBLIC_BODY_OR_RETURN(r, f);
  /* Past its share of mails an address gets the same answer and nothing is stored or sent. */
  if (an_api_public_recipient_ok(r, email)) {
    enum an_ec ec = an_ops_subscribe(&r->ctx, r->db, email, r->lang);
    if (ec != AN_EC_OK)
      return an_api_ops_refusal(r, ec, "email", NULL);
  }
  return an_reply_json(r, 202, json_pack("{s:s}", "status", "confirmation_sent"));
}

static an_ret token_action(struct an_request *r, bool remove)
{
  const char *token = NULL;
  const struct an_jfield f[] = {{"token", AN_J_STRING, true, 1, 100, &token}};
  AN_API_PUBLIC_BODY_OR_RETURN(r, f);
  enum an_ec ec = remove ? an_ops_unsubscribe(&r->ctx, r->db, token)
                         : an_ops_subscription_confirm(&r->ctx, r->db, token);
  return an_api_answer(r, ec, 200, NULL,
                       json_pack("{s:s}", "status", remove ? "removed" : "active"));
}

AN_API_HANDLER(an_api_status_confirm, token_action, false)

AN_API_HANDLER(an_api_status_unsubscribe, token_action, true)

/* Public information pages: read by anyone, new versions by operator staff. */
an_ret an_api_info_get(struct an_request *r)
{
  json_t *out = NULL;
  const char *kind = an_req_query(r, "kind");
  if (!kind)
    return an_api_ops_refusal(r, AN_EC_GENERIC_INVALID_FIELD, "kind", NULL);
  enum an_ec ec = an_ops_info_get(&r->ctx, r->db, kind, &out);
  return an_api_answer(r, ec, 200, NULL, out);
}

an_ret an_api_info_publish(struct an_request *r)
{
  struct an_ops_info_in in = {0};
  const char *kind = NULL;
  const struct an_jfield f[] = {
      {"kind", AN_J_STRING, true, 1, 40, &kind},
      {"title", AN_J_STRING, true, 1, 200, &in.title},
      {"body", AN_J_STRING, true, 1, 100000, &in.body},
      {"title_en", AN_J_STRING, false, 0, 200, &in.title_en},
      {"body_en", AN_J_STRING, false, 0, 100000, &in.body_en},
      {"effective_on", AN_J_STRING, true, 10, 10, &in.effective_on},
  };
  AN_API_BODY_OR_RETURN(r, f);
  json_t *out = NULL;
  const char *field = NULL;
  char earliest[11];
  enum an_ec ec = an_ops_info_publish(&r->ctx, r->db, kind, &in, &field, earliest, &out);
  return an_api_ops_answer(r, ec, field, earliest, 201, NULL, out);
}
