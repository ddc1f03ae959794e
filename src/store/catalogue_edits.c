#include "store/catalogue_edits.h"

#include "store/public_version.h"
#include "store/query.h"

/* Every edit here changes what the public catalogue shows: rc rows changed; the public cache
 * learns of it once the change has committed (store/public_version.h). */
static int public_changed(struct an_db *db, int rc)
{
  if (rc > 0)
    an_store_public_touch(db);
  return rc;
}

int an_store_shop_update(struct an_db *db, int64_t id, const char *name, const char *email,
                         int64_t now)
{
  static const char SQL[] =
      "UPDATE shops SET name = $2, contact_email = $3, updated_at = $4 WHERE id = $1";
  return public_changed(
      db,
      an_db_query(db, SQL, AN_ARGS(AN_P_INT(id), AN_P_TEXT(name), AN_P_TEXT(email), AN_P_INT(now)),
                  NULL, NULL));
}

int an_store_service_update(struct an_db *db, int64_t id, const char *name, const char *description,
                            const char *conditions, int64_t notice_days, const char *url,
                            int64_t now)
{
  static const char SQL[] =
      "UPDATE services SET name = $2, description = $3, conditions = $4, notice_days = $5, "
      "url = $6, updated_at = $7 WHERE id = $1";
  return public_changed(db,
                        an_db_query(db, SQL,
                                    AN_ARGS(AN_P_INT(id), AN_P_TEXT(name), AN_P_TEXT(description),
                                            AN_P_TEXT(conditions), AN_P_INT(notice_days),
                                            AN_P_TEXT(url), AN_P_INT(now)),
                                    NULL, NULL));
}

int an_store_plan_update(struct an_db *db, int64_t id, const char *name, int64_t max_users,
                         int64_t storage_gb, int64_t monthly_fee, int64_t initial_fee)
{
  static const char SQL[] = "UPDATE plans SET name = $2, max_users = $3, storage_gb = $4, "
                            "monthly_fee = $5, initial_fee = $6 WHERE id = $1";
  return public_changed(
      db, an_db_query(db, SQL,
                      AN_ARGS(AN_P_INT(id), AN_P_TEXT(name), AN_P_INT(max_users),
                              AN_P_INT(storage_gb), AN_P_INT(monthly_fee), AN_P_INT(initial_fee)),
                      NULL, NULL));
}

int an_store_plan_set_pending_fee(struct an_db *db, int64_t id, int64_t fee, const char *on)
{
  static const char SET[] =
      "UPDATE plans SET pending_monthly_fee = $2, pending_fee_on = $3 WHERE id = $1";
  static const char CLEAR[] =
      "UPDATE plans SET pending_monthly_fee = NULL, pending_fee_on = NULL WHERE id = $1";
  struct an_db_param p[] = {AN_P_INT(id), AN_P_INT(fee), AN_P_TEXT(on)};
  return public_changed(db, fee < 0 ? an_db_query(db, CLEAR, p, 1, NULL, NULL)
                                    : an_db_query(db, SET, p, 3, NULL, NULL));
}

int an_store_plan_apply_pending_fee(struct an_db *db, int64_t id, const char *today)
{
  static const char SQL[] =
      "UPDATE plans SET monthly_fee = pending_monthly_fee, pending_monthly_fee = NULL, "
      "pending_fee_on = NULL WHERE id = $1 AND pending_monthly_fee IS NOT NULL "
      "AND pending_fee_on <= $2";
  return public_changed(db,
                        an_db_query(db, SQL, AN_ARGS(AN_P_INT(id), AN_P_TEXT(today)), NULL, NULL));
}
