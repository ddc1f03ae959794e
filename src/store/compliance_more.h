/* Figures the remaining live checks read (issue 16 item 2): the support desk's history kept
 * for every ticket (MARK-5-1-4). No tenant owns these figures: the read is operator-wide. */
#ifndef AN_STORE_COMPLIANCE_MORE_H
#define AN_STORE_COMPLIANCE_MORE_H
#include <stdint.h>

#include "store/db.h"

/* Every support ticket (*total), those without any history event (*no_history) and the history
 * events kept (*events). Returns 1 or an error. */
int an_store_compliance_tickets_all(struct an_db *db, int64_t *total, int64_t *no_history,
                                    int64_t *events);

#endif
