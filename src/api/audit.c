/* The audit log viewer and its exports. Pages are keyset pages: a cursor names the last event
 * shown, and the next page is the index range just before it, so every page costs the same at any
 * depth. The exports stream the same order batch by batch on a connection of their own, so a year
 * of events downloads in bounded memory. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/kinds.h"
#include "audit/export.h"
#include "audit/viewer.h"
#include "core/ids.h"
#include "core/time.h"
#include "store/audit.h"

/* Parses a cursor "<at>.<key>" (both decimal, as next_cursor gives it). */
static bool cursor_parse(const char *s, int64_t *at, int64_t *key)
{
  const char *dot = strchr(s, '.');
  if (!dot || dot == s || dot - s > 20)
    return false;
  char head[24];
  memcpy(head, s, (size_t)(dot - s));
  head[dot - s] = '\0';
  return an_count_parse(head, at) && an_count_parse(dot + 1, key);
}

static void cursor_format(int64_t at, int64_t key, char *out, size_t len)
{
  snprintf(out, len, "%" PRId64 ".%" PRId64, at, key);
}

static an_ret bad_filter(struct an_request *r)
{
  return an_api_problem_text(r, AN_EC_GENERIC_INVALID_FIELD,
                             "from / to は YYYY-MM-DD（日本時間）または RFC 3339 形式、"
                             "tenant_id は数値、cursor は前のページの next_cursor "
                             "を指定してください。offset は使えません（cursor "
                             "で続きを読みます）。",
                             "from/to: YYYY-MM-DD (JST) or RFC 3339; tenant_id: a "
                             "number; cursor: a page's next_cursor. offset is not "
                             "supported: page with cursor.");
}

/* Reads the filters shared by the list and the exports (limit aside); false after replying 400. */
static bool filter_or_reply(struct an_request *r, struct an_audit_filter *f, int64_t *tenant,
                            an_ret *ret)
{
  const char *from = an_req_query(r, "from"), *to = an_req_query(r, "to");
  const char *tq = an_req_query(r, "tenant_id"), *cur = an_req_query(r, "cursor");
  const char *off = an_req_query(r, "offset");
  int64_t o = 0;
  *f = (struct an_audit_filter){.actor = an_req_query(r, "user"),
                                .action = an_req_query(r, "action"),
                                .from = 0,
                                .to = INT64_MAX,
                                .before_at = INT64_MAX,
                                .before_key = INT64_MAX};
  f->actor = f->actor ? f->actor : "";
  f->action = f->action ? f->action : "";
  *tenant = 0;
  if ((from && !an_time_parse(from, &f->from)) || (to && !an_time_parse(to, &f->to)) ||
      (tq && !an_count_parse(tq, tenant)) ||
      (cur && !cursor_parse(cur, &f->before_at, &f->before_key)) ||
      (off && (!an_count_parse(off, &o) || o != 0))) {
    *ret = bad_filter(r);
    return false;
  }
  return true;
}

struct page {
  json_t *items;
  int64_t limit;
  int64_t n;
  int64_t last_at, last_key; /* the last event shown */
  bool more;                 /* a row beyond the page was read */
};

static void add_json(void *cls, const struct an_audit_row *e)
{
  struct page *p = cls;
  if (p->n == p->limit) {
    p->more = true;
    return;
  }
  json_array_append_new(p->items, an_audit_event_json(e));
  p->n++;
  p->last_at = e->at;
  p->last_key = e->id;
}

/* The period's count from the per-day counters: exact when the period is whole JST days and no
 * user filter is set, otherwise null. */
static json_t *period_count(struct an_request *r, int64_t asked, const struct an_audit_filter *f,
                            bool *failed)
{
  int64_t n;
  int rc = an_audit_count(&r->ctx, r->db, asked, f, &n);
  *failed = rc < 0;
  return rc == 1 ? json_integer(n) : json_null();
}

an_ret an_api_audit_list(struct an_request *r)
{
  struct an_audit_filter f;
  int64_t asked;
  an_ret ret;
  long limit, offset;
  if (!an_api_paging_or_reply(r, &limit, &offset, &ret) || !filter_or_reply(r, &f, &asked, &ret))
    return ret;
  struct page p = {.items = json_array(), .limit = limit};
  f.limit = limit + 1; /* one more, to know whether a next page exists */
  int listed = an_audit_view(&r->ctx, r->db, asked, &f, add_json, &p);
  if (listed < 0)
    return an_reply_items(r, listed, p.items);
  char next[48];
  cursor_format(p.last_at, p.last_key, next, sizeof next);
  json_t *body = json_pack("{s:o, s:s?}", "items", p.items, "next_cursor", p.more ? next : NULL);
  /* The count belongs to the period, not the page: given with the first page only. */
  if (!an_req_query(r, "cursor")) {
    bool failed;
    json_object_set_new(body, "count", period_count(r, asked, &f, &failed));
    if (failed) {
      json_decref(body);
      return an_reply_problem(r, AN_EC_GENERIC_INTERNAL, NULL, NULL);
    }
  }
  return an_reply_json(r, 200, body);
}

/* Optional row limit of an export: any positive count; absent = the whole period. */
static bool export_limit(struct an_request *r, int64_t *limit)
{
  const char *q = an_req_query(r, "limit");
  *limit = INT64_MAX;
  return !q || (an_count_parse(q, limit) && *limit > 0);
}

static an_ret export(struct an_request *r, bool jsonl)
{
  struct an_audit_filter f;
  int64_t asked, limit;
  an_ret ret;
  if (!filter_or_reply(r, &f, &asked, &ret))
    return ret;
  if (!export_limit(r, &limit))
    return an_api_problem_text(r, AN_EC_GENERIC_INVALID_FIELD, "limit は1以上で指定してください。",
                               "limit must be 1 or more.");
  const char *lq = an_req_query(r, "lang"); /* a page's language wins over the browser's */
  bool en = lq ? strcmp(lq, "en") == 0 : r->lang[0] == 'e';
  struct an_audit_export *x;
  enum an_ec ec =
      an_audit_export_open(&r->ctx, r->db, asked, &f, limit, jsonl, en ? "en" : "ja", &x);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_attachment_stream(
      r, jsonl ? "application/x-ndjson; charset=utf-8" : "text/csv; charset=utf-8",
      jsonl ? "audit-events.jsonl" : "audit-events.csv", an_audit_export_read, x,
      an_audit_export_free);
}

AN_API_HANDLER(an_api_audit_csv, export, false)

AN_API_HANDLER(an_api_audit_jsonl, export, true)
