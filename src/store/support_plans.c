#include "store/support_plans.h"

#include "store/query.h"
#include "store/rows.h"

struct pair {
  int64_t *first, *resolution;
  int found;
};

static void pair_cb(void *cls, const struct an_db_row *row)
{
  struct pair *p = cls;
  *p->first = an_db_row_int(row, 0);
  *p->resolution = an_db_row_int(row, 1);
  p->found = 1;
}

int an_store_plan_target_get(struct an_db *db, int64_t plan_id, const char *category,
                             int64_t *first, int64_t *resolution)
{
  static const char SQL[] = "SELECT first_response_minutes, resolution_minutes "
                            "FROM support_plan_targets WHERE plan_id = $1 AND category = $2";
  struct pair out = {first, resolution, 0};
  int rc = an_db_query(db, SQL, AN_ARGS(AN_P_INT(plan_id), AN_P_TEXT(category)), pair_cb, &out);
  return rc < 0 ? rc : out.found;
}

int an_store_plan_targets_all(struct an_db *db, json_t *out)
{
  static const char SQL[] = "SELECT plan_id, category, first_response_minutes, "
                            "resolution_minutes, updated_by, updated_at FROM support_plan_targets "
                            "ORDER BY plan_id, category";
  return an_store_rows(db, SQL, NULL, 0, out);
}

int an_store_plan_target_clear(struct an_db *db, int64_t plan_id, const char *category)
{
  static const char SQL[] = "DELETE FROM support_plan_targets WHERE plan_id = $1 AND category = $2";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(plan_id), AN_P_TEXT(category)), NULL, NULL);
}

int an_store_plan_target_set(struct an_db *db, int64_t plan_id, const char *category, int64_t first,
                             int64_t resolution, const char *by, int64_t now)
{
  static const char SQL[] =
      "INSERT INTO support_plan_targets (plan_id, category, first_response_minutes, "
      "resolution_minutes, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6)";
  return an_db_query(db, SQL,
                     AN_ARGS(AN_P_INT(plan_id), AN_P_TEXT(category), AN_P_INT(first),
                             AN_P_INT(resolution), AN_P_TEXT(by), AN_P_INT(now)),
                     NULL, NULL);
}
