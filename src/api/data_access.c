/* Reads of a tenant's personal data by the operator, and the tenant's view of every such read
 * (WP-18, CHK-6, SLA-24, SLA-29). */
#include <string.h>

#include "api/api.h"
#include "audit/data_access.h"
#include "core/ids.h"
#include "identity/operator_reads.h"
#include "identity/users.h"

static void add_user(void *cls, const struct an_user *u)
{
  json_array_append_new(cls, an_user_json(u));
}

an_ret an_api_tenant_users(struct an_request *r)
{
  long limit, offset;
  an_ret ret;
  if (!an_api_paging_or_reply(r, &limit, &offset, &ret))
    return ret;
  json_t *items = json_array();
  enum an_ec ec = an_operator_tenant_users(&r->ctx, r->db, an_req_param_id(r, "id"), limit, offset,
                                           add_user, items);
  if (ec != AN_EC_OK) {
    json_decref(items);
    return an_reply_problem(r, ec, NULL, NULL);
  }
  return an_reply_json(r, 200, json_pack("{s:o}", "items", items));
}

/* ?tenant_id= narrows an operator's view (a tenant's caller always gets its own). */
static bool tenant_param(struct an_request *r, int64_t *tenant, an_ret *ret)
{
  const char *q = an_req_query(r, "tenant_id");
  *tenant = 0;
  if (!q)
    return true;
  if (!an_id_parse(q, tenant)) {
    *ret = an_reply_problem(r, AN_EC_GENERIC_INVALID_FIELD, NULL,
                            json_pack("[{s:s, s:s}]", "field", "tenant_id", "detail",
                                      an_req_text(r, "ID を指定してください。", "Give an id.")));
    return false;
  }
  return true;
}

an_ret an_api_data_access_list(struct an_request *r)
{
  int64_t tenant;
  an_ret ret;
  if (!tenant_param(r, &tenant, &ret))
    return ret;
  json_t *items = NULL;
  if (an_data_access_list(&r->ctx, r->db, tenant, 500, &items) < 0)
    return an_reply_problem(r, AN_EC_GENERIC_INTERNAL, NULL, NULL);
  return an_reply_json(r, 200, json_pack("{s:o}", "items", items));
}

an_ret an_api_data_access_csv(struct an_request *r)
{
  int64_t tenant;
  an_ret ret;
  if (!tenant_param(r, &tenant, &ret))
    return ret;
  struct an_buf b = {0};
  if (an_data_access_csv(&r->ctx, r->db, tenant, &b, r->lang[0] == 'e' ? "en" : "ja") < 0) {
    an_buf_free(&b);
    return an_reply_problem(r, AN_EC_GENERIC_INTERNAL, NULL, NULL);
  }
  size_t len = b.len;
  return an_reply_attachment(r, "text/csv; charset=utf-8", "data-access.csv", an_buf_steal(&b), len,
                             NULL);
}
