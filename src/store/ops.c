#include "store/ops.h"

#include <stdlib.h>

#include "store/query.h"
#include "store/rows.h"
#include "store/seal.h"
#include "store/seal_fields.h"

int an_store_ops_maintenance_insert(struct an_db *db, const json_t *rec, int64_t now, int64_t *id)
{
  static const char SQL[] =
      "INSERT INTO ops_maintenance (kind, title, service_id, starts_at, ends_at, announced_at, "
      "within_notice, urgent, urgent_reason, created_by, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";
  static const char *const KEYS[] = {
      "t:kind",         "t:title",         "z:service_id", "i:starts_us",     "i:ends_us",
      "i:announced_us", "i:within_notice", "i:urgent",     "t:urgent_reason", "t:created_by"};
  struct an_db_param p[11];
  an_rec_params(rec, KEYS, 10, p);
  p[10] = AN_P_INT(now);
  return an_db_query(db, SQL, p, 11, an_store_int_cb, id);
}

#define MAINT_COLS                                                                                 \
  "id, kind, title, service_id, starts_at, ends_at, starts_at AS start_us, ends_at AS end_us, "    \
  "announced_at, within_notice, urgent, urgent_reason, cancelled, created_by, created_at "         \
  "FROM ops_maintenance"

int an_store_ops_maintenance_list_all(struct an_db *db, int64_t from, int64_t to,
                                      int64_t service_id, json_t *out)
{
  /* One statement per case, so no parameter ever means "any" (the shape rule of the store). */
  static const char ALL[] =
      "SELECT " MAINT_COLS " WHERE cancelled = 0 AND starts_at < $2 AND ends_at > $1 "
      "ORDER BY starts_at, id LIMIT 1000";
  static const char ONE[] =
      "SELECT " MAINT_COLS " WHERE cancelled = 0 AND starts_at < $2 AND ends_at > $1 AND "
      "(service_id IS NULL OR service_id = $3) ORDER BY starts_at, id LIMIT 1000";
  struct an_db_param p[] = {AN_P_INT(from), AN_P_INT(to), AN_P_INT(service_id)};
  return service_id ? an_store_rows(db, ONE, p, 3, out) : an_store_rows(db, ALL, p, 2, out);
}

int an_store_ops_maintenance_get(struct an_db *db, int64_t id, json_t **out)
{
  static const char SQL[] = "SELECT " MAINT_COLS " WHERE id = $1";
  return an_store_row(db, SQL, AN_ARGS(AN_P_INT(id)), out);
}

int an_store_ops_incident_insert(struct an_db *db, const json_t *rec, int64_t now, int64_t *id)
{
  static const char SQL[] =
      "INSERT INTO ops_incidents (title, impact, status, source, started_at, resolved_at, "
      "detected_at, notify_due_on, reach_half, reporter_name, reporter_email, created_by, "
      "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
      "$13) RETURNING id";
  static const char *const KEYS[] = {"t:title",         "t:impact",         "t:status",
                                     "t:source",        "i:started_us",     "z:resolved_us",
                                     "i:detected_us",   "t:notify_due_on",  "i:reach_half",
                                     "t:reporter_name", "t:reporter_email", "t:created_by"};
  struct an_db_param p[13];
  an_rec_params(rec, KEYS, 12, p);
  p[12] = AN_P_INT(now);
  return an_db_query(db, SQL, p, 13, an_store_int_cb, id);
}

int an_store_ops_incident_service_add(struct an_db *db, int64_t incident_id, int64_t service_id)
{
  static const char SQL[] =
      "INSERT INTO ops_incident_services (incident_id, service_id) VALUES ($1, $2)";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(incident_id), AN_P_INT(service_id)), NULL, NULL);
}

#define INCIDENT_COLS                                                                              \
  "id, title, impact, status, source, started_at, resolved_at, detected_at, notify_due_on, "       \
  "notified_at, reach_half, postmortem, reporter_name, reporter_email, created_by, created_at, "   \
  "updated_at, started_at AS start_us, resolved_at AS resolved_us, detected_at AS detected_us, "   \
  "notified_at AS notified_us FROM ops_incidents"

int an_store_ops_incident_get(struct an_db *db, int64_t id, json_t **out)
{
  static const char SQL[] = "SELECT " INCIDENT_COLS " WHERE id = $1";
  return an_store_row(db, SQL, AN_ARGS(AN_P_INT(id)), out);
}

int an_store_ops_incident_services(struct an_db *db, int64_t id, json_t *out)
{
  static const char SQL[] = "SELECT service_id FROM ops_incident_services WHERE incident_id = $1 "
                            "ORDER BY service_id";
  return an_store_rows(db, SQL, AN_ARGS(AN_P_INT(id)), out);
}

int an_store_ops_incident_updates(struct an_db *db, int64_t id, json_t *out)
{
  static const char SQL[] = "SELECT id, status, body, created_by, created_at "
                            "FROM ops_incident_updates WHERE incident_id = $1 ORDER BY id";
  return an_store_rows(db, SQL, AN_ARGS(AN_P_INT(id)), out);
}

int an_store_ops_incident_list_all(struct an_db *db, int64_t from, int64_t to, const char *status,
                                   json_t *out)
{
  static const char SQL[] =
      "SELECT " INCIDENT_COLS " WHERE started_at < $2 AND (resolved_at IS NULL OR resolved_at > "
      "$1) AND ($3 = '' OR ($3 = 'open' AND status <> 'resolved') OR status = $3) "
      "ORDER BY started_at DESC, id DESC LIMIT 1000";
  return an_store_rows(db, SQL,
                       AN_ARGS(AN_P_INT(from), AN_P_INT(to), AN_P_TEXT(status ? status : "")), out);
}

int an_store_ops_outages_all(struct an_db *db, int64_t from, int64_t to, int64_t service_id,
                             int64_t now, json_t *out)
{
  static const char SQL[] =
      "SELECT i.id, i.impact, i.started_at AS start_us, COALESCE(i.resolved_at, $4) AS end_us "
      "FROM ops_incidents i WHERE i.impact IN ('major_outage', 'partial_outage') "
      "AND i.started_at < $2 AND COALESCE(i.resolved_at, $4) > $1 AND ($3 = 0 "
      "OR NOT EXISTS (SELECT 1 FROM ops_incident_services s WHERE s.incident_id = i.id) "
      "OR EXISTS (SELECT 1 FROM ops_incident_services s WHERE s.incident_id = i.id "
      "AND s.service_id = $3)) ORDER BY i.started_at, i.id LIMIT 10000";
  return an_store_rows(
      db, SQL, AN_ARGS(AN_P_INT(from), AN_P_INT(to), AN_P_INT(service_id), AN_P_INT(now)), out);
}

int an_store_ops_incident_update_insert(struct an_db *db, int64_t incident_id, const char *status,
                                        const char *body, const char *by, int64_t now)
{
  static const char SQL[] = "INSERT INTO ops_incident_updates (incident_id, status, body, "
                            "created_by, created_at) VALUES ($1, $2, $3, $4, $5)";
  return an_db_query(db, SQL,
                     AN_ARGS(AN_P_INT(incident_id), AN_P_TEXT(status), AN_P_TEXT(body),
                             AN_P_TEXT(by), AN_P_INT(now)),
                     NULL, NULL);
}

int an_store_ops_incident_set_status(struct an_db *db, int64_t id, const char *status,
                                     const char *impact, int64_t resolved_at, int64_t now)
{
  static const char SQL[] =
      "UPDATE ops_incidents SET status = $2, impact = CASE WHEN $3 = '' THEN impact ELSE $3 END, "
      "resolved_at = CASE WHEN $2 = 'resolved' THEN COALESCE(resolved_at, $4) ELSE NULL END, "
      "updated_at = $5 WHERE id = $1";
  return an_db_query(db, SQL,
                     AN_ARGS(AN_P_INT(id), AN_P_TEXT(status), AN_P_TEXT(impact ? impact : ""),
                             AN_P_INT(resolved_at), AN_P_INT(now)),
                     NULL, NULL);
}

int an_store_ops_incident_set_postmortem(struct an_db *db, int64_t id, const char *text,
                                         int64_t now)
{
  static const char SQL[] =
      "UPDATE ops_incidents SET postmortem = $2, updated_at = $3 WHERE id = $1";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(id), AN_P_TEXT(text), AN_P_INT(now)), NULL, NULL);
}

int an_store_ops_incident_set_notified(struct an_db *db, int64_t id, int64_t now)
{
  static const char SQL[] =
      "UPDATE ops_incidents SET notified_at = $2 WHERE id = $1 AND notified_at IS NULL";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(id), AN_P_INT(now)), NULL, NULL);
}

/* A recipient record's sealed fields (store/seal.h): field, then the tenants column. */
static const char *const RECIPIENT_SEALED[] = {"email", "responsible_email", "name",
                                               "responsible_name", NULL};

int an_store_ops_incident_recipients_all(struct an_db *db, int64_t incident_id, json_t *out)
{
  static const char SQL[] =
      "SELECT t.id AS tenant_id, t.responsible_email AS email, t.responsible_name AS name, "
      "t.lang FROM tenants t WHERE t.status = 'active' AND EXISTS (SELECT 1 FROM contracts c "
      "WHERE c.tenant_id = t.id AND c.status IN ('active', 'suspended') AND (NOT EXISTS "
      "(SELECT 1 FROM ops_incident_services s WHERE s.incident_id = $1) OR c.service_id IN "
      "(SELECT s.service_id FROM ops_incident_services s WHERE s.incident_id = $1))) "
      "ORDER BY t.id";
  struct an_db_param p[] = {AN_P_INT(incident_id)};
  int rc = an_store_seal_sync(db);
  rc = rc < 0 ? rc : an_store_rows(db, SQL, p, 1, out);
  an_store_open_rows(out, 0, "tenant_id", "tenants", "tenant_id", RECIPIENT_SEALED);
  return rc;
}

int an_store_ops_services_all(struct an_db *db, json_t *out)
{
  static const char SQL[] =
      "SELECT id, name FROM services WHERE status = 'active' ORDER BY id LIMIT 1000";
  return an_store_rows(db, SQL, NULL, 0, out);
}

int an_store_ops_tenant_has_service(struct an_db *db, int64_t tenant_id, int64_t service_id)
{
  static const char SQL[] = "SELECT 1 FROM contracts WHERE tenant_id = $1 AND service_id = $2 "
                            "AND status IN ('active', 'suspended') LIMIT 1";
  if (!an_store_scoped(tenant_id, __func__))
    return 0;
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(service_id)), NULL, NULL);
}

int an_store_ops_announcement_insert(struct an_db *db, const json_t *rec, int64_t now, int64_t *id)
{
  static const char SQL[] =
      "INSERT INTO ops_announcements (kind, title, body, audience, service_id, tenant_id, "
      "publish_at, effective_at, urgent, urgent_reason, created_by, created_at, title_en, "
      "body_en) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) "
      "RETURNING id";
  static const char *const KEYS[] = {
      "t:kind",       "t:title",      "t:body",         "t:audience", "z:service_id",
      "z:tenant_id",  "i:publish_us", "z:effective_us", "i:urgent",   "t:urgent_reason",
      "t:created_by", "t:title_en",   "t:body_en"};
  struct an_db_param p[14];
  an_rec_params(rec, KEYS, 11, p);
  p[11] = AN_P_INT(now); /* created_at, between the record's columns */
  an_rec_params(rec, KEYS + 11, 2, p + 12);
  return an_db_query(db, SQL, p, 14, an_store_int_cb, id);
}

#define ANN_COLS                                                                                   \
  "id, kind, title, body, title_en, body_en, audience, service_id, tenant_id, publish_at, "        \
  "effective_at, urgent, "                                                                         \
  "urgent_reason, created_by, created_at, publish_at AS publish_us FROM ops_announcements"

int an_store_ops_announcement_get(struct an_db *db, int64_t id, json_t **out)
{
  static const char SQL[] = "SELECT " ANN_COLS " WHERE id = $1";
  return an_store_row(db, SQL, AN_ARGS(AN_P_INT(id)), out);
}

int an_store_ops_announcements_public(struct an_db *db, int64_t now, int limit, json_t *out)
{
  static const char SQL[] = "SELECT " ANN_COLS " WHERE audience = 'all' AND publish_at <= $1 "
                            "ORDER BY publish_at DESC, id DESC LIMIT $2";
  return an_store_rows(db, SQL, AN_ARGS(AN_P_INT(now), AN_P_INT(limit)), out);
}

int an_store_ops_announcements_tenant(struct an_db *db, int64_t tenant_id, int64_t now, json_t *out)
{
  static const char SQL[] =
      "SELECT " ANN_COLS " WHERE publish_at <= $2 AND (audience = 'all' OR (audience = 'tenant' "
      "AND tenant_id = $1) OR (audience = 'service' AND service_id IN (SELECT c.service_id FROM "
      "contracts c WHERE c.tenant_id = $1))) ORDER BY publish_at DESC, id DESC LIMIT 500";
  if (!an_store_scoped(tenant_id, __func__))
    return 0;
  return an_store_rows(db, SQL, AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(now)), out);
}

int an_store_ops_announcements_all(struct an_db *db, json_t *out)
{
  static const char SQL[] = "SELECT " ANN_COLS " ORDER BY publish_at DESC, id DESC LIMIT 500";
  return an_store_rows(db, SQL, NULL, 0, out);
}

int an_store_ops_audience_all(struct an_db *db, const char *audience, int64_t service_id,
                              int64_t tenant_id, json_t *out)
{
  static const char SQL[] =
      "SELECT t.id AS tenant_id, t.responsible_email AS email, t.responsible_name AS name, "
      "t.lang FROM tenants t WHERE t.status = 'active' AND ($1 = 'all' OR ($1 = 'tenant' AND "
      "t.id = $3) OR ($1 = 'service' AND EXISTS (SELECT 1 FROM contracts c WHERE c.tenant_id = "
      "t.id AND c.service_id = $2 AND c.status IN ('active', 'suspended')))) ORDER BY t.id";
  struct an_db_param p[] = {AN_P_TEXT(audience), AN_P_INT(service_id), AN_P_INT(tenant_id)};
  int rc = an_store_seal_sync(db);
  rc = rc < 0 ? rc : an_store_rows(db, SQL, p, 3, out);
  an_store_open_rows(out, 0, "tenant_id", "tenants", "tenant_id", RECIPIENT_SEALED);
  return rc;
}

int an_store_ops_delivery_insert(struct an_db *db, int64_t announcement_id, int64_t tenant_id,
                                 const char *to, int64_t mail_id, int64_t now)
{
  static const char SQL[] =
      "INSERT INTO ops_announcement_deliveries (announcement_id, tenant_id, to_addr, mail_id, "
      "created_at) VALUES ($1, $2, $3, $4, $5)";
  return an_db_query(db, SQL,
                     AN_ARGS(AN_P_INT(announcement_id), AN_P_INT(tenant_id), AN_P_TEXT(to),
                             mail_id ? AN_P_INT(mail_id) : AN_P_NULL, AN_P_INT(now)),
                     NULL, NULL);
}

int an_store_ops_deliveries(struct an_db *db, int64_t announcement_id, json_t *out)
{
  static const char SQL[] = "SELECT tenant_id, to_addr, mail_id, created_at FROM "
                            "ops_announcement_deliveries WHERE announcement_id = $1 ORDER BY id";
  return an_store_rows(db, SQL, AN_ARGS(AN_P_INT(announcement_id)), out);
}

int an_store_ops_service_exists(struct an_db *db, int64_t service_id)
{
  static const char SQL[] = "SELECT 1 FROM services WHERE id = $1";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(service_id)), NULL, NULL);
}

int an_store_ops_service_names(struct an_db *db, int64_t incident_id, json_t *out)
{
  static const char SQL[] =
      "SELECT v.id, v.name FROM services v JOIN ops_incident_services s ON s.service_id = v.id "
      "WHERE s.incident_id = $1 ORDER BY v.id";
  return an_store_rows(db, SQL, AN_ARGS(AN_P_INT(incident_id)), out);
}

int an_store_ops_incident_spans_all(struct an_db *db, int64_t from, int64_t to, int64_t now,
                                    json_t *out)
{
  static const char SQL[] =
      "SELECT i.id, i.impact, i.status, i.started_at AS start_us, COALESCE(i.resolved_at, $3) "
      "AS end_us, s.service_id FROM ops_incidents i LEFT JOIN ops_incident_services s ON "
      "s.incident_id = i.id WHERE i.impact <> 'none' AND i.started_at < $2 AND "
      "COALESCE(i.resolved_at, $3) > $1 ORDER BY i.started_at, i.id LIMIT 20000";
  return an_store_rows(db, SQL, AN_ARGS(AN_P_INT(from), AN_P_INT(to), AN_P_INT(now)), out);
}

int an_store_ops_subscriber_insert(struct an_db *db, const char *email, const char *lang,
                                   const char *confirm_hash, const char *unsubscribe_token,
                                   int64_t now)
{
  static const char SQL[] =
      "INSERT INTO ops_subscribers (email, lang, confirm_hash, unsubscribe_token, created_at, "
      "email_bidx) VALUES ($1, $2, $3, $4, $5, $6)";
  /* The address sealed under the operator key, found by its blind index (store/seal_fields.h). */
  char *sealed = an_store_seal_for(db, 0, "ops_subscribers", "email", email);
  char bidx[AN_BLIND_HEX] = "";
  if (!sealed || !an_store_blind(0, email, bidx)) {
    free(sealed);
    return AN_DB_HARD;
  }
  int rc = an_db_query(db, SQL,
                       AN_ARGS(AN_P_TEXT(sealed), AN_P_TEXT(lang), AN_P_TEXT(confirm_hash),
                               AN_P_TEXT(unsubscribe_token), AN_P_INT(now), AN_P_TEXT(bidx)),
                       NULL, NULL);
  free(sealed);
  return rc;
}

int an_store_ops_subscriber_confirm(struct an_db *db, const char *confirm_hash, int64_t not_before,
                                    int64_t now, int64_t *id)
{
  static const char SQL[] =
      "UPDATE ops_subscribers SET status = 'active', confirmed_at = $3, confirm_hash = '' "
      "WHERE confirm_hash = $1 AND $1 <> '' AND status = 'pending' AND created_at >= $2 "
      "RETURNING id";
  return an_db_query(db, SQL, AN_ARGS(AN_P_TEXT(confirm_hash), AN_P_INT(not_before), AN_P_INT(now)),
                     an_store_int_cb, id);
}

int an_store_ops_subscriber_remove(struct an_db *db, const char *unsubscribe_token, int64_t now,
                                   int64_t *id)
{
  static const char SQL[] =
      "UPDATE ops_subscribers SET status = 'removed', removed_at = $2 WHERE unsubscribe_token = "
      "$1 AND status <> 'removed' RETURNING id";
  return an_db_query(db, SQL, AN_ARGS(AN_P_TEXT(unsubscribe_token), AN_P_INT(now)), an_store_int_cb,
                     id);
}

int an_store_ops_subscribers_active_all(struct an_db *db, json_t *out)
{
  static const char SQL[] = "SELECT id, email, lang, unsubscribe_token FROM ops_subscribers "
                            "WHERE status = 'active' ORDER BY id LIMIT 100000";
  static const char *const sealed[] = {"email", "email", NULL};
  json_t *rows = json_array();
  int rc = an_store_rows(db, SQL, NULL, 0, rows);
  an_store_open_fields(db, rows, 0, NULL, "ops_subscribers", sealed);
  json_array_extend(out, rows);
  json_decref(rows);
  return rc;
}

int an_store_ops_info_versions(struct an_db *db, const char *kind, json_t *out)
{
  static const char SQL[] =
      "SELECT id, kind, version, title, body, title_en, body_en, effective_on, created_at "
      "FROM ops_info_pages WHERE kind = $1 ORDER BY version DESC LIMIT 200";
  return an_store_rows(db, SQL, AN_ARGS(AN_P_TEXT(kind)), out);
}

int an_store_ops_info_insert(struct an_db *db, const char *kind, const json_t *rec, int64_t now,
                             int64_t *version)
{
  static const char SQL[] =
      "INSERT INTO ops_info_pages (kind, version, title, body, title_en, body_en, effective_on, "
      "published_by, created_at) SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5, $6, "
      "$7, $8 FROM ops_info_pages WHERE kind = $1 RETURNING version";
  static const char *const KEYS[] = {"t:title",   "t:body",         "t:title_en",
                                     "t:body_en", "t:effective_on", "t:published_by"};
  struct an_db_param p[8] = {AN_P_TEXT(kind)};
  an_rec_params(rec, KEYS, 6, p + 1);
  p[7] = AN_P_INT(now);
  return an_db_query(db, SQL, p, 8, an_store_int_cb, version);
}
