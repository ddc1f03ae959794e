/* The audit log viewer and its exports. Pages are keyset pages: a cursor names the last event
 * shown, and the next page is the index range just before it, so every page costs the same at any
 * depth. The exports stream the same order batch by batch on a connection of their own, so a year
 * of events downloads in bounded memory. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "audit/audit.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/ids.h"
#include "core/log.h"
#include "core/messages.h"
#include "core/time.h"
#include "http/server.h"
#include "store/audit.h"

#define EXPORT_BATCH 1000 /* rows read per query while streaming an export */

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
  return an_reply_problem(r, AN_EC_GENERIC_INVALID_FIELD,
                          an_req_text(r,
                                      "from / to は YYYY-MM-DD（日本時間）または RFC 3339 形式、"
                                      "tenant_id は数値、cursor は前のページの next_cursor "
                                      "を指定してください。offset は使えません（cursor "
                                      "で続きを読みます）。",
                                      "from/to: YYYY-MM-DD (JST) or RFC 3339; tenant_id: a "
                                      "number; cursor: a page's next_cursor. offset is not "
                                      "supported: page with cursor."),
                          NULL);
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

/* The scope a request reads: a tenant user (or a tenant's token) only its own tenant's events,
 * whatever it asks for (CHK-7, CHK-11); operator staff every event, or one tenant's. */
static int64_t scope_of(const struct an_request *r, int64_t asked)
{
  return r->ctx.tenant_id > 0 ? r->ctx.tenant_id : asked;
}

static int list(struct an_db *db, bool tenant_user, int64_t scope, const struct an_audit_filter *f,
                void (*cb)(void *, const struct an_audit_row *), void *cls)
{
  if (tenant_user)
    return an_store_audit_list_tenant(db, scope, f, cb, cls);
  return an_store_audit_list_all(db, scope, f, cb, cls);
}

static json_t *event_json(const struct an_audit_row *e)
{
  char at[40];
  an_time_format_utc(e->at, at, sizeof at);
  json_t *details = json_loads(e->details ? e->details : "{}", 0, NULL);
  return json_pack("{s:I, s:s, s:s, s:s, s:o?, s:s, s:s, s:s, s:s, s:s, s:o}", "seq",
                   (json_int_t)e->seq, "at", at, "actor_kind", e->actor_kind, "actor",
                   e->actor_label, "tenant_id", e->tenant_id ? json_integer(e->tenant_id) : NULL,
                   "action", e->action, "target", e->target, "outcome", e->outcome, "client_ip",
                   e->client_ip, "request_id", e->request_id, "details",
                   details ? details : json_object());
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
  json_array_append_new(p->items, event_json(e));
  p->n++;
  p->last_at = e->at;
  p->last_key = e->id;
}

static bool day_aligned(int64_t t)
{
  return t % 1000000 == 0 && (t / 1000000 + 9 * 3600) % 86400 == 0;
}

/* The period's count from the per-day counters: exact when the period is whole JST days and no
 * user filter is set (the counters hold days, tenants and actions), otherwise null. */
static json_t *period_count(struct an_db *db, int64_t scope, const struct an_audit_filter *f,
                            bool *failed)
{
  *failed = false;
  bool from_ok = f->from == 0 || day_aligned(f->from);
  bool to_ok = f->to == INT64_MAX || day_aligned(f->to);
  if (f->actor[0] || !from_ok || !to_ok)
    return json_null();
  int64_t n = 0;
  int64_t from_day = f->from == 0 ? INT64_MIN : an_audit_day(f->from);
  int64_t to_day = f->to == INT64_MAX ? INT64_MAX : an_audit_day(f->to);
  if (an_store_audit_count(db, scope, f->action, from_day, to_day, &n) < 0) {
    *failed = true;
    return json_null();
  }
  return json_integer(n);
}

an_ret an_api_audit_list(struct an_request *r)
{
  struct an_audit_filter f;
  int64_t asked;
  an_ret ret;
  long limit, offset;
  if (!an_api_paging_or_reply(r, &limit, &offset, &ret) || !filter_or_reply(r, &f, &asked, &ret))
    return ret;
  int64_t scope = scope_of(r, asked);
  struct page p = {.items = json_array(), .limit = limit};
  f.limit = limit + 1; /* one more, to know whether a next page exists */
  int listed = list(r->db, r->ctx.tenant_id > 0, scope, &f, add_json, &p);
  if (listed < 0)
    return an_reply_items(r, listed, p.items);
  char next[48];
  cursor_format(p.last_at, p.last_key, next, sizeof next);
  json_t *body = json_pack("{s:o, s:s?}", "items", p.items, "next_cursor", p.more ? next : NULL);
  /* The count belongs to the period, not the page: given with the first page only. */
  if (!an_req_query(r, "cursor")) {
    bool failed;
    json_object_set_new(body, "count", period_count(r->db, scope, &f, &failed));
    if (failed) {
      json_decref(body);
      return an_reply_problem(r, AN_EC_GENERIC_INTERNAL, NULL, NULL);
    }
  }
  return an_reply_json(r, 200, body);
}

/* An export being streamed: the filters (copied), the cursor, and one batch of encoded rows. */
struct export
{
  struct an_db *db; /* its own connection: the worker's is used by other requests meanwhile */
  bool tenant_user;
  int64_t scope;
  struct an_audit_filter f;
  char *actor, *action;
  int64_t remaining; /* rows still to send; INT64_MAX = all */
  bool jsonl, done;
  int64_t rows;
  struct an_buf buf;
  size_t pos;
};

static void csv_row(struct an_buf *b, const struct an_audit_row *e)
{
  char seq[24], at[40], tenant[24];
  snprintf(seq, sizeof seq, "%lld", (long long)e->seq);
  an_time_format_jst(e->at, at, sizeof at);
  snprintf(tenant, sizeof tenant, "%lld", (long long)e->tenant_id);
  const char *cols[] = {
      seq,       at,        e->actor_kind, e->actor_label, e->tenant_id ? tenant : "",
      e->action, e->target, e->outcome,    e->client_ip,   e->request_id,
      e->details};
  for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
    an_csv_field(b, cols[i], i + 1 == sizeof cols / sizeof cols[0]);
}

static void export_row(void *cls, const struct an_audit_row *e)
{
  struct export *x = cls;
  if (x->jsonl) {
    json_t *j = event_json(e);
    char *line = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    if (line) {
      an_buf_puts(&x->buf, line);
      an_buf_puts(&x->buf, "\n");
      free(line);
    }
  } else {
    csv_row(&x->buf, e);
  }
  x->f.before_at = e->at;
  x->f.before_key = e->id;
  x->rows++;
}

/* Reads the next batch into the buffer. Returns false on a database error. */
static bool export_fill(struct export *x)
{
  an_buf_reset(&x->buf);
  x->pos = 0;
  int64_t want = x->remaining < EXPORT_BATCH ? x->remaining : EXPORT_BATCH;
  x->f.limit = want;
  int n = want > 0 ? list(x->db, x->tenant_user, x->scope, &x->f, export_row, x) : 0;
  if (n < 0)
    return false;
  x->remaining -= n;
  if (n < want || x->remaining == 0)
    x->done = true;
  return true;
}

static ssize_t export_read(void *cls, uint64_t pos, char *out, size_t max)
{
  (void)pos;
  struct export *x = cls;
  while (x->pos == x->buf.len) {
    if (x->done)
      return MHD_CONTENT_READER_END_OF_STREAM;
    if (!export_fill(x)) {
      an_log(AN_LOG_ERROR, "audit export stopped: the database failed",
             json_pack("{s:I}", "rows", (json_int_t)x->rows));
      return MHD_CONTENT_READER_END_WITH_ERROR; /* the client sees a cut transfer, not a file */
    }
  }
  size_t n = x->buf.len - x->pos < max ? x->buf.len - x->pos : max;
  memcpy(out, x->buf.data + x->pos, n);
  x->pos += n;
  return (ssize_t)n;
}

static void export_free(void *cls)
{
  struct export *x = cls;
  an_db_close(x->db);
  an_buf_free(&x->buf);
  free(x->actor);
  free(x->action);
  free(x);
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
    return an_reply_problem(
        r, AN_EC_GENERIC_INVALID_FIELD,
        an_req_text(r, "limit は1以上で指定してください。", "limit must be 1 or more."), NULL);
  /* The download is audited before the first row leaves (a cut transfer is still recorded). */
  json_t *d = json_pack("{s:s, s:s, s:s}", "user", f.actor, "action", f.action, "format",
                        jsonl ? "jsonl" : "csv");
  struct an_audit_rec rec = {
      .action = "data.download", .target = "audit_events", .outcome = "success", .details = d};
  int rc = an_audit_record(&r->ctx, r->db, &rec);
  json_decref(d);
  if (rc < 0)
    return an_reply_problem(r, AN_EC_GENERIC_INTERNAL, NULL, NULL);
  char err[256];
  struct an_db *db = an_db_open(r->server->cfg, err, sizeof err);
  if (!db) {
    an_log(AN_LOG_ERROR, "audit export: no database connection", json_pack("{s:s}", "error", err));
    return an_reply_problem(r, AN_EC_GENERIC_UNAVAILABLE, NULL, NULL);
  }
  struct export *x = an_calloc(sizeof *x);
  x->db = db;
  x->tenant_user = r->ctx.tenant_id > 0;
  x->scope = scope_of(r, asked);
  x->actor = an_strdup(f.actor);
  x->action = an_strdup(f.action);
  x->f = f;
  x->f.actor = x->actor;
  x->f.action = x->action;
  x->remaining = limit;
  x->jsonl = jsonl;
  if (!jsonl) {
    /* UTF-8 with a byte order mark, so Excel opens the Japanese text correctly. */
    an_buf_puts(&x->buf, "\xEF\xBB\xBF");
    const char *lq = an_req_query(r, "lang"); /* a page's language wins over the browser's */
    bool en = lq ? strcmp(lq, "en") == 0 : r->lang[0] == 'e';
    an_buf_puts(&x->buf, an_msg_text("csv.audit.header", en ? "en" : "ja"));
    an_buf_puts(&x->buf, "\r\n");
  }
  struct MHD_Response *resp =
      MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024, export_read, x, export_free);
  if (!resp) {
    export_free(x);
    return MHD_NO;
  }
  MHD_add_response_header(resp, "Content-Type",
                          jsonl ? "application/x-ndjson; charset=utf-8"
                                : "text/csv; charset=utf-8");
  MHD_add_response_header(resp, "Content-Disposition",
                          jsonl ? "attachment; filename=\"audit-events.jsonl\""
                                : "attachment; filename=\"audit-events.csv\"");
  return an_reply_response(r, 200, resp);
}

an_ret an_api_audit_csv(struct an_request *r)
{
  return export(r, false);
}

an_ret an_api_audit_jsonl(struct an_request *r)
{
  return export(r, true);
}
