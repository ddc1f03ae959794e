/* Reads of a tenant's personal data by the operator, and the tenant's view of every such read
 * (WP-18, CHK-6, SLA-24, SLA-29). */
#include <string.h>

#include "api/api.h"
#include "api/kinds.h"
#include "audit/data_access.h"
#include "core/ids.h"
#include "identity/operator_reads.h"
#include "identity/users.h"

an_ret an_api_tenant_users(struct an_request *r)
{
  long limit, offset;
  AN_API_OR_RETURN(an_api_paging_or_reply, r, &limit, &offset);
  json_t *items = json_array();
  enum an_ec ec = an_operator_tenant_users(&r->ctx, r->db, an_req_param_id(r, "id"), limit, offset,
                                           an_user_append, items);
  return an_api_answer(r, ec, 200, "items", items);
}

/* ?tenant_id= narrows an operator's view (a tenant's caller always gets its own); 0 = not given. */
static const struct an_api_query_number tenant_param = {.name = "tenant_id",
                                                        .parse = an_id_parse,
                                                        .absent = 0,
                                                        .min = 1,
                                                        .max = INT64_MAX,
                                                        .ja = "ID を指定してください。",
                                                        .en = "Give an id."};

an_ret an_api_data_access_list(struct an_request *r)
{
  int64_t tenant;
  AN_API_OR_RETURN(an_api_query_number_or_reply, r, &tenant_param, &tenant);
  json_t *items = NULL;
  int rc = an_data_access_list(&r->ctx, r->db, tenant, 500, &items);
  return an_api_answer(r, rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK, 200, "items", items);
}

an_ret an_api_data_access_csv(struct an_request *r)
{
  int64_t tenant;
  AN_API_OR_RETURN(an_api_query_number_or_reply, r, &tenant_param, &tenant);
  struct an_buf b = {0};
  int rc = an_data_access_csv(&r->ctx, r->db, tenant, &b, r->lang[0] == 'e' ? "en" : "ja");
  return an_api_download(r, rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK, &b,
                         "text/csv; charset=utf-8", "data-access.csv");
}
