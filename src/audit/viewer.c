#include "audit/viewer.h"

#include <jansson.h>

#include "audit/audit.h"

int an_audit_view(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                  const struct an_audit_filter *f,
                  void (*cb)(void *cls, const struct an_audit_row *e), void *cls)
{
  if (an_scope_tenant(ctx)) /* a tenant user or a tenant's token: their own, whatever asked */
    return an_store_audit_list_tenant(db, an_scope_tenant(ctx), f, cb, cls);
  if (!an_scope_is_operator(ctx))
    return 0;
  if (tenant_id > 0) /* an operator auditor narrowing to one tenant */
    return an_store_audit_list_tenant(db, tenant_id, f, cb, cls);
  return an_store_audit_list_all(db, 0, f, cb, cls);
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
