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

#endif
