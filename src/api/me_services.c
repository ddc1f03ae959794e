/* The services a tenant's user may use (issue 10 item 15): every user of the company, members
 * included, sees the services their company has a contract for, so that the dashboard can
 * link to them. Only the service's identity and the contract's state: no fees, no parties. */
#include <string.h>

#include "api/api.h"
#include "market/contract_reads.h"

/* The fields of a contract a member may read. */
static json_t *member_view(const json_t *c)
{
  static const char *const keep[] = {"number",       "status",    "shop_name", "service_code",
                                     "service_name", "plan_name", "start_on",  "end_on"};
  json_t *o = json_object();
  for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
    json_t *v = json_object_get(c, keep[i]);
    if (v)
      json_object_set(o, keep[i], v);
  }
  /* Services have no address yet: the field is there so that clients link once it is set. */
  json_t *url = json_object_get(c, "service_url");
  json_object_set_new(o, "service_url", url ? json_incref(url) : json_null());
  return o;
}

an_ret an_api_me_services(struct an_request *r)
{
  json_t *items = json_array();
  /* Operator and shop staff have no company: their answer is empty, never all contracts. */
  if (!an_scope_tenant(&r->ctx))
    return an_reply_items(r, 0, items);
  json_t *all = json_array();
  int64_t next = 0;
  int listed = an_contract_list_visible(&r->ctx, r->db, "", 0, 500, 0, all, &next);
  size_t i;
  json_t *c;
  json_array_foreach(all, i, c)
  {
    const char *st = json_string_value(json_object_get(c, "status"));
    /* Ended and terminated contracts give no access; those waiting or suspended are shown. */
    if (st && (!strcmp(st, "ended") || !strcmp(st, "terminated")))
      continue;
    json_array_append_new(items, member_view(c));
  }
  json_decref(all);
  return an_reply_items(r, listed < 0 ? listed : (int)json_array_size(items), items);
}
