#include "identity/event_classes.h"

#include <stdio.h>

#include "audit/audit.h"
#include "audit/audited.h"
#include "core/buf.h"

json_t *an_event_classes_json(const struct an_tenant *t)
{
  unsigned off = an_audit_classes_off(t->event_classes);
  return json_pack("{s:b, s:b, s:b}", "screen", !(off & AN_AUDIT_CLASS_SCREEN), "read",
                   !(off & AN_AUDIT_CLASS_READ), "download", !(off & AN_AUDIT_CLASS_DOWNLOAD));
}

static const struct an_audited_text classes_update = {
    an_store_tenant_set_event_classes, "event_classes.update", "tenant", "event_classes"};

enum an_ec an_event_classes_set(const struct an_ctx *ctx, struct an_db *db, bool screen, bool read,
                                bool download)
{
  struct an_buf csv = {0};
  an_buf_puts(&csv, "");
  if (screen)
    an_buf_printf(&csv, "%sscreen", csv.len ? "," : "");
  if (read)
    an_buf_printf(&csv, "%sread", csv.len ? "," : "");
  if (download)
    an_buf_printf(&csv, "%sdownload", csv.len ? "," : "");
  enum an_ec ec = an_audited_tenant_text(ctx, db, &classes_update, csv.data ? csv.data : "");
  an_buf_free(&csv);
  return ec;
}

enum an_ec an_screen_open(const struct an_ctx *ctx, struct an_db *db, const char *page)
{
  if (ctx->subject != AN_SUBJECT_USER)
    return AN_EC_OK; /* the operator's staff pages are not a tenant's screen events */
  json_t *d = json_pack("{s:s}", "page", page);
  struct an_audit_rec rec = {
      .action = "screen.open", .target = "page", .outcome = "success", .details = d};
  int rc = an_audit_record(ctx, db, &rec);
  json_decref(d);
  return rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}
