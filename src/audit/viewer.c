#include "audit/viewer.h"

#include <jansson.h>

#include "audit/audit.h"
#include "core/access_log.h"

int64_t an_audit_scope(const struct an_ctx *ctx, int64_t tenant_id)
{
  if (ctx->tenant_id > 0) /* a tenant user or a tenant's token: their own, whatever asked */
    return ctx->tenant_id;
  if (!an_scope_is_operator(ctx))
    return -1;
  return tenant_id > 0 ? tenant_id : 0; /* an operator auditor, narrowing to one tenant or not */
}

int an_audit_view_scope(struct an_db *db, int64_t scope, const struct an_audit_filter *f,
                        void (*cb)(void *cls, const struct an_audit_row *e), void *cls)
{
  if (scope > 0)
    return an_store_audit_list_tenant(db, scope, f, cb, cls);
  if (scope == 0)
    return an_store_audit_list_all(db, 0, f, cb, cls);
  return 0;
}

int an_audit_view(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                  const struct an_audit_filter *f,
                  void (*cb)(void *cls, const struct an_audit_row *e), void *cls)
{
  return an_audit_view_scope(db, an_audit_scope(ctx, tenant_id), f, cb, cls);
}

static bool day_aligned(int64_t t)
{
  return t % 1000000 == 0 && (t / 1000000 + 9 * 3600) % 86400 == 0;
}

int an_audit_count(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                   const struct an_audit_filter *f, int64_t *n)
{
  *n = 0;
  bool from_ok = f->from == 0 || day_aligned(f->from);
  bool to_ok = f->to == INT64_MAX || day_aligned(f->to);
  if (f->actor[0] || !from_ok || !to_ok)
    return 0;
  int64_t scope = an_audit_scope(ctx, tenant_id);
  if (scope < 0)
    return 1;
  int64_t from_day = f->from == 0 ? INT64_MIN : an_audit_day(f->from);
  int64_t to_day = f->to == INT64_MAX ? INT64_MAX : an_audit_day(f->to);
  int rc = an_store_audit_count(db, scope, f->action, from_day, to_day, n);
  return rc < 0 ? rc : 1;
}

int an_audit_note_download(const struct an_ctx *ctx, struct an_db *db,
                           const struct an_audit_filter *f, int rows)
{
  json_t *d = json_pack("{s:s, s:s, s:i}", "user", f->actor, "action", f->action, "rows", rows);
  struct an_audit_rec rec = {
      .action = "data.download", .target = "audit_events", .outcome = "success", .details = d};
  int rc = an_audit_record(ctx, db, &rec);
  json_decref(d);
  return rc;
}

static void add_line(void *cls, const char *line, size_t len)
{
  an_buf_append(cls, line, len);
  an_buf_append(cls, "\n", 1);
}

enum an_ec an_audit_access_log_download(const struct an_ctx *ctx, struct an_db *db, int64_t from,
                                        int64_t to, int64_t tenant, struct an_buf *out)
{
  const char *dir = ctx->cfg->access_dir;
  long n = dir[0] ? an_access_log_read(dir, from, to, tenant, add_line, out) : 0;
  json_t *d = json_pack("{s:I, s:I, s:I}", "from_us", (json_int_t)from, "to_us", (json_int_t)to,
                        "rows", (json_int_t)n);
  struct an_audit_rec rec = {
      .action = "data.download", .target = "access_log", .outcome = "success", .details = d};
  int rc = n < 0 ? -1 : an_audit_record(ctx, db, &rec);
  json_decref(d);
  if (rc < 0) {
    an_buf_free(out);
    return AN_EC_GENERIC_INTERNAL;
  }
  return AN_EC_OK;
}
