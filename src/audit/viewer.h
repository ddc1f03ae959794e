/* Reading the audit log (CHK-7, CHK-11): tenant users and tokens see their own tenant's events
 * only, whatever they ask for; operator auditors every tenant's and the operator's own. A download
 * of the log is itself audited (data.download). */
#ifndef AN_AUDIT_VIEWER_H
#define AN_AUDIT_VIEWER_H
#include <stdint.h>

#include "core/ctx.h"
#include "store/audit.h"
#include "store/db.h"

/* Shows cb the events matching f within ctx's scope; tenant_id narrows an operator's view to one
 * tenant (0 = all) and is ignored for a tenant's caller. Returns the count or a store error. */
int an_audit_view(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                  const struct an_audit_filter *f,
                  void (*cb)(void *cls, const struct an_audit_row *e), void *cls);
/* Records that ctx downloaded rows events selected by f (data.download). Returns 1 or an error. */
int an_audit_note_download(const struct an_ctx *ctx, struct an_db *db,
                           const struct an_audit_filter *f, int rows);

#endif
