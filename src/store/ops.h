/* Operations and service levels: maintenance windows, incidents and their updates, announcements
 * and their deliveries (migration 028). Operator-wide data: the public status page and the SLA
 * figures read it for every tenant; the one tenant-scoped read is a tenant's own services. Rows
 * come back as records (store/rows.h): "*_at" columns as RFC 3339, "*_us" as microseconds. */
#ifndef AN_STORE_OPS_H
#define AN_STORE_OPS_H
#include <jansson.h>
#include <stdint.h>

#include "store/db.h"

/* Inserts a maintenance window from rec (kind, title, service_id or 0, starts_at/ends_at/
 * announced_at as integers "starts_us", "ends_us", "announced_us", within_notice, urgent,
 * urgent_reason, created_by); sets *id. */
int an_store_ops_maintenance_insert(struct an_db *db, const json_t *rec, int64_t now, int64_t *id);
/* Windows not cancelled overlapping [from, to), oldest first, at most 1000; service_id 0 = any
 * service, else the windows of every service and of that one. Each row has start_us, end_us. */
int an_store_ops_maintenance_list_all(struct an_db *db, int64_t from, int64_t to,
                                      int64_t service_id, json_t *out);
/* One window by id. */
int an_store_ops_maintenance_get(struct an_db *db, int64_t id, json_t **out);

/* Inserts an incident from rec (title, impact, status, source, started_us, resolved_us or absent,
 * detected_us, notify_due_on, reach_half, reporter_name, reporter_email, created_by); sets *id. */
int an_store_ops_incident_insert(struct an_db *db, const json_t *rec, int64_t now, int64_t *id);
/* Names one affected service of an incident. */
int an_store_ops_incident_service_add(struct an_db *db, int64_t incident_id, int64_t service_id);
/* One incident by id. */
int an_store_ops_incident_get(struct an_db *db, int64_t id, json_t **out);
/* The ids of an incident's services as {"service_id": n} rows. */
int an_store_ops_incident_services(struct an_db *db, int64_t id, json_t *out);
/* An incident's updates, oldest first. */
int an_store_ops_incident_updates(struct an_db *db, int64_t id, json_t *out);
/* Incidents overlapping [from, to) (unresolved ones run to now), newest first, at most 1000;
 * status "" = any, "open" = not resolved. */
int an_store_ops_incident_list_all(struct an_db *db, int64_t from, int64_t to, const char *status,
                                   json_t *out);
/* Outage spans for availability: incidents with impact major_outage or partial_outage
 * overlapping [from, to), with id, impact, start_us and end_us (now when unresolved); service_id
 * 0 = all, else the incidents naming that service or naming none (platform-wide). */
int an_store_ops_outages_all(struct an_db *db, int64_t from, int64_t to, int64_t service_id,
                             int64_t now, json_t *out);
/* Records an update: the new status (and resolved_at when it is "resolved" and none was set). */
int an_store_ops_incident_update_insert(struct an_db *db, int64_t incident_id, const char *status,
                                        const char *body, const char *by, int64_t now);
int an_store_ops_incident_set_status(struct an_db *db, int64_t id, const char *status,
                                     const char *impact, int64_t resolved_at, int64_t now);
int an_store_ops_incident_set_postmortem(struct an_db *db, int64_t id, const char *text,
                                         int64_t now);
/* Sets notified_at once (the first notice to members, WP-19). */
int an_store_ops_incident_set_notified(struct an_db *db, int64_t id, int64_t now);
/* The responsible persons of tenants with an active or suspended contract for one of the
 * incident's services (every such tenant when the incident names none): tenant_id, email, name,
 * lang. */
int an_store_ops_incident_recipients_all(struct an_db *db, int64_t incident_id, json_t *out);

/* Active services (id, name), by id. */
int an_store_ops_services_all(struct an_db *db, json_t *out);
/* 1 when tenant has an active or suspended contract for service, 0 when not. */
int an_store_ops_tenant_has_service(struct an_db *db, int64_t tenant_id, int64_t service_id);

/* Inserts an announcement from rec (kind, title, body, audience, service_id, tenant_id,
 * publish_us, effective_us or absent, urgent, urgent_reason, created_by); sets *id. */
int an_store_ops_announcement_insert(struct an_db *db, const json_t *rec, int64_t now, int64_t *id);
int an_store_ops_announcement_get(struct an_db *db, int64_t id, json_t **out);
/* Published (publish_at <= now) announcements for everyone, newest first, at most limit. */
int an_store_ops_announcements_public(struct an_db *db, int64_t now, int limit, json_t *out);
/* Announcements a tenant may read (audience all, its services, itself), published by now. */
int an_store_ops_announcements_tenant(struct an_db *db, int64_t tenant_id, int64_t now,
                                      json_t *out);
/* Every announcement, newest first, at most 500. */
int an_store_ops_announcements_all(struct an_db *db, json_t *out);
/* The audience's responsible persons (tenant_id, email, name, lang): every active tenant, the
 * contractors of service_id, or the one tenant. */
int an_store_ops_audience_all(struct an_db *db, const char *audience, int64_t service_id,
                              int64_t tenant_id, json_t *out);
/* Records one delivery of an announcement (TOS-21). */
int an_store_ops_delivery_insert(struct an_db *db, int64_t announcement_id, int64_t tenant_id,
                                 const char *to, int64_t mail_id, int64_t now);
/* The deliveries of an announcement. */
int an_store_ops_deliveries(struct an_db *db, int64_t announcement_id, json_t *out);

/* 1 when a service with this id exists (whatever its status), 0 when not. */
int an_store_ops_service_exists(struct an_db *db, int64_t service_id);
/* The services (id, name) an incident names, by id. */
int an_store_ops_service_names(struct an_db *db, int64_t incident_id, json_t *out);

/* Incidents other than untriaged reports overlapping [from, to), one row per affected service
 * (service_id null when the incident names none): id, impact, status, start_us, end_us (now when
 * unresolved), service_id. */
int an_store_ops_incident_spans_all(struct an_db *db, int64_t from, int64_t to, int64_t now,
                                    json_t *out);

/* A pending subscriber (email, lang, SHA-256 hex of the confirmation token, the unsubscribe
 * token). */
int an_store_ops_subscriber_insert(struct an_db *db, const char *email, const char *lang,
                                   const char *confirm_hash, const char *unsubscribe_token,
                                   int64_t now);
/* Activates the pending subscriber whose confirmation hash this is, created after not_before;
 * sets *id. 1 when done, 0 when none. */
int an_store_ops_subscriber_confirm(struct an_db *db, const char *confirm_hash, int64_t not_before,
                                    int64_t now, int64_t *id);
/* Removes the subscriber of this unsubscribe token; 1 when one was active or pending. */
int an_store_ops_subscriber_remove(struct an_db *db, const char *unsubscribe_token, int64_t now,
                                   int64_t *id);
/* Active subscribers (id, email, lang, unsubscribe_token), by id. */
int an_store_ops_subscribers_active_all(struct an_db *db, json_t *out);

/* The versions of a public information page, newest first (version, title, body, title_en,
 * body_en, effective_on, created_at). */
int an_store_ops_info_versions(struct an_db *db, const char *kind, json_t *out);
/* Publishes the next version of kind (its number one above the highest); sets *version. */
int an_store_ops_info_insert(struct an_db *db, const char *kind, const json_t *rec, int64_t now,
                             int64_t *version);

#endif
