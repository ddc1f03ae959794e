#include "store/compliance_more.h"

#include "store/rows.h"

int an_store_compliance_tickets_all(struct an_db *db, int64_t *total, int64_t *no_history,
                                    int64_t *events)
{
  static const char SQL[] =
      "SELECT (SELECT COUNT(*) FROM tickets) AS total, "
      "(SELECT COUNT(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM ticket_events e "
      "WHERE e.ticket_id = t.id)) AS no_history, "
      "(SELECT COUNT(*) FROM ticket_events) AS events";
  json_t *row = NULL;
  int rc = an_store_row(db, SQL, NULL, 0, &row);
  *total = rc == 1 ? an_rec_int(row, "total") : 0;
  *no_history = rc == 1 ? an_rec_int(row, "no_history") : 0;
  *events = rc == 1 ? an_rec_int(row, "events") : 0;
  json_decref(row);
  return rc < 0 ? rc : 1;
}
