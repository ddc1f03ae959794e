#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "audit/viewer.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/ids.h"
#include "core/time.h"

/* Reads the filters shared by the JSON and CSV views; false after replying 400. */
static bool filter_or_reply(struct an_request *r, struct an_audit_filter *f, int64_t *tenant,
                            an_ret *ret)
{
  long limit, offset;
  if (!an_api_paging_or_reply(r, &limit, &offset, ret))
    return false;
  const char *from = an_req_query(r, "from"), *to = an_req_query(r, "to");
  const char *tq = an_req_query(r, "tenant_id");
  *f = (struct an_audit_filter){.actor = an_req_query(r, "user"),
                                .action = an_req_query(r, "action"),
                                .from = 0,
                                .to = INT64_MAX,
                                .limit = limit,
                                .offset = offset};
  f->actor = f->actor ? f->actor : "";
  f->action = f->action ? f->action : "";
  *tenant = 0;
  if ((from && !an_time_parse(from, &f->from)) || (to && !an_time_parse(to, &f->to)) ||
      (tq && !an_count_parse(tq, tenant))) {
    *ret = an_reply_problem(r, AN_EC_GENERIC_INVALID_FIELD,
                            an_req_text(r,
                                        "from / to は YYYY-MM-DD（日本時間）または RFC 3339 "
                                        "形式、tenant_id は数値で指定してください。",
                                        "from/to: YYYY-MM-DD (JST) or RFC 3339; tenant_id: a "
                                        "number."),
                            NULL);
    return false;
  }
  return true;
}

/* Tenant users see their own tenant's events only, whatever they ask for (CHK-7, CHK-11). */
static int list(struct an_request *r, int64_t tenant, const struct an_audit_filter *f,
                void (*cb)(void *, const struct an_audit_row *), void *cls)
{
  return an_audit_view(&r->ctx, r->db, tenant, f, cb, cls);
}

static void add_json(void *cls, const struct an_audit_row *e)
{
  char at[40];
  an_time_format_utc(e->at, at, sizeof at);
  json_t *details = json_loads(e->details ? e->details : "{}", 0, NULL);
  json_array_append_new(
      cls, json_pack("{s:I, s:s, s:s, s:s, s:o?, s:s, s:s, s:s, s:s, s:s, s:o}", "seq",
                     (json_int_t)e->seq, "at", at, "actor_kind", e->actor_kind, "actor",
                     e->actor_label, "tenant_id",
                     e->tenant_id ? json_integer(e->tenant_id) : NULL, "action", e->action,
                     "target", e->target, "outcome", e->outcome, "client_ip", e->client_ip,
                     "request_id", e->request_id, "details", details ? details : json_object()));
}

an_ret an_api_audit_list(struct an_request *r)
{
  struct an_audit_filter f;
  int64_t tenant;
  an_ret ret;
  if (!filter_or_reply(r, &f, &tenant, &ret))
    return ret;
  json_t *items = json_array();
  int listed = list(r, tenant, &f, add_json, items);
  return an_reply_items(r, listed, items);
}

static void add_csv(void *cls, const struct an_audit_row *e)
{
  struct an_buf *b = cls;
  char seq[24], at[40], tenant[24];
  snprintf(seq, sizeof seq, "%lld", (long long)e->seq);
  an_time_format_jst(e->at, at, sizeof at);
  snprintf(tenant, sizeof tenant, "%lld", (long long)e->tenant_id);
  const char *cols[] = {seq,       at,        e->actor_kind, e->actor_label, e->tenant_id ? tenant : "",
                        e->action, e->target, e->outcome,    e->client_ip,   e->request_id,
                        e->details};
  for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
    an_csv_field(b, cols[i], i + 1 == sizeof cols / sizeof cols[0]);
}

static an_ret send_csv(struct an_request *r, struct an_buf *b)
{
  size_t len = b->len; /* read before steal empties the buffer */
  char *data = an_buf_steal(b);
  static const char *const h[] = {"Content-Disposition",
                                  "attachment; filename=\"audit-events.csv\"", NULL, NULL};
  return an_reply_owned(r, 200, "text/csv; charset=utf-8", data, len, h);
}

an_ret an_api_audit_csv(struct an_request *r)
{
  struct an_audit_filter f;
  int64_t tenant;
  an_ret ret;
  if (!filter_or_reply(r, &f, &tenant, &ret))
    return ret;
  struct an_buf b = {0};
  /* UTF-8 with a byte order mark, so Excel opens the Japanese text correctly. */
  an_buf_puts(&b, "\xEF\xBB\xBF");
  an_buf_puts(&b, r->lang[0] == 'e' ? "seq,time_jst,actor_kind,actor,tenant_id,action,target,"
                                      "outcome,client_ip,request_id,details\r\n"
                                    : "連番,日時(JST),主体種別,主体,テナントID,操作,対象,結果,"
                                      "接続元IP,リクエストID,詳細\r\n");
  int n = list(r, tenant, &f, add_csv, &b);
  int rc = n < 0 ? n : an_audit_note_download(&r->ctx, r->db, &f, n);
  if (rc < 0) {
    an_buf_free(&b);
    return an_reply_problem(r, AN_EC_GENERIC_INTERNAL, NULL, NULL);
  }
  return send_csv(r, &b);
}
