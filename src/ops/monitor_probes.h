/* The built-in probes of the monitor (ops/monitor.h), each a look at one thing right now. */
#ifndef AN_OPS_MONITOR_PROBES_H
#define AN_OPS_MONITOR_PROBES_H
#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "store/db.h"

/* What one probe found: skipped (nothing to look at), ok, a figure (its unit depends on the
 * probe: milliseconds, percent free, seconds of lag, days left) and a line for the operator. */
struct an_probe_result {
  bool skipped, ok;
  int64_t value;
  struct an_buf detail;
};

struct an_probe {
  const char *name;
  void (*run)(const struct an_ctx *ctx, struct an_db *db, struct an_probe_result *r);
};

/* The probes in the order they run. */
extern const struct an_probe an_probes[];
extern const size_t an_nprobes;

#endif
