#include "store/compliance_more.h"

#include "store/query.h"
#include "store/rows.h"

int an_store_compliance_tickets_all(struct an_db *db, int64_t *total, int64_t *no_history,
                                    int64_t *events)
{
  static const char SQL[] =
      "SELECT (SELECT COUNT(*) FROM tickets) AS total, "
      "(SELECT COUNT(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM ticket_events e "
      "WHERE e.ticket_id = t.id)) AS no_history, "
      "(SELECT COUNT(*) FROM ticket_events) AS events";
  static const char *const NAMES[] = {"total", "no_history", "events"};
  return an_store_counts(db, SQL, NULL, 0, NAMES, (int64_t *const[]){total, no_history, events}, 3);
}
