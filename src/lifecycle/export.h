/* A tenant's data export (issue 14: WP-16, TOS-10, SLA-23, SLA-24). A tenant admin with the
 * download right asks for it; a background thread of `anshin serve` builds one ZIP (libzip) of
 * CSV (UTF-8 with BOM, formula-safe cells) and JSON files — users with their roles, contracts,
 * change requests, the tenant's audit events, hand-over records, and a manifest — recording its
 * progress; the admin then makes a download link whose token is used once, and the file is
 * removed once downloaded or when [lifecycle] export_ttl_hours pass.
 *
 * Bulk-export rules: only tenant admins (permission data.download, tenant scope: their own
 * tenant's data only); one export at a time per tenant (409 while one is queued or running); at
 * most [lifecycle] export_per_day a day (429); at most [lifecycle] export_max_bytes (the export
 * fails). Every request, build and download is an audit event of the tenant
 * (data.export_request, data.export, data.download), so it shows in the tenant's audit log. */
#ifndef AN_LIFECYCLE_EXPORT_H
#define AN_LIFECYCLE_EXPORT_H
#include <jansson.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/config.h"
#include "core/ctx.h"
#include "core/errors.h"
#include "crypto/keys.h"
#include "store/db.h"

/* Queues an export of the caller's tenant; *out gets {export}. */
enum an_ec an_export_request(const struct an_ctx *ctx, struct an_db *db, json_t **out);
/* The caller's tenant's exports (newest first) into out. */
enum an_ec an_export_list(const struct an_ctx *ctx, struct an_db *db, json_t *out);
/* One export of the caller's tenant; *out gets {export}. */
enum an_ec an_export_get(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **out);
/* A new single-use download link for a ready export (an earlier link stops working); *out gets
 * {download_url, expires_at}. */
enum an_ec an_export_link(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **out);
/* The ZIP for token (the caller's tenant's, ready, unexpired), marking it downloaded and
 * removing the file: the link works once. *name gets the file name (free it). */
enum an_ec an_export_download(const struct an_ctx *ctx, struct an_db *db, const char *token,
                              struct an_buf *out, char **name);

/* Builds the oldest queued export and expires old ones; returns 1 when one was built. */
int an_export_work(const struct an_ctx *ctx, struct an_db *db);
/* The background thread of `anshin serve`. */
void an_export_worker_start(const struct an_config *cfg, const struct an_keys *keys);
void an_export_worker_stop(void);

#endif
