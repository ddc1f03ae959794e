/* The monitor's tables (migration 033): each probe's current state and its samples. Operator-wide
 * data: no tenant owns a probe, so these functions are the "_all" kind by nature. */
#ifndef AN_STORE_MONITOR_H
#define AN_STORE_MONITOR_H
#include <jansson.h>
#include <stdint.h>

#include "store/db.h"

/* One probe's state as the monitor keeps it; alerted_at and report_id 0 = none. */
struct an_store_probe {
  const char *name;
  bool ok;
  const char *detail;
  int64_t value, checked_at, since, alerted_at, report_id;
};

/* Writes (inserts or replaces) the state of p->name. Returns 1 or an error. */
int an_store_monitor_put(struct an_db *db, const struct an_store_probe *p);
/* Appends one sample. Returns 1 or an error. */
int an_store_monitor_sample_add(struct an_db *db, const char *probe, bool ok, const char *detail,
                                int64_t value, int64_t at);
/* Deletes samples taken before `before`. Returns the count or an error. */
int an_store_monitor_prune_all(struct an_db *db, int64_t before);
/* Every probe's state, by name: name, ok, detail, value, checked_at, since_at, alerted_at (RFC
 * 3339 or null), report_id, and since_us / alerted_us as integers. Returns the count or an
 * error. */
int an_store_monitor_probes_all(struct an_db *db, json_t *out);
/* The newest `limit` samples (all probes, newest first), or only failures when failures_only.
 * Returns the count or an error. */
int an_store_monitor_samples_all(struct an_db *db, int64_t limit, bool failures_only, json_t *out);
/* The due time of the oldest pending job due by now (0 when none). Returns 1 or an error. */
int an_store_monitor_oldest_due_job(struct an_db *db, int64_t now, int64_t *due_at);

#endif
