/* Moving a tenant between the shared database and a database of its own (WP-1, issue 15 item 3),
 * during an announced maintenance window: refuse the tenant's writes, copy, verify (row counts
 * and digests per moved table, the audit chain), switch, and remove the old copy. Design in
 * docs/architecture.md "Dedicated tenancy"; routing in store/placement.h. */
#ifndef AN_LIFECYCLE_PLACEMENT_H
#define AN_LIFECYCLE_PLACEMENT_H
#include <jansson.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"

/* Outcomes besides success (0). */
#define AN_MOVE_REFUSED 2    /* not possible now: no window, wrong state, SQLite, no tenant */
#define AN_MOVE_UNVERIFIED 1 /* the copy or the chain did not verify: moved back, nothing lost */
#define AN_MOVE_FAILED                                                                             \
  3 /* a database failed; the tenant stays in its moving state (writes                             \
       refused) until the same move is run again */

/* Moves tenant_id into the PostgreSQL database url, or back into the shared database when url
 * is NULL. Waits at each state change for every instance to see it (twice [tenancy]
 * placement_check_ms plus the transaction retry budget). Appends a report (or the reason) to
 * out, never the conninfo. Returns 0 or one of the outcomes above. */
int an_placement_move(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                      const char *url, struct an_buf *out);

/* The tenant's placement as the operator's tenant detail shows it (read-only): tenant_id, model
 * ("shared" or "dedicated": where its own rows are read now), state (shared, to_dedicated,
 * dedicated, to_shared), moving, label (host and database name, never the conninfo), since
 * (RFC 3339, the last change; null when never moved), writable_from (null when writable), and
 * backend ("sqlite" or "postgres": a move needs PostgreSQL). Operator scope only. Returns
 * AN_EC_OK, AN_EC_GENERIC_NOT_FOUND (no such tenant, or not the operator) or an internal error. */
enum an_ec an_placement_show(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                             json_t **out);

#endif
