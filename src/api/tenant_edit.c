/* The operator edits a contractor's registered particulars (issue 10 item 5, TOS-4). */
#include "market/tenant_edit.h"
#include <string.h>

#include "api/api.h"
#include "api/bodies.h"
#include "api/kinds.h"
#include "http/json_in.h"

/* The refusal of a field of the particulars, in the request's language. */
static const char *field_detail(struct an_request *r, const char *field)
{
  if (!strcmp(field, "notified_on"))
    return an_req_text(r, "お届けの日付は今日以前の日を YYYY-MM-DD で指定してください。",
                       "Give the day the notice arrived (YYYY-MM-DD, today or earlier).");
  if (!strcmp(field, "responsible_email"))
    return an_req_text(r, "メールアドレスの形式が正しくありません。",
                       "The e-mail address is not valid.");
  return an_req_text(r, "変更する項目がありません。", "Nothing to change.");
}

const struct an_jbody an_api_tenant_update_body = AN_JBODY_SPEC(&an_tenant_patch_spec, NULL);

an_ret an_api_tenant_update(struct an_request *r)
{
  json_t *out = NULL;
  const char *field = NULL;
  int64_t id = an_req_param_id(r, "id");
  enum an_ec ec =
      id ? an_tenant_update(&r->ctx, r->db, id, r->in, &field, &out) : AN_EC_GENERIC_NOT_FOUND;
  if (ec == AN_EC_GENERIC_INVALID_FIELD && field)
    return an_reply_field_problem(r, ec, field, field_detail(r, field));
  return an_api_answer(r, ec, 200, NULL, out);
}
