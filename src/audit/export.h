/* Audit log exports (CHK-7, CHK-11): the events a caller may read, streamed as CSV or JSON lines
 * batch by batch over a database connection of the export's own, so a year of events downloads in
 * bounded memory while the request's connection serves other requests. Opening an export records
 * the download (data.download) before the first row leaves, so a cut transfer is still audited. */
#ifndef AN_AUDIT_EXPORT_H
#define AN_AUDIT_EXPORT_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/audit.h"
#include "store/db.h"

struct an_audit_export;

/* One event as the viewer shows it: seq, at (UTC), actor_kind, actor, tenant_id (absent for the
 * operator's own), action, target, outcome, client_ip, request_id, details (an object). */
json_t *an_audit_event_json(const struct an_audit_row *e);

/* Opens an export of the events matching f (copied; f->limit and the cursor fields start the
 * walk) within ctx's scope as an_audit_view reads it (tenant_id narrows an operator's export to
 * one tenant, 0 = all), at most limit rows (INT64_MAX = the whole period). jsonl selects JSON
 * lines, otherwise CSV: UTF-8 with a byte order mark and the header row of the message catalogue
 * in lang ("ja" or "en"). Records the download on db first. Returns AN_EC_OK and *out, or
 * AN_EC_GENERIC_INTERNAL (the record failed) or AN_EC_GENERIC_UNAVAILABLE (no connection). */
enum an_ec an_audit_export_open(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                                const struct an_audit_filter *f, int64_t limit, bool jsonl,
                                const char *lang, struct an_audit_export **out);
/* Copies up to max bytes of the export to out (cls is the export): returns the count (> 0), 0 at
 * the end, or -1 when the database failed mid-way (logged). */
ssize_t an_audit_export_read(void *cls, char *out, size_t max);
/* Closes the export's connection and frees it (cls is the export; NULL is ignored). */
void an_audit_export_free(void *cls);

#endif
