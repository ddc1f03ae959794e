/* Response targets per plan (issue 13): operator staff read and set them. */

#include "api/api.h"
#include "api/kinds.h"
#include "http/json_in.h"
#include "support/plan_targets.h"

AN_API_HANDLER(an_api_plan_targets_list, an_api_get, an_support_plan_targets_list, 200, NULL)

static an_ret set(struct an_request *r, int64_t first, int64_t resolution)
{
  const char *bad = NULL;
  enum an_ec ec = an_support_plan_target_set(&r->ctx, r->db, an_req_param_id(r, "plan_id"),
                                             an_req_param(r, "category"), first, resolution, &bad);
  if (ec == AN_EC_GENERIC_INVALID_FIELD)
    return an_reply_problem(
        r, ec, NULL,
        json_pack(
            "[{s:s, s:s}]", "field", bad, "detail",
            an_req_text(r, "解決目標は初回応答目標以上にしてください。",
                        "The resolution target must not be shorter than the first response.")));
  return an_api_answer(r, ec, 204, NULL, NULL);
}

an_ret an_api_plan_target_put(struct an_request *r)
{
  json_int_t first = 0, resolution = 0;
  const struct an_jfield f[] = {
      {"first_response_minutes", AN_J_INT, true, 1, 100000, &first},
      {"resolution_minutes", AN_J_INT, true, 1, 1000000, &resolution},
  };
  AN_API_BODY_OR_RETURN(r, f);
  return set(r, first, resolution);
}

AN_API_HANDLER(an_api_plan_target_delete, set, 0, 0)
