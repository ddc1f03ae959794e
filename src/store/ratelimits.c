#include "store/ratelimits.h"
#include "store/query.h"

static void hits_cb(void *cls, const struct an_db_row *row)
{
  *(int64_t *)cls = an_db_row_int(row, 0);
}

int an_store_rate_hit(struct an_db *db, const char *key, int64_t window_start, int64_t *hits)
{
  /* A new window restarts the count; the same window adds one. */
  static const char SQL[] =
      "INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, $2, 1) "
      "ON CONFLICT (key) DO UPDATE SET hits = CASE WHEN rate_limits.window_start = "
      "excluded.window_start THEN rate_limits.hits + 1 ELSE 1 END, "
      "window_start = excluded.window_start RETURNING hits";
  struct an_db_param p[] = {AN_P_TEXT(key), AN_P_INT(window_start)};
  *hits = 0;
  return an_db_query(db, SQL, p, 2, hits_cb, hits);
}

int an_store_rate_sweep(struct an_db *db, int64_t before)
{
  static const char SQL[] = "DELETE FROM rate_limits WHERE window_start < $1";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(before)), NULL, NULL);
}

int an_store_rate_add(struct an_db *db, const char *key, int64_t window_start, int64_t n,
                      int64_t *total)
{
  static const char SQL[] =
      "INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, $2, $3) "
      "ON CONFLICT (key) DO UPDATE SET hits = CASE WHEN rate_limits.window_start = "
      "excluded.window_start THEN rate_limits.hits + excluded.hits ELSE excluded.hits END, "
      "window_start = excluded.window_start "
      "WHERE rate_limits.window_start <= excluded.window_start RETURNING hits"; /* never back */
  struct an_db_param p[] = {AN_P_TEXT(key), AN_P_INT(window_start), AN_P_INT(n)};
  *total = 0;
  return an_db_query(db, SQL, p, 3, hits_cb, total);
}
