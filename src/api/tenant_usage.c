/* GET /api/v1/usage (issue 12 item 8, WP-15, SLA-11): a tenant's usage figures, and the wording
 * of a refusal at the plan's user limit. */
#include "api/api.h"
#include "api/kinds.h"
#include "core/ids.h"
#include "core/messages.h"
#include "identity/usage.h"

an_ret an_api_usage_get(struct an_request *r)
{
  const char *q = an_req_query(r, "tenant_id");
  int64_t tenant = 0;
  if (q && !an_id_parse(q, &tenant))
    return an_api_field_text(r, AN_EC_GENERIC_INVALID_FIELD, "tenant_id", "ID を指定してください。",
                             "Give an id.");
  json_t *out = NULL;
  enum an_ec ec = an_usage_get(&r->ctx, r->db, tenant, &out);
  if (ec == AN_EC_GENERIC_INVALID_FIELD)
    return an_api_field_text(r, ec, "tenant_id", "企業の ID を指定してください。",
                             "Give the company's id.");
  return an_api_answer(r, ec, 200, NULL, out);
}

an_ret an_api_usage_limit_problem(struct an_request *r)
{
  int64_t limit = an_usage_user_limit(&r->ctx, r->db);
  json_t *v = json_pack("{s:I}", "limit", (json_int_t)limit);
  char *detail = limit > 0 && v ? an_msg_render("usage.user_limit_reached.detail",
                                                an_req_text(r, "ja", "en"), v)
                                : NULL;
  json_decref(v);
  an_ret ret = an_reply_problem_ext(r, AN_EC_USAGE_USER_LIMIT_REACHED, detail,
                                    json_pack("{s:I}", "limit", (json_int_t)limit));
  free(detail);
  return ret;
}
