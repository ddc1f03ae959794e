/* Edits of the catalogue (issue 10 item 5): a shop's particulars, a service's description and
 * notice, a plan's name, quotas and fees, and a fee increase waiting for its notice period. */
#ifndef AN_STORE_CATALOGUE_EDITS_H
#define AN_STORE_CATALOGUE_EDITS_H
#include <stdint.h>

#include "store/db.h"

/* Sets the shop's name and contact address. 1, 0 when no such shop, or an error. */
int an_store_shop_update(struct an_db *db, int64_t id, const char *name, const char *email,
                         int64_t now);
/* Sets every editable field of the service (url NULL: none). 1, 0 or an error. */
int an_store_service_update(struct an_db *db, int64_t id, const char *name, const char *description,
                            const char *conditions, int64_t notice_days, const char *url,
                            int64_t now);
/* Sets the plan's name, quotas and fees (in force at once). 1, 0 or an error. */
int an_store_plan_update(struct an_db *db, int64_t id, const char *name, int64_t max_users,
                         int64_t storage_gb, int64_t monthly_fee, int64_t initial_fee);
/* Records a monthly fee that takes effect on `on` ('YYYY-MM-DD'); fee < 0 clears it. 1, 0 or an
 * error. */
int an_store_plan_set_pending_fee(struct an_db *db, int64_t id, int64_t fee, const char *on);
/* Makes the pending fee the plan's fee when it is due on or before today, and clears it. 1 when
 * applied, 0 when none was due, or an error. */
int an_store_plan_apply_pending_fee(struct an_db *db, int64_t id, const char *today);

#endif
