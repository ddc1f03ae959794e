/* The response-time histograms per hour (migration 037, ops_latency_hours). */
#ifndef AN_STORE_LATENCY_H
#define AN_STORE_LATENCY_H
#include "core/latency.h"
#include "store/db.h"

/* Adds counts to the row of (hour_at, class), creating it. Returns 1 or a negative
 * an_db_status. System-wide data: no tenant. */
int an_store_latency_add(struct an_db *db, int64_t hour_at, const char *class_name,
                         const struct an_latency_counts *c);
/* The sum of the rows of class whose hour starts in [from, to) into *out. Returns 1 or a
 * negative an_db_status. */
int an_store_latency_sum_all(struct an_db *db, int64_t from, int64_t to, const char *class_name,
                             struct an_latency_counts *out);

#endif
