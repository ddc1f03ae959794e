/* The audit outbox of dedicated tenancy (store/audit_outbox.h). The rows travel between the two
 * databases as JSON (json_agg / json_populate_recordset, as the move copies rows), one statement
 * per side and batch; every statement is static SQL with bound parameters. */
#include "store/audit_outbox.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/log.h"
#include "store/placement.h"

#define RELAY_BATCH 500

#define OUTBOX_COLUMNS                                                                             \
  "id, at, actor_kind, actor_id, actor_label, tenant_id, action, target, outcome, client_ip, "     \
  "request_id, details, emac"

struct batch {
  char *json;
  char *ids;
  int64_t count;
};

static void batch_cb(void *cls, const struct an_db_row *row)
{
  struct batch *b = cls;
  const char *j = an_db_row_text(row, 0), *ids = an_db_row_text(row, 1);
  b->json = an_strdup(j ? j : "[]");
  b->ids = an_strdup(ids ? ids : "{}");
  b->count = an_db_row_int(row, 2);
}

static void batch_free(struct batch *b)
{
  free(b->json);
  free(b->ids);
  memset(b, 0, sizeof *b);
}

/* One batch: the outbox's oldest rows into the shared chain (present ids skipped), then out of
 * the outbox. Returns the rows handled (0 = the outbox is empty) or an error. */
static int relay_batch(struct an_db *shared, struct an_db *tenant, int64_t *moved)
{
  static const char READ[] =
      "SELECT COALESCE(json_agg(o ORDER BY o.id), '[]')::text, "
      "'{' || COALESCE(string_agg(o.id::text, ','), '') || '}', COUNT(*) FROM "
      "(SELECT " OUTBOX_COLUMNS " FROM audit_outbox ORDER BY id LIMIT 500) o";
  /* ON CONFLICT waits for a transaction still inserting the same id (the original, committing
   * in the shared database right now) and then skips it: an event is never in the chain twice. */
  static const char INSERT[] =
      "INSERT INTO audit_events (" OUTBOX_COLUMNS ") SELECT " OUTBOX_COLUMNS
      " FROM json_populate_recordset(NULL::audit_outbox, $1::json) ON CONFLICT (id) DO NOTHING";
  static const char DELETE[] = "DELETE FROM audit_outbox WHERE id = ANY($1::bigint[])";
  struct batch b = {0};
  int rc = an_db_query(tenant, READ, NULL, 0, batch_cb, &b);
  if (rc >= 0 && b.count > 0) {
    struct an_db_param p[] = {AN_P_TEXT(b.json)};
    rc = an_db_query(shared, INSERT, p, 1, NULL, NULL);
    if (rc > 0) {
      *moved += rc;
      an_log(AN_LOG_WARN, "audit events relayed from a tenant database's outbox",
             json_pack("{s:i}", "events", rc));
    }
    if (rc >= 0) {
      struct an_db_param q[] = {AN_P_TEXT(b.ids)};
      rc = an_db_query(tenant, DELETE, q, 1, NULL, NULL);
    }
  }
  int count = (int)b.count;
  batch_free(&b);
  return rc < 0 ? rc : count;
}

int an_store_audit_outbox_relay_one(struct an_db *shared, struct an_db *tenant, int64_t *moved)
{
  if (!an_db_is_postgres(shared) || !tenant || tenant == shared)
    return 0;
  int rc;
  while ((rc = relay_batch(shared, tenant, moved)) == RELAY_BATCH) {
  }
  return rc < 0 ? rc : 0;
}

int an_store_audit_outbox_relay(struct an_db *shared, int64_t *moved)
{
  int64_t *ids = NULL;
  size_t n = an_store_placement_dedicated(shared, &ids);
  int result = 0;
  for (size_t i = 0; i < n; i++) {
    struct an_db *t = NULL;
    int rc = an_store_route_peek(shared, ids[i], &t);
    if (rc >= 0)
      rc = an_store_audit_outbox_relay_one(shared, t, moved);
    if (rc < 0) {
      an_log(AN_LOG_WARN, "audit outbox of a tenant database not relayed; tried again later",
             json_pack("{s:I}", "tenant_id", (json_int_t)ids[i]));
      result = rc;
    }
  }
  free(ids);
  return result;
}
