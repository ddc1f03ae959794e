/* The access log download (CHK-7): a period's lines as JSON lines. A tenant admin gets the lines
 * of the session's tenant only; operator admins and auditors all lines, or one tenant's. */
#include "core/access_log.h"
#include "api/api.h"
#include "api/kinds.h"
#include "audit/viewer.h"
#include "core/buf.h"
#include "core/ids.h"

/* The longest period one download covers. */
#define MAX_DAYS 31

/* The tenant whose lines are read: the session's for a tenant subject, else the operator's
 * tenant_id query (-1 = every line). False after replying. */
static bool tenant_or_reply(struct an_request *r, int64_t *tenant, an_ret *ret)
{
  if (r->ctx.tenant_id > 0) {
    *tenant = r->ctx.tenant_id;
    return true;
  }
  if (!an_ctx_is_operator(&r->ctx)) {
    *ret = an_reply_problem(r, AN_EC_AUTH_FORBIDDEN, NULL, NULL);
    return false;
  }
  const char *tq = an_req_query(r, "tenant_id");
  *tenant = -1;
  if (tq && !an_id_parse(tq, tenant)) { /* strict digits (I3): no sign, spaces or zeros first */
    *ret = an_api_problem_text(r, AN_EC_GENERIC_INVALID_FIELD,
                               "tenant_id は数値で指定してください。", "tenant_id: a number.");
    return false;
  }
  return true;
}

an_ret an_api_access_log(struct an_request *r)
{
  int64_t from, to, tenant;
  an_ret ret;
  if (!an_access_log_range(an_req_query(r, "from"), an_req_query(r, "to"), r->ctx.now, &from,
                           &to) ||
      to - from > MAX_DAYS * 86400LL * 1000000)
    return an_api_problem_text(
        r, AN_EC_GENERIC_INVALID_FIELD,
        "from / to は YYYY-MM-DD（日本時間）または RFC 3339 形式で、from を to "
        "より前に、期間は 31 日以内で指定してください。",
        "from/to: YYYY-MM-DD (JST) or RFC 3339, from before to, at most 31 days.");
  if (!tenant_or_reply(r, &tenant, &ret))
    return ret;
  struct an_buf b = {0};
  enum an_ec ec = an_audit_access_log_download(&r->ctx, r->db, from, to, tenant, &b);
  return an_api_download(r, ec, &b, "application/x-ndjson; charset=utf-8", "access-log.jsonl");
}
