/* The access log download (CHK-7): a period's lines as JSON lines. A tenant admin gets the lines
 * of the session's tenant only; operator admins and auditors all lines, or one tenant's. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "audit/audit.h"
#include "core/access_log.h"
#include "core/buf.h"
#include "core/ids.h"

/* The longest period one download covers. */
#define MAX_DAYS 31

static void add_line(void *cls, const char *line, size_t len)
{
  an_buf_append(cls, line, len);
  an_buf_append(cls, "\n", 1);
}

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
    *ret = an_reply_problem(
        r, AN_EC_GENERIC_INVALID_FIELD,
        an_req_text(r, "tenant_id は数値で指定してください。", "tenant_id: a number."), NULL);
    return false;
  }
  return true;
}

static an_ret send_lines(struct an_request *r, struct an_buf *b)
{
  size_t len = b->len;
  char *data = len ? an_buf_steal(b) : NULL;
  struct MHD_Response *resp = MHD_create_response_from_buffer(
      len, data ? data : (void *)"", data ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
  if (!resp) {
    free(data);
    return MHD_NO;
  }
  MHD_add_response_header(resp, "Content-Type", "application/x-ndjson; charset=utf-8");
  MHD_add_response_header(resp, "Content-Disposition", "attachment; filename=\"access-log.jsonl\"");
  return an_reply_response(r, 200, resp);
}

an_ret an_api_access_log(struct an_request *r)
{
  int64_t from, to, tenant;
  an_ret ret;
  if (!an_access_log_range(an_req_query(r, "from"), an_req_query(r, "to"), r->ctx.now, &from,
                           &to) ||
      to - from > MAX_DAYS * 86400LL * 1000000)
    return an_reply_problem(
        r, AN_EC_GENERIC_INVALID_FIELD,
        an_req_text(r,
                    "from / to は YYYY-MM-DD（日本時間）または RFC 3339 形式で、from を to "
                    "より前に、期間は 31 日以内で指定してください。",
                    "from/to: YYYY-MM-DD (JST) or RFC 3339, from before to, at most 31 days."),
        NULL);
  if (!tenant_or_reply(r, &tenant, &ret))
    return ret;
  const char *dir = r->ctx.cfg->access_dir;
  struct an_buf b = {0};
  long n = dir[0] ? an_access_log_read(dir, from, to, tenant, add_line, &b) : 0;
  json_t *d = json_pack("{s:I, s:I, s:I}", "from_us", (json_int_t)from, "to_us", (json_int_t)to,
                        "rows", (json_int_t)n);
  struct an_audit_rec rec = {
      .action = "data.download", .target = "access_log", .outcome = "success", .details = d};
  int rc = n < 0 ? -1 : an_audit_record(&r->ctx, r->db, &rec);
  json_decref(d);
  if (rc < 0) {
    an_buf_free(&b);
    return an_reply_problem(r, AN_EC_GENERIC_INTERNAL, NULL, NULL);
  }
  return send_lines(r, &b);
}
