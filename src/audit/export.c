#include "audit/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "audit/viewer.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/log.h"
#include "core/messages.h"
#include "core/time.h"

#define EXPORT_BATCH 1000 /* rows read per query while streaming an export */

/* An export being streamed: the filters (copied), the cursor, and one batch of encoded rows. */
struct an_audit_export {
  struct an_db *db; /* its own connection: the request's serves other requests meanwhile */
  int64_t scope;    /* as an_audit_scope gave it */
  struct an_audit_filter f;
  char *actor, *action;
  int64_t remaining; /* rows still to send; INT64_MAX = all */
  bool jsonl, done;
  int64_t rows;
  struct an_buf buf;
  size_t pos;
};

json_t *an_audit_event_json(const struct an_audit_row *e)
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

/* One JSON line: the event as the viewer shows it, compact, then a newline. */
static void jsonl_row(struct an_buf *b, const struct an_audit_row *e)
{
  json_t *j = an_audit_event_json(e);
  char *line = j ? json_dumps(j, JSON_COMPACT) : NULL;
  json_decref(j);
  if (line) {
    an_buf_puts(b, line);
    an_buf_puts(b, "\n");
    free(line);
  }
}

static void export_row(void *cls, const struct an_audit_row *e)
{
  struct an_audit_export *x = cls;
  if (x->jsonl)
    jsonl_row(&x->buf, e);
  else
    csv_row(&x->buf, e);
  x->f.before_at = e->at;
  x->f.before_key = e->id;
  x->rows++;
}

/* Reads the next batch into the buffer. Returns false on a database error. */
static bool export_fill(struct an_audit_export *x)
{
  an_buf_reset(&x->buf);
  x->pos = 0;
  int64_t want = x->remaining < EXPORT_BATCH ? x->remaining : EXPORT_BATCH;
  x->f.limit = want;
  int n = want > 0 ? an_audit_view_scope(x->db, x->scope, &x->f, export_row, x) : 0;
  if (n < 0)
    return false;
  x->remaining -= n;
  if (n < want || x->remaining == 0)
    x->done = true;
  return true;
}

ssize_t an_audit_export_read(void *cls, char *out, size_t max)
{
  struct an_audit_export *x = cls;
  while (x->pos == x->buf.len) {
    if (x->done)
      return 0;
    if (!export_fill(x)) {
      an_log(AN_LOG_ERROR, "audit export stopped: the database failed",
             json_pack("{s:I}", "rows", (json_int_t)x->rows));
      return -1; /* the client sees a cut transfer, not a file */
    }
  }
  size_t n = x->buf.len - x->pos < max ? x->buf.len - x->pos : max;
  memcpy(out, x->buf.data + x->pos, n);
  x->pos += n;
  return (ssize_t)n;
}

void an_audit_export_free(void *cls)
{
  struct an_audit_export *x = cls;
  if (!x)
    return;
  an_db_close(x->db);
  an_buf_free(&x->buf);
  free(x->actor);
  free(x->action);
  free(x);
}

/* Records the download (data.download of audit_events: the filters and the format). */
static int note_export(const struct an_ctx *ctx, struct an_db *db, const struct an_audit_filter *f,
                       bool jsonl)
{
  json_t *d = json_pack("{s:s, s:s, s:s}", "user", f->actor, "action", f->action, "format",
                        jsonl ? "jsonl" : "csv");
  struct an_audit_rec rec = {
      .action = "data.download", .target = "audit_events", .outcome = "success", .details = d};
  int rc = an_audit_record(ctx, db, &rec);
  json_decref(d);
  return rc;
}

enum an_ec an_audit_export_open(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                                const struct an_audit_filter *f, int64_t limit, bool jsonl,
                                const char *lang, struct an_audit_export **out)
{
  *out = NULL;
  /* The download is audited before the first row leaves (a cut transfer is still recorded). */
  if (note_export(ctx, db, f, jsonl) < 0)
    return AN_EC_GENERIC_INTERNAL;
  char err[256];
  struct an_db *own = an_db_open(ctx->cfg, err, sizeof err);
  if (!own) {
    an_log(AN_LOG_ERROR, "audit export: no database connection", json_pack("{s:s}", "error", err));
    return AN_EC_GENERIC_UNAVAILABLE;
  }
  struct an_audit_export *x = an_calloc(sizeof *x);
  x->db = own;
  x->scope = an_audit_scope(ctx, tenant_id);
  x->actor = an_strdup(f->actor);
  x->action = an_strdup(f->action);
  x->f = *f;
  x->f.actor = x->actor;
  x->f.action = x->action;
  x->remaining = limit;
  x->jsonl = jsonl;
  if (!jsonl) {
    /* UTF-8 with a byte order mark, so Excel opens the Japanese text correctly. */
    an_buf_puts(&x->buf, "\xEF\xBB\xBF");
    an_buf_puts(&x->buf, an_msg_text("csv.audit.header", lang));
    an_buf_puts(&x->buf, "\r\n");
  }
  *out = x;
  return AN_EC_OK;
}
