/* Maintenance windows, measured availability (SLA-4), the public status JSON, announcements and
 * their Atom feed. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/kinds.h"
#include "api/ops_util.h"
#include "core/config.h"
#include "http/etag.h"
#include "http/json_in.h"
#include "ops/ops.h"

an_ret an_api_maintenance_create(struct an_request *r)
{
  struct an_ops_maintenance_in in = {0};
  const char *starts = NULL, *ends = NULL;
  json_int_t service = 0;
  const struct an_jfield f[] = {
      {"kind", AN_J_STRING, true, 1, 40, &in.kind},
      {"title", AN_J_STRING, true, 1, 200, &in.title},
      {"service_id", AN_J_INT, false, 1, INT64_MAX, &service},
      {"starts_at", AN_J_STRING, true, 10, 40, &starts},
      {"ends_at", AN_J_STRING, true, 10, 40, &ends},
      {"urgent", AN_J_BOOL, false, 0, 0, &in.urgent},
      {"urgent_reason", AN_J_STRING, false, 0, 2000, &in.urgent_reason},
  };
  an_ret ret;
  if (!an_json_body_or_reply(r, f, 7, &ret) ||
      !an_api_instant_or_reply(r, "starts_at", starts, &in.starts_at, &ret) ||
      !an_api_instant_or_reply(r, "ends_at", ends, &in.ends_at, &ret))
    return ret;
  in.service_id = service;
  json_t *w = NULL;
  const char *field = NULL;
  char earliest[11];
  enum an_ec ec = an_ops_maintenance_create(&r->ctx, r->db, &in, &field, earliest, &w);
  return an_api_ops_answer(r, ec, field, earliest, 201, "maintenance", w);
}

/* The from/to query parameters (defaults: the default_days before now, to now + ahead_days). */
static bool period_or_reply(struct an_request *r, int64_t *from, int64_t *to, an_ret *ret,
                            bool required)
{
  const char *f = an_req_query(r, "from"), *t = an_req_query(r, "to");
  if (required && (!f || !t))
    return (*ret = an_api_ops_refusal(r, AN_EC_GENERIC_INVALID_FIELD, f ? "to" : "from", NULL)),
           false;
  if (!an_api_instant_or_reply(r, "from", f, from, ret) ||
      !an_api_instant_or_reply(r, "to", t, to, ret))
    return false;
  const int64_t day = INT64_C(86400) * 1000000;
  if (!*from)
    *from = r->ctx.now - 30 * day;
  if (!*to)
    *to = r->ctx.now + 90 * day;
  if (*to <= *from || *to - *from > 400 * day)
    return (*ret = an_api_ops_refusal(r, AN_EC_GENERIC_INVALID_FIELD, "to", NULL)), false;
  return true;
}

an_ret an_api_maintenance_list(struct an_request *r)
{
  int64_t from, to;
  an_ret ret;
  if (!period_or_reply(r, &from, &to, &ret, false))
    return ret;
  json_t *items = json_array();
  int n = an_ops_maintenance_list(&r->ctx, r->db, from, to, items);
  return an_reply_items(r, n, items);
}

an_ret an_api_sla_availability(struct an_request *r)
{
  int64_t from, to;
  an_ret ret;
  if (!period_or_reply(r, &from, &to, &ret, true))
    return ret;
  const char *s = an_req_query(r, "service");
  char *end = NULL;
  long long service = s ? strtoll(s, &end, 10) : 0;
  if (s && (*end || service < 1))
    return an_api_ops_refusal(r, AN_EC_GENERIC_INVALID_FIELD, "service", NULL);
  json_t *out = NULL;
  const char *field = NULL;
  enum an_ec ec = an_ops_availability(&r->ctx, r->db, from, to, service, &field, &out);
  if (ec != AN_EC_OK)
    return an_api_ops_refusal(r, ec, field, NULL);
  /* ten significant digits: 99.661, not the 99.661000000000001 of the default 17 */
  char *text = json_dumps(out, JSON_COMPACT | JSON_REAL_PRECISION(10));
  json_decref(out);
  if (!text)
    return an_reply_problem(r, AN_EC_GENERIC_INTERNAL, NULL, NULL);
  return an_reply_owned(r, 200, "application/json; charset=utf-8", text, strlen(text), NULL);
}

an_ret an_api_status(struct an_request *r)
{
  struct an_ops_status_text *st = NULL;
  enum an_ec ec = an_ops_status(&r->ctx, r->db, &st);
  an_ret ret =
      an_api_etag_answer(r, ec, st ? st->json : NULL, st ? st->len : 0, st ? st->etag : NULL);
  an_ops_status_release(st);
  return ret;
}

an_ret an_api_announcement_create(struct an_request *r)
{
  struct an_ops_announcement_in in = {0};
  const char *publish = NULL, *effective = NULL;
  json_int_t service = 0, tenant = 0;
  const struct an_jfield f[] = {
      {"kind", AN_J_STRING, true, 1, 40, &in.kind},
      {"title", AN_J_STRING, true, 1, 200, &in.title},
      {"body", AN_J_STRING, true, 1, 20000, &in.body},
      {"title_en", AN_J_STRING, false, 0, 200, &in.title_en},
      {"body_en", AN_J_STRING, false, 0, 20000, &in.body_en},
      {"audience", AN_J_STRING, false, 1, 20, &in.audience},
      {"service_id", AN_J_INT, false, 1, INT64_MAX, &service},
      {"tenant_id", AN_J_INT, false, 1, INT64_MAX, &tenant},
      {"publish_at", AN_J_STRING, false, 10, 40, &publish},
      {"effective_at", AN_J_STRING, false, 10, 40, &effective},
      {"urgent", AN_J_BOOL, false, 0, 0, &in.urgent},
      {"urgent_reason", AN_J_STRING, false, 0, 2000, &in.urgent_reason},
  };
  an_ret ret;
  if (!an_json_body_or_reply(r, f, 12, &ret) ||
      !an_api_instant_or_reply(r, "publish_at", publish, &in.publish_at, &ret) ||
      !an_api_instant_or_reply(r, "effective_at", effective, &in.effective_at, &ret))
    return ret;
  in.service_id = service;
  in.tenant_id = tenant;
  json_t *a = NULL;
  const char *field = NULL;
  char earliest[11];
  enum an_ec ec = an_ops_announcement_create(&r->ctx, r->db, &in, &field, earliest, &a);
  return an_api_ops_answer(r, ec, field, earliest, 201, "announcement", a);
}

AN_API_HANDLER(an_api_announcement_list, an_api_list, an_ops_announcement_list)

an_ret an_api_announcements_atom(struct an_request *r)
{
  char *xml = NULL;
  const char *base = r->ctx.cfg->public_url ? r->ctx.cfg->public_url : "";
  enum an_ec ec = an_ops_announcement_atom(&r->ctx, r->db, base, &xml);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_owned(r, 200, "application/atom+xml; charset=utf-8", xml, strlen(xml), NULL);
}
