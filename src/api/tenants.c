#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/ids.h"

#include "api/api.h"
#include "api/bodies.h"
#include "api/kinds.h"
#include "http/json_in.h"
#include "identity/reads.h"
#include "identity/tenants.h"
#include "identity/users.h"

/* Reads limit/offset from the query string; false (after replying) when out of range. */
bool an_api_paging_or_reply(struct an_request *r, long *limit, long *offset, an_ret *ret)
{
  const char *lim = an_req_query(r, "limit"), *off = an_req_query(r, "offset");
  int64_t l = 100, o = 0;
  bool ok = (!lim || an_count_parse(lim, &l)) && (!off || an_count_parse(off, &o));
  *limit = ok && l >= 1 && l <= 500 ? (long)l : 0;
  *offset = ok && o <= LONG_MAX ? (long)o : -1;
  if (*limit < 1 || *offset < 0) {
    *ret = an_api_problem_text(r, AN_EC_GENERIC_INVALID_FIELD,
                               "limit は1〜500、offset は0以上で指定してください。",
                               "limit must be 1 to 500 and offset 0 or more.");
    return false;
  }
  return true;
}

bool an_api_keyset_or_reply(struct an_request *r, long *limit, int64_t *cursor, an_ret *ret)
{
  const char *lim = an_req_query(r, "limit"), *cur = an_req_query(r, "cursor");
  const char *off = an_req_query(r, "offset");
  int64_t l = 100, o = 0;
  bool ok = (!lim || an_count_parse(lim, &l)) && l >= 1 && l <= 500 &&
            (!cur || an_count_parse(cur, cursor)) && (!off || (an_count_parse(off, &o) && o == 0));
  if (!ok) {
    *ret = an_api_problem_text(
        r, AN_EC_GENERIC_INVALID_FIELD,
        "limit は1〜500、cursor は前のページの next_cursor で指定してください。",
        "limit must be 1 to 500 and cursor the previous page's next_cursor.");
    return false;
  }
  *limit = (long)l;
  return true;
}

an_ret an_api_keyset_reply(struct an_request *r, int listed, json_t *items, long limit,
                           json_t *extra)
{
  if (listed < 0) {
    json_decref(items);
    json_decref(extra);
    return an_reply_problem(r, AN_EC_GENERIC_INTERNAL, NULL, NULL);
  }
  json_t *next = json_null();
  if ((long)json_array_size(items) > limit) {
    json_array_remove(items, (size_t)limit);
    json_t *id = json_object_get(json_array_get(items, (size_t)limit - 1), "id");
    char buf[24];
    snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT, json_integer_value(id));
    next = json_string(buf);
  }
  json_t *body = json_pack("{s:o, s:o}", "items", items, "next_cursor", next);
  if (extra) {
    json_object_update(body, extra);
    json_decref(extra);
  }
  return an_reply_json(r, 200, body);
}

an_ret an_api_tenant_list(struct an_request *r)
{
  long limit;
  int64_t after = 0;
  AN_API_OR_RETURN(an_api_keyset_or_reply, r, &limit, &after);
  const char *q = an_req_query(r, "q");
  json_t *items = json_array();
  int listed = an_tenant_search(&r->ctx, r->db, q, limit + 1, after, an_tenant_append, items);
  return an_api_keyset_reply(r, listed, items, limit, NULL);
}

/* an_tenant_read: an operator's read of a tenant's particulars is a data access (WP-18). */
AN_API_ROW_GET(an_api_tenant_get, struct an_tenant, an_tenant_read, an_tenant_json, "tenant")

an_ret an_api_tenant_create(struct an_request *r)
{
  struct an_tenant t;
  struct an_user admin;
  char pw[25];
  const struct an_in_tenants *b = r->in;
  const struct an_tenant_new in = {b->company_code, b->name, b->responsible_name,
                                   b->responsible_email, b->admin_login};
  enum an_ec ec = an_tenant_create(&r->ctx, r->db, &in, &t, &admin, pw);
  if (ec != AN_EC_OK)
    return an_api_refused_text(
        r, ec,
        "企業コードは半角英数字とハイフンの3〜32文字、ユーザーIDは半角英数字と . _ - "
        "の3〜64文字、メールアドレスは正しい形式で入力してください。",
        "Company code: 3 to 32 of A-Z 0-9 -; user ID: 3 to 64 of A-Z a-z 0-9 . _ -; "
        "and a valid e-mail address.");
  return an_reply_json(r, 201,
                       json_pack("{s:o, s:o, s:s, s:s}", "tenant", an_tenant_json(&t), "admin",
                                 an_user_json(&admin), "initial_password", pw, "mail_delivery",
                                 an_api_mail_delivery(r)));
}

static an_ret set_active(struct an_request *r, bool active)
{
  const struct an_in_tenants *in = r->in;
  int64_t id = an_req_param_id(r, "id");
  enum an_ec ec =
      !id ? AN_EC_GENERIC_NOT_FOUND : an_tenant_set_active(&r->ctx, r->db, id, active, in->reason);
  struct an_tenant t;
  if (ec == AN_EC_OK && an_tenant_get(&r->ctx, r->db, id, &t) != 1)
    ec = AN_EC_GENERIC_INTERNAL;
  return an_api_answer(r, ec, 200, "tenant", ec == AN_EC_OK ? an_tenant_json(&t) : NULL);
}

AN_API_HANDLER(an_api_tenant_suspend, set_active, false)

AN_API_HANDLER(an_api_tenant_reinstate, set_active, true)
