#include "store/ops_report.h"

#include "store/query.h"
#include "store/rows.h"

int an_store_ops_report_incidents_all(struct an_db *db, int64_t from, int64_t to,
                                      int64_t service_id, json_t *out)
{
  static const char SQL[] =
      "SELECT i.id, i.title, i.impact, i.status, i.started_at AS start_us, "
      "i.resolved_at AS resolved_us FROM ops_incidents i WHERE i.status <> 'reported' "
      "AND i.started_at < $2 AND (i.resolved_at IS NULL OR i.resolved_at > $1) "
      "AND (NOT EXISTS (SELECT 1 FROM ops_incident_services s WHERE s.incident_id = i.id) "
      "OR EXISTS (SELECT 1 FROM ops_incident_services s WHERE s.incident_id = i.id "
      "AND s.service_id = $3)) ORDER BY i.started_at, i.id LIMIT 1000";
  return an_store_rows(db, SQL, AN_ARGS(AN_P_INT(from), AN_P_INT(to), AN_P_INT(service_id)), out);
}

int an_store_ops_announcement_claim(struct an_db *db, int64_t id, int64_t now)
{
  static const char SQL[] =
      "UPDATE ops_announcements SET delivered_at = $2 WHERE id = $1 AND delivered_at IS NULL";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(id), AN_P_INT(now)), NULL, NULL);
}

int an_store_ops_announcements_due_all(struct an_db *db, int64_t now, int limit, json_t *out)
{
  static const char SQL[] =
      "SELECT id, kind, title, body, title_en, body_en, audience, service_id, tenant_id, "
      "publish_at AS publish_us, effective_at AS effective_us FROM ops_announcements "
      "WHERE delivered_at IS NULL AND publish_at <= $1 ORDER BY publish_at, id LIMIT $2";
  return an_store_rows(db, SQL, AN_ARGS(AN_P_INT(now), AN_P_INT(limit)), out);
}
