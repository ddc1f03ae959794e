/* Monitoring and alerts (SLA-7, CHK-3, CHK-5, MARK-2-1-4): built-in probes sampled every [ops]
 * monitor_interval_ms by one instance (the standing lease "ops.monitor"), each sample kept
 * ([ops] monitor_keep_days) and each probe's state kept. When a probe starts failing, the on-call
 * list is alerted at once, once until the probe recovers: e-mail to [ops] oncall_emails through
 * the outbox (notice "monitor_alert", ja) and a POST to [ops] oncall_webhook signed like shop
 * webhooks (notify/webhook.h; event "monitor.alert"); on recovery "monitor_recovered" by both.
 * With [ops] monitor_open_report a failure also files a report in the incident queue (status
 * "reported": a draft the operator turns into an incident or closes).
 *
 * Probes: database (a round trip), mail_relay ([mail] relay accepts a connection; skipped when
 * none), disk (free space of the data directory), memory (MemAvailable), job_queue (the oldest
 * due job waiting longer than monitor_queue_lag_seconds), tls_certificate (days left; skipped
 * without TLS), web_files (the web UI against its manifest, core/webmanifest.h; skipped without
 * one). Services have no health URL of their own, so there is no per-service probe. */
#ifndef AN_OPS_MONITOR_H
#define AN_OPS_MONITOR_H
#include <jansson.h>
#include <stdbool.h>

#include "core/config.h"
#include "core/ctx.h"
#include "core/errors.h"
#include "crypto/keys.h"
#include "store/db.h"

/* One round of every probe at ctx->now: samples stored, states updated, alerts and recovery
 * messages sent. db may be NULL (the database could not be reached: the database probe fails,
 * e-mail waits for the next round that has one, the webhook goes at once). Returns how many
 * probes fail. Used by the thread; one caller at a time. */
int an_monitor_tick(const struct an_ctx *ctx, struct an_db *db);

/* The operator's view: {"probes": [state per probe], "history": [newest samples],
 * "failures": [newest failed samples]}, each with "summary", the catalogue's sentence for it in
 * lang ("ja" or "en"). AN_EC_GENERIC_NOT_FOUND outside the operator's scope. */
enum an_ec an_monitor_overview(const struct an_ctx *ctx, struct an_db *db, const char *lang,
                               json_t **out);

/* Starts and stops the thread of `anshin serve`. */
void an_monitor_start(const struct an_config *cfg, const struct an_keys *keys);
void an_monitor_stop(void);

#endif
