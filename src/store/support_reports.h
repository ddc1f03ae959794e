/* Prohibited-act reports as tickets (TOS-17, MARK-4-2-3; issue 13 item 2): what a report adds to
 * its ticket of category prohibited_act. Reports come from outside any tenant (tenant 0) and are
 * the operator's to read and handle, so the reads end in _all. A report is "handled" while its
 * ticket is resolved or closed, "open" otherwise. */
#ifndef AN_STORE_SUPPORT_REPORTS_H
#define AN_STORE_SUPPORT_REPORTS_H
#include <jansson.h>
#include <stdint.h>

#include "store/db.h"

/* Records the report part (the act, what it concerns) of ticket_id. Returns 1 or an error. */
int an_store_report_add(struct an_db *db, int64_t ticket_id, const char *act, const char *target);
/* Records the outcome of the report of ticket_id. Returns 1, 0 when there is no such report,
 * or an error. */
int an_store_report_outcome(struct an_db *db, int64_t ticket_id, const char *resolution,
                            int64_t contract_id, const char *by, int64_t now);
/* One report as the reports API shows it (id = the ticket's id, category = the act,
 * description = the first message, target, reporter_name, reporter_email, contract_id, status,
 * resolution, handled_by, handled_at, created_at, ref, receipt = the number given before the
 * move or the id). Returns 1, 0 or an error. */
int an_store_report_get_all(struct an_db *db, int64_t ticket_id, json_t **out);
/* The reports with status ("open", "handled", "" = all), newest first, at most 500. */
int an_store_report_list_all(struct an_db *db, const char *status, json_t *out);

#endif
