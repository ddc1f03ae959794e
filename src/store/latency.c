#include "store/latency.h"

int an_store_latency_add(struct an_db *db, int64_t hour_at, const char *class_name,
                         const struct an_latency_counts *c)
{
  static const char SQL[] =
      "INSERT INTO ops_latency_hours (hour_at, class, count, sum_us, b0, b1, b2, b3, b4, b5, b6, "
      "b7, b8, b9, b10, b11, b12, b13, b14, b15) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
      "$19, $20) ON CONFLICT (hour_at, class) DO UPDATE SET "
      "count = ops_latency_hours.count + excluded.count, "
      "sum_us = ops_latency_hours.sum_us + excluded.sum_us, "
      "b0 = ops_latency_hours.b0 + excluded.b0, b1 = ops_latency_hours.b1 + excluded.b1, b2 = "
      "ops_latency_hours.b2 + excluded.b2, b3 = ops_latency_hours.b3 + excluded.b3, b4 = "
      "ops_latency_hours.b4 + excluded.b4, b5 = ops_latency_hours.b5 + excluded.b5, b6 = "
      "ops_latency_hours.b6 + excluded.b6, b7 = ops_latency_hours.b7 + excluded.b7, b8 = "
      "ops_latency_hours.b8 + excluded.b8, b9 = ops_latency_hours.b9 + excluded.b9, b10 = "
      "ops_latency_hours.b10 + excluded.b10, b11 = ops_latency_hours.b11 + excluded.b11, b12 = "
      "ops_latency_hours.b12 + excluded.b12, b13 = ops_latency_hours.b13 + excluded.b13, b14 = "
      "ops_latency_hours.b14 + excluded.b14, b15 = ops_latency_hours.b15 + excluded.b15";
  struct an_db_param p[4 + AN_LATENCY_NBUCKETS] = {AN_P_INT(hour_at), AN_P_TEXT(class_name),
                                                   AN_P_INT(c->count), AN_P_INT(c->sum_us)};
  for (size_t b = 0; b < AN_LATENCY_NBUCKETS; b++)
    p[4 + b] = AN_P_INT(c->bucket[b]);
  int rc = an_db_query(db, SQL, p, 4 + AN_LATENCY_NBUCKETS, NULL, NULL);
  return rc < 0 ? rc : 1;
}

static void sum_cb(void *cls, const struct an_db_row *row)
{
  struct an_latency_counts *out = cls;
  out->count = an_db_row_int(row, 0);
  out->sum_us = an_db_row_int(row, 1);
  for (size_t b = 0; b < AN_LATENCY_NBUCKETS; b++)
    out->bucket[b] = an_db_row_int(row, 2 + (int)b);
}

int an_store_latency_sum_all(struct an_db *db, int64_t from, int64_t to, const char *class_name,
                             struct an_latency_counts *out)
{
  static const char SQL[] =
      "SELECT COALESCE(SUM(count), 0), COALESCE(SUM(sum_us), 0), COALESCE(SUM(b0), 0), "
      "COALESCE(SUM(b1), 0), COALESCE(SUM(b2), 0), COALESCE(SUM(b3), 0), COALESCE(SUM(b4), 0), "
      "COALESCE(SUM(b5), 0), COALESCE(SUM(b6), 0), COALESCE(SUM(b7), 0), COALESCE(SUM(b8), 0), "
      "COALESCE(SUM(b9), 0), COALESCE(SUM(b10), 0), COALESCE(SUM(b11), 0), COALESCE(SUM(b12), 0), "
      "COALESCE(SUM(b13), 0), COALESCE(SUM(b14), 0), COALESCE(SUM(b15), 0) "
      "FROM ops_latency_hours WHERE class = $1 AND hour_at >= $2 AND hour_at < $3";
  struct an_db_param p[] = {AN_P_TEXT(class_name), AN_P_INT(from), AN_P_INT(to)};
  *out = (struct an_latency_counts){0};
  int rc = an_db_query(db, SQL, p, 3, sum_cb, out);
  return rc < 0 ? rc : 1;
}
