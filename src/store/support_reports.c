#include "store/support_reports.h"

#include "store/query.h"
#include "store/rows.h"
#include "store/seal_fields.h"

/* A report's ticket is of no tenant: its fields are sealed under the operator key (the first
 * message in ticket_events, the reporter in tickets; store/support_tickets.c). */
static void open_reports(struct an_db *db, json_t *rows)
{
  static const char *const EVENT[] = {"description", "body", NULL};
  static const char *const TICKET[] = {"reporter_name", "requester_name", "reporter_email",
                                       "requester_email", NULL};
  an_store_open_fields(db, rows, 0, NULL, "ticket_events", EVENT);
  an_store_open_fields(db, rows, 0, NULL, "tickets", TICKET);
}

int an_store_report_add(struct an_db *db, int64_t ticket_id, const char *act, const char *target)
{
  static const char SQL[] =
      "INSERT INTO ticket_reports (ticket_id, act, target) VALUES ($1, $2, $3)";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(ticket_id), AN_P_TEXT(act), AN_P_TEXT(target)), NULL,
                     NULL);
}

int an_store_report_outcome(struct an_db *db, int64_t ticket_id, const char *resolution,
                            int64_t contract_id, const char *by, int64_t now)
{
  static const char SQL[] = "UPDATE ticket_reports SET resolution = $2, contract_id = $3, "
                            "handled_by = $4, handled_at = $5 WHERE ticket_id = $1";
  return an_db_query(db, SQL,
                     AN_ARGS(AN_P_INT(ticket_id), AN_P_TEXT(resolution),
                             contract_id ? AN_P_INT(contract_id) : AN_P_NULL, AN_P_TEXT(by),
                             AN_P_INT(now)),
                     NULL, NULL);
}

#define REPORT_COLS                                                                                \
  "t.id, r.act AS category, COALESCE((SELECT e.body FROM ticket_events e WHERE e.ticket_id = "     \
  "t.id AND e.kind = 'message' ORDER BY e.id LIMIT 1), '') AS description, r.target, "             \
  "t.requester_name AS reporter_name, t.requester_email AS reporter_email, r.contract_id, "        \
  "CASE WHEN t.status IN ('resolved', 'closed') THEN 'handled' ELSE 'open' END AS status, "        \
  "r.resolution, r.handled_by, r.handled_at, t.created_at, t.ref, "                                \
  "COALESCE(r.legacy_id, t.id) AS receipt "                                                        \
  "FROM ticket_reports r JOIN tickets t ON t.id = r.ticket_id AND t.tenant_id = 0 "

int an_store_report_get_all(struct an_db *db, int64_t ticket_id, json_t **out)
{
  static const char SQL[] = "SELECT " REPORT_COLS "WHERE r.ticket_id = $1";
  int rc = an_store_row(db, SQL, AN_ARGS(AN_P_INT(ticket_id)), out);
  if (rc > 0)
    open_reports(db, *out);
  return rc;
}

int an_store_report_list_all(struct an_db *db, const char *status, json_t *out)
{
  static const char SQL[] =
      "SELECT * FROM (SELECT " REPORT_COLS ") x WHERE $1 = '' OR x.status = $1 "
      "ORDER BY x.id DESC LIMIT 500";
  struct an_db_param p[] = {AN_P_TEXT(status)};
  json_t *rows = json_array();
  int rc = an_store_rows(db, SQL, p, 1, rows);
  open_reports(db, rows);
  json_array_extend(out, rows);
  json_decref(rows);
  return rc;
}
