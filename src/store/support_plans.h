/* Response targets per plan (issue 13 item 1): operator settings, not a tenant's data, so no
 * tenant id. A plan's row for a category overrides the desk's defaults for tickets about a
 * contract of that plan. */
#ifndef AN_STORE_SUPPORT_PLANS_H
#define AN_STORE_SUPPORT_PLANS_H
#include <jansson.h>
#include <stdint.h>

#include "store/db.h"

/* The targets of plan_id for category into *first / *resolution (open minutes). Returns 1, 0
 * when the plan sets none for it, or an error. */
int an_store_plan_target_get(struct an_db *db, int64_t plan_id, const char *category,
                             int64_t *first, int64_t *resolution);
/* Every plan's targets (plan_id, category, first_response_minutes, resolution_minutes,
 * updated_by, updated_at), by plan and category. Count or error. */
int an_store_plan_targets_all(struct an_db *db, json_t *out);
/* Removes plan_id's target for category (before setting it anew, in the caller's
 * transaction). */
int an_store_plan_target_clear(struct an_db *db, int64_t plan_id, const char *category);
/* Sets one target of plan_id. Returns 1 or an error. */
int an_store_plan_target_set(struct an_db *db, int64_t plan_id, const char *category, int64_t first,
                             int64_t resolution, const char *by, int64_t now);

#endif
