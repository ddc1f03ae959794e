/* Operations and service levels (issue 12): maintenance windows, incidents, measured
 * availability (SLA-4), announcements (CHK-19) and the public status page. Domain functions take
 * the request's context and a connection, return enum an_ec, and never see HTTP. */
#ifndef AN_OPS_OPS_H
#define AN_OPS_OPS_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"

/* Marks the cached public status and feed as stale (this instance's own changes). */
void an_ops_changed(void);
/* A counter raised by an_ops_changed, read by the caches. */
uint64_t an_ops_generation(void);

/* ---- incidents (SLA-6, SLA-8, WP-19, MARK-3-3-1, CHK-5, SLA-31) ---- */

struct an_ops_incident_in {
  const char *title;
  const char *impact;     /* major_outage | partial_outage | degraded */
  const char *status;     /* investigating (default) | identified | monitoring | resolved */
  const char *body;       /* the first update's text, may be NULL */
  const json_t *services; /* array of service ids (may be NULL or empty: the whole platform) */
  int64_t started_at;     /* required */
  int64_t resolved_at;    /* 0 = not resolved */
  int64_t detected_at;    /* 0 = started_at */
  bool reach_half;        /* reached at least half the users */
};

/* Records an incident (after the fact too), its first update, and tells the responsible persons
 * of the affected services' contractors by portal notice and e-mail at once (SLA-8), which
 * counts as the members' notification (WP-19). *out: the incident as an_ops_incident_get shows
 * it. AN_EC_GENERIC_INVALID_FIELD with *field naming the bad field. */
enum an_ec an_ops_incident_create(const struct an_ctx *ctx, struct an_db *db,
                                  const struct an_ops_incident_in *in, const char **field,
                                  json_t **out);
/* Publishes an update: a new status (the lifecycle investigating -> identified -> monitoring ->
 * resolved; any order, as reality has it), optionally a new impact, and its text; contractors
 * are told again. resolved_at (0 = now) is kept when the status is resolved. */
enum an_ec an_ops_incident_update(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                  const char *status, const char *impact, const char *body,
                                  int64_t resolved_at, const char **field, json_t **out);
/* Sets the postmortem text (after resolution). */
enum an_ec an_ops_incident_postmortem(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                      const char *text, json_t **out);
/* One incident with its services, updates, duration and the WP-19 target (notify_due_on,
 * notification_missed). Operator only. */
enum an_ec an_ops_incident_get(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                               json_t **out);
/* The incident queue (operator): every incident and failure report, newest first; status ""
 * (all), "open", "reported" or a state. Returns the count or an error. */
int an_ops_incident_list(const struct an_ctx *ctx, struct an_db *db, const char *status,
                         json_t *out);
/* Yearly figures (SLA-6): incidents of the JST year, those lasting a day or more, those that
 * reached half the users for 2 hours or more (seed 004), MTTR in minutes against 30, and the
 * notification target missed. */
enum an_ec an_ops_incident_stats(const struct an_ctx *ctx, struct an_db *db, int year,
                                 json_t **out);
/* A failure report from anyone (SLA-31): lands in the incident queue as status "reported",
 * impact "none", source "report"; *receipt gets its number. */
enum an_ec an_ops_failure_report(const struct an_ctx *ctx, struct an_db *db, const char *title,
                                 const char *description, const char *name, const char *email,
                                 int64_t *receipt);

/* ---- maintenance windows (SLA-1, SLA-2, MARK-5-2-1, TOS-5) ---- */

struct an_ops_maintenance_in {
  const char *kind; /* maintenance | planned_stop */
  const char *title;
  int64_t service_id; /* 0 = every service */
  int64_t starts_at, ends_at;
  bool urgent;
  const char *urgent_reason;
};

/* Schedules an extra window. Refused with AN_EC_NOTICE_PERIOD_TOO_SHORT, the first allowed date
 * in earliest ("YYYY-MM-DD"), when it starts before its notice rule allows (a week for
 * maintenance, a month for a planned stop) unless urgent with a reason (recorded; the window
 * then does not count as announced maintenance). */
enum an_ec an_ops_maintenance_create(const struct an_ctx *ctx, struct an_db *db,
                                     const struct an_ops_maintenance_in *in, const char **field,
                                     char earliest[11], json_t **out);
/* The windows overlapping [from, to): the regular ones from the rule and the scheduled ones,
 * each with its state (scheduled, in_progress, completed) at ctx->now. */
int an_ops_maintenance_list(const struct an_ctx *ctx, struct an_db *db, int64_t from, int64_t to,
                            json_t *out);

/* ---- availability (SLA-4) ---- */

/* Availability over [from, to) for service (0 = the platform): planned service time excludes
 * announced maintenance (the regular windows and scheduled ones within their notice rule);
 * downtime is the overlap of major outages (and partial outages at [ops]
 * partial_outage_weight_percent) with planned service time. A tenant's scope may ask only for
 * a service it has a contract for (else AN_EC_GENERIC_NOT_FOUND) and must name one. */
enum an_ec an_ops_availability(const struct an_ctx *ctx, struct an_db *db, int64_t from, int64_t to,
                               int64_t service, const char **field, json_t **out);

/* The same figures for a caller whose scope was checked otherwise (the SLA report checks the
 * contract): no scope or period check here. */
enum an_ec an_ops_availability_checked(const struct an_ctx *ctx, struct an_db *db, int64_t from,
                                       int64_t to, int64_t service, json_t **out);

/* ---- the public status page ---- */

/* A built status text, shared while current; release it with an_ops_status_release. */
struct an_ops_status_text {
  _Atomic int refs;
  char *json;
  size_t len;
  char etag[32]; /* a strong validator of json, quotes included */
};

/* The status JSON (platform components and services, current state, 90 daily bars, active
 * incidents, maintenance, recent history); built at most every [ops] status_cache_ms and at once
 * after this instance changes something. *out is shared: release it. */
enum an_ec an_ops_status(const struct an_ctx *ctx, struct an_db *db,
                         struct an_ops_status_text **out);
void an_ops_status_release(struct an_ops_status_text *t);
/* The status as a contractor sees it (SLA: "a logged-in contractor sees only the services it
 * bought"): the services of its contracts, the incidents of those or of the platform, the
 * maintenance of those or of every service; "own_services_only": true. The operator gets the
 * whole status; anyone else AN_EC_GENERIC_NOT_FOUND. */
enum an_ec an_ops_status_mine(const struct an_ctx *ctx, struct an_db *db, json_t **out);

/* ---- announcements (CHK-19, CHK-1, SLA-2, SLA-27, CHK-22, WP-14, TOS-21) ---- */

struct an_ops_announcement_in {
  const char *kind, *title, *body, *title_en, *body_en;
  const char *audience; /* all | service | tenant */
  int64_t service_id, tenant_id;
  int64_t publish_at;   /* 0 = now */
  int64_t effective_at; /* when the change happens; required by kinds with a notice rule */
  bool urgent;
  const char *urgent_reason;
};

/* Posts an announcement and e-mails its audience, recording each delivery (TOS-21). Notice rules
 * are checked against the publish time: refused with AN_EC_NOTICE_PERIOD_TOO_SHORT and the first
 * allowed date in earliest, unless urgent with a reason. */
enum an_ec an_ops_announcement_create(const struct an_ctx *ctx, struct an_db *db,
                                      const struct an_ops_announcement_in *in, const char **field,
                                      char earliest[11], json_t **out);
/* Mails the announcements whose publish time has come and that were not mailed yet (the job of
 * `anshin serve`, ops/jobs.c), each once. Returns how many it mailed or a negative an_db_status. */
int an_ops_announcements_deliver_due(const struct an_ctx *ctx, struct an_db *db);
/* Announcements the caller may read: the operator all (with deliveries counted), a tenant those
 * for everyone, its services and itself, the public those for everyone. */
int an_ops_announcement_list(const struct an_ctx *ctx, struct an_db *db, json_t *out);
/* The public announcements as an Atom 1.0 feed (RFC 4287); base is the site's URL ("" = relative
 * links). Caller frees *xml. */
enum an_ec an_ops_announcement_atom(const struct an_ctx *ctx, struct an_db *db, const char *base,
                                    char **xml);

/* ---- subscriptions to the status page by e-mail ---- */

/* Records a pending subscription of email (in lang) and mails the confirmation link (valid 24
 * hours) with an unsubscribe link. AN_EC_GENERIC_INVALID_FIELD for an unusable address. */
enum an_ec an_ops_subscribe(const struct an_ctx *ctx, struct an_db *db, const char *email,
                            const char *lang);
/* Confirms the subscription of the link's token; AN_EC_APPLICATION_CONFIRM_INVALID when the
 * token is unknown, used or older than 24 hours. */
enum an_ec an_ops_subscription_confirm(const struct an_ctx *ctx, struct an_db *db,
                                       const char *token);
/* Ends the subscription of the unsubscribe link's token (one click). */
enum an_ec an_ops_unsubscribe(const struct an_ctx *ctx, struct an_db *db, const char *token);
/* Queues the "status_incident" mail with vars (title, impact, status, services, started_at,
 * detail, status_url as keys) to every active subscriber, inside the caller's transaction. */
int an_ops_tell_subscribers(const struct an_ctx *ctx, struct an_db *db, const json_t *vars);

/* ---- public information pages (privacy, security, environment, support, operator) ---- */

struct an_ops_info_in {
  const char *title, *body, *title_en, *body_en, *effective_on; /* effective_on: YYYY-MM-DD */
};

/* The page of kind: the version in force today (in_force, null before the first takes effect)
 * and every version, newest first. AN_EC_GENERIC_NOT_FOUND for an unknown kind. */
enum an_ec an_ops_info_get(const struct an_ctx *ctx, struct an_db *db, const char *kind,
                           json_t **out);
/* Publishes the next version of kind, effective today or later (an earlier date: 422 with today
 * as the first allowed date). Audited as info.publish. */
enum an_ec an_ops_info_publish(const struct an_ctx *ctx, struct an_db *db, const char *kind,
                               const struct an_ops_info_in *in, const char **field,
                               char earliest[11], json_t **out);

#endif
