/* Reading the audit log (CHK-7, CHK-11): tenant users and tokens see their own tenant's events
 * only, whatever they ask for; operator auditors every tenant's and the operator's own. A download
 * of the log is itself audited (data.download). */
#ifndef AN_AUDIT_VIEWER_H
#define AN_AUDIT_VIEWER_H
#include <stdint.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/errors.h"
#include "store/audit.h"
#include "store/db.h"

/* The tenant whose events ctx reads: ctx's own tenant for a tenant's caller (whatever tenant_id
 * asks), for an operator tenant_id (0 = every event); -1 for anyone else (nothing). */
int64_t an_audit_scope(const struct an_ctx *ctx, int64_t tenant_id);
/* Shows cb the events matching f in a scope an_audit_scope gave (-1: none). Returns the count or
 * a store error. */
int an_audit_view_scope(struct an_db *db, int64_t scope, const struct an_audit_filter *f,
                        void (*cb)(void *cls, const struct an_audit_row *e), void *cls);
/* Shows cb the events matching f within ctx's scope; tenant_id narrows an operator's view to one
 * tenant (0 = all) and is ignored for a tenant's caller. Returns the count or a store error. */
int an_audit_view(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                  const struct an_audit_filter *f,
                  void (*cb)(void *cls, const struct an_audit_row *e), void *cls);
/* How many events f's period holds within ctx's scope (tenant_id as for an_audit_view), of f's
 * action ("" = any), from the per-day counters (a short index range, never a scan). Exact only
 * when the period is whole JST days (from/to at a JST midnight, or open) and no user filter is
 * set: returns 1 and *n then, 0 when the period cannot be counted so, or a store error. */
int an_audit_count(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                   const struct an_audit_filter *f, int64_t *n);
/* Records that ctx downloaded rows events selected by f (data.download). Returns 1 or an error. */
int an_audit_note_download(const struct an_ctx *ctx, struct an_db *db,
                           const struct an_audit_filter *f, int rows);
/* The access log download (CHK-7): appends to out, one per line, the access log lines of
 * [from, to) kept in ctx's configured directory (none when it is unset) for tenant (-1 = every
 * line; the caller decides whom ctx may read), and records the download (data.download of
 * access_log, with the period and the row count). Returns AN_EC_OK, or AN_EC_GENERIC_INTERNAL
 * when the log could not be read or the record failed (out is then freed). */
enum an_ec an_audit_access_log_download(const struct an_ctx *ctx, struct an_db *db, int64_t from,
                                        int64_t to, int64_t tenant, struct an_buf *out);

#endif
