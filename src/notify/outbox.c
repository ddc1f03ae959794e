#include "notify/outbox.h"

#include <stdio.h>

#include "audit/audit.h"

int an_outbox_list(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id, long limit,
                   int64_t before, an_mail_cb cb, void *cls, int64_t *queued)
{
  (void)ctx;
  int n = tenant_id > 0 ? an_store_mail_list(db, tenant_id, limit, before, cb, cls)
                        : an_store_mail_list_all(db, limit, before, cb, cls);
  if (n >= 0 && an_store_mail_count_queued(db, queued) < 0)
    return AN_DB_HARD;
  return n;
}

int an_outbox_read(const struct an_ctx *ctx, struct an_db *db, int64_t id, an_mail_cb cb, void *cls,
                   an_mail_delivery_cb dcb, void *dcls)
{
  int rc = !id ? 0 : an_store_mail_get(db, id, cb, cls);
  if (rc == 1 && an_store_mail_deliveries(db, id, dcb, dcls) < 0)
    rc = AN_DB_HARD;
  if (rc != 1)
    return rc;
  char target[40];
  snprintf(target, sizeof target, "mail:%lld", (long long)id);
  struct an_audit_rec rec = {.action = "mail.read", .target = target, .outcome = "success"};
  return an_audit_record(ctx, db, &rec) < 0 ? AN_DB_HARD : 1;
}
