/* Change requests (Art. 9-2, 10): contractors request, the operator decides. */
#include <string.h>

#include "api/api.h"
#include "api/bodies.h"
#include "api/kinds.h"
#include "api/market_util.h"
#include "http/json_in.h"
#include "market/changes.h"
#include "market/handling.h"
#include "market/market.h"
#include "market/reads.h"

an_ret an_api_change_preview(struct an_request *r)
{
  json_t *out = NULL;
  enum an_ec ec =
      an_change_preview(&r->ctx, an_req_query(r, "kind"), an_req_query(r, "change_on"), &out);
  if (ec == AN_EC_GENERIC_INVALID_FIELD)
    return an_api_problem_text(
        r, ec,
        "kind は plan、add_service、details のいずれか、details の場合は change_on "
        "に今日以降の日付（YYYY-MM-DD）を指定してください。",
        "kind must be plan, add_service or details; details needs change_on "
        "(YYYY-MM-DD, today or later).");
  return an_api_market_reply(r, ec, 200, NULL, out);
}

const struct an_jbody an_api_change_create_body = AN_JBODY_SPEC(&an_change_form_spec, NULL);

an_ret an_api_change_create(struct an_request *r)
{
  json_t *out = NULL;
  enum an_ec ec = an_change_request(&r->ctx, r->db, r->in, &out);
  an_handling_annotate(an_market_calendar(r->ctx.cfg), out, r->ctx.now); /* TOS-23 */
  return an_api_market_reply(r, ec, 201, "change_request", out);
}

an_ret an_api_change_list(struct an_request *r)
{
  const char *status = an_req_query(r, "status");
  json_t *items = json_array();
  int listed = an_change_list_visible(&r->ctx, r->db, status, items);
  an_handling_annotate_all(an_market_calendar(r->ctx.cfg), items, r->ctx.now); /* TOS-23 */
  return an_reply_items(r, listed, items);
}

/* A refusal names one of the four Art. 9-3 reasons (issue 10 item 19); an approval takes none. */
static an_ret decide(struct an_request *r, bool approve)
{
  const char *message = "", *reason = NULL;
  const struct an_jfield f[] = {{"message", AN_J_STRING, false, 0, 2000, &message},
                                {"reason", AN_J_STRING, !approve, 1, 40, &reason}};
  an_ret ret;
  if (!an_json_body_or_reply(r, f, approve ? 1 : 2, &ret))
    return ret;
  json_t *out = NULL;
  int64_t id = an_req_param_id(r, "id");
  enum an_ec ec = id ? an_change_decide(&r->ctx, r->db, id, approve, reason, message, &out)
                     : AN_EC_GENERIC_NOT_FOUND;
  if (ec == AN_EC_GENERIC_INVALID_FIELD)
    return an_api_field_text(
        r, ec, "reason",
        "理由は利用規約第9条第3項の4つ（false_statement、technically_infeasible、"
        "past_breach、other）のいずれかを指定してください。",
        "reason must be one of the four of Art. 9(3): false_statement, "
        "technically_infeasible, past_breach or other.");
  return an_api_market_reply(r, ec, 200, "change_request", out);
}

AN_API_HANDLER(an_api_change_approve, decide, true)

AN_API_HANDLER(an_api_change_refuse, decide, false)

an_ret an_api_change_withdraw(struct an_request *r)
{
  json_t *out = NULL;
  int64_t id = an_req_param_id(r, "id");
  enum an_ec ec = id ? an_change_withdraw(&r->ctx, r->db, id, &out) : AN_EC_GENERIC_NOT_FOUND;
  an_handling_annotate(an_market_calendar(r->ctx.cfg), out, r->ctx.now); /* TOS-23 */
  return an_api_market_reply(r, ec, 200, "change_request", out);
}
