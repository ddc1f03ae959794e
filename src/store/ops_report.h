/* Reads of the monthly SLA report (ops/report.c). */
#ifndef AN_STORE_OPS_REPORT_H
#define AN_STORE_OPS_REPORT_H
#include <jansson.h>

#include "store/db.h"

/* Appends to out the incidents (not failure reports) overlapping [from, to) that name
 * service_id or no service (the platform), oldest first: id, title, impact, status, start_us,
 * resolved_us (null while open). Operator-wide: the caller checks the scope. Returns the count
 * or an error. */
int an_store_ops_report_incidents_all(struct an_db *db, int64_t from, int64_t to,
                                      int64_t service_id, json_t *out);

/* Claims announcement id for mailing at now: sets delivered_at when it is still unset. Returns 1
 * when this caller claimed it, 0 when it was mailed already, or an error. */
int an_store_ops_announcement_claim(struct an_db *db, int64_t id, int64_t now);
/* Appends to out (at most limit) the announcements due for mailing at now and not mailed yet:
 * id, kind, title, body, title_en, body_en, audience, service_id, tenant_id, publish_us,
 * effective_us. System-wide (the job's read). */
int an_store_ops_announcements_due_all(struct an_db *db, int64_t now, int limit, json_t *out);

#endif
