/* Data-access events (WP-18, CHK-6, SLA-24, SLA-29): every read of a tenant's personal data by
 * someone other than the tenant itself (the operator's staff, a shop) is recorded as data.access
 * in that tenant's audit log, naming what was read, how much, by whom and for what stated reason;
 * the tenant's admins see them on one page and in CSV. */
#ifndef AN_AUDIT_DATA_ACCESS_H
#define AN_AUDIT_DATA_ACCESS_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "store/db.h"

/* True when ctx reads tenant_id's data as someone else (operator or shop): such a read is
 * recorded. */
bool an_data_access_foreign(const struct an_ctx *ctx, int64_t tenant_id);
/* Records that ctx read `count` records of `resource` ("users", "mail", ...) of tenant_id, with
 * ctx->access_reason, in a transaction of its own. Nothing is recorded for the tenant's own reads.
 * Returns 1 (or 0 when not recorded) or an error. */
int an_data_access_note(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                        const char *resource, int64_t count);
/* The same for one record named by ref (a contract number, an application's id): the event's
 * details carry ref, so the tenant sees which record was opened. Returns 1, 0 or an error. */
int an_data_access_note_ref(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                            const char *resource, const char *ref);
/* Records a read that showed ctx n records of resource, tenants[i] being the tenant the i-th
 * belongs to (0: none, not recorded): one event per foreign tenant with its count, so a page of
 * the operator's list of contracts reaches each contractor's view. Must run inside an_db_txn on
 * db (a hand-over records its reads with its own record). Returns the events appended or an
 * error. */
int an_data_access_append_each(const struct an_ctx *ctx, struct an_db *db, const char *resource,
                               const int64_t *tenants, size_t n);
/* an_data_access_append_each in a transaction of its own (nothing is opened when no record is
 * foreign). Returns the events appended or an error. */
int an_data_access_note_each(const struct an_ctx *ctx, struct an_db *db, const char *resource,
                             const int64_t *tenants, size_t n);
/* The data-access events of ctx's scope (a tenant's caller: its own; an operator: tenant_id, 0 =
 * all), newest first, at most limit: *out = a JSON array of {at, actor, actor_kind, action,
 * target, details}. Returns the count or an error. */
int an_data_access_list(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                        int64_t limit, json_t **out);
/* The same as CSV (a header row in lang, "ja" or "en", then one row per event) appended to out;
 * the download is itself audited (data.download). Returns the row count or an error. */
int an_data_access_csv(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                       struct an_buf *out, const char *lang);

#endif
