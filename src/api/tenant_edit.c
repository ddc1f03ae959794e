/* The operator edits a contractor's registered particulars (issue 10 item 5, TOS-4). */
#include "market/tenant_edit.h"
#include <string.h>

#include "api/api.h"
#include "http/json_in.h"

an_ret an_api_tenant_update(struct an_request *r)
{
  struct an_tenant_patch in;
  an_ret ret;
  if (!an_json_body_spec_or_reply(r, &an_tenant_patch_spec, &in, &ret))
    return ret;
  json_t *out = NULL;
  const char *field = NULL;
  int64_t id = an_req_param_id(r, "id");
  enum an_ec ec =
      id ? an_tenant_update(&r->ctx, r->db, id, &in, &field, &out) : AN_EC_GENERIC_NOT_FOUND;
  an_spec_clear(&an_tenant_patch_spec, &in);
  if (ec == AN_EC_GENERIC_INVALID_FIELD && field) {
    const char *d =
        !strcmp(field, "notified_on")
            ? an_req_text(r, "お届けの日付は今日以前の日を YYYY-MM-DD で指定してください。",
                          "Give the day the notice arrived (YYYY-MM-DD, today or earlier).")
        : !strcmp(field, "responsible_email")
            ? an_req_text(r, "メールアドレスの形式が正しくありません。",
                          "The e-mail address is not valid.")
            : an_req_text(r, "変更する項目がありません。", "Nothing to change.");
    return an_reply_field_problem(r, ec, field, d);
  }
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_json(r, 200, out);
}
