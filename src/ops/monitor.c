#include "ops/monitor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/job.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/messages.h"
#include "core/periodic.h"
#include "core/time.h"
#include "notify/mail.h"
#include "notify/webhook.h"
#include "ops/monitor_probes.h"
#include "ops/ops.h"
#include "store/monitor.h"

#define US INT64_C(1000000)
#define MAX_PROBES 16

/* A probe's state as the lease holder knows it. Kept in memory as well as in monitor_probes so
 * that alerts and their de-duplication go on while the database is away. */
struct state {
  bool known, ok;
  int64_t since, alerted_at, report_id;
  bool mail_due, hook_due; /* a message of the current state not yet sent on that channel */
  char *detail;            /* what the probe said when it entered the state (heap) */
  int64_t value;           /* and its figure */
};

static struct state states[MAX_PROBES];
static bool loaded;

/* Restores the states another round (or a previous process) stored, so a restart does not alert
 * again for a failure already alerted. */
static void load_states(struct an_db *db)
{
  json_t *rows = json_array();
  if (an_store_monitor_probes_all(db, rows) >= 0) {
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
      const char *name = json_string_value(json_object_get(row, "name"));
      for (size_t p = 0; name && p < an_nprobes && p < MAX_PROBES; p++)
        if (!strcmp(name, an_probes[p].name)) {
          struct state *s = &states[p];
          s->known = true;
          s->ok = json_integer_value(json_object_get(row, "ok")) != 0;
          s->since = json_integer_value(json_object_get(row, "since_us"));
          s->alerted_at = json_integer_value(json_object_get(row, "alerted_us"));
          s->report_id = json_integer_value(json_object_get(row, "report_id"));
        }
    }
    loaded = true;
  }
  json_decref(rows);
}

static const char *label(const char *probe)
{
  char key[80];
  snprintf(key, sizeof key, "monitor.probe.%s", probe);
  return an_msg_text(key, "ja");
}

/* Queues the mail of `key` to every address of [ops] oncall_emails. True when queued (or nobody
 * to tell). */
static bool mail_oncall(const struct an_ctx *ctx, struct an_db *db, const char *key,
                        const json_t *vars)
{
  const char *list = ctx->cfg->ops_oncall_emails;
  if (!list[0])
    return true;
  if (!db)
    return false;
  char *copy = strdup(list), *save = NULL;
  bool ok = copy != NULL;
  for (char *a = copy ? strtok_r(copy, ", ", &save) : NULL; a; a = strtok_r(NULL, ", ", &save))
    if (an_mail_notice_msg(ctx, db, 0, a, "", "ja", key, vars) < 0)
      ok = false;
  free(copy);
  return ok;
}

/* POSTs the event to [ops] oncall_webhook. True when it answered 2xx (or there is none). */
static bool hook_oncall(const struct an_ctx *ctx, const char *event, const char *probe,
                        const struct state *s)
{
  const struct an_config *cfg = ctx->cfg;
  if (!cfg->ops_oncall_webhook[0])
    return true;
  json_t *body = json_pack("{s:s, s:s, s:b, s:s, s:I, s:I}", "event", event, "probe", probe, "ok",
                           s->ok, "detail", s->detail ? s->detail : "", "since",
                           (json_int_t)(s->since / US), "at", (json_int_t)(ctx->now / US));
  char *text = json_dumps(body, JSON_COMPACT);
  json_decref(body);
  const char *err = "";
  long status = text ? an_webhook_send(cfg->ops_oncall_webhook, event, ctx->now,
                                       cfg->ops_oncall_webhook_secret, ctx->now / US, text,
                                       cfg->webhook_allow_private_targets, &err)
                     : 0;
  free(text);
  if (status < 200 || status > 299)
    an_log(
        AN_LOG_ERROR, "on-call webhook failed",
        json_pack("{s:s, s:I, s:s}", "event", event, "status", (json_int_t)status, "error", err));
  return status >= 200 && status <= 299;
}

/* The limit a probe's value is held to, as configured (0 when it has none). */
static int64_t limit_of(const struct an_config *cfg, const char *probe)
{
  if (!strcmp(probe, "disk"))
    return cfg->ops_monitor_disk_min_free;
  if (!strcmp(probe, "memory"))
    return cfg->ops_monitor_memory_min_free;
  if (!strcmp(probe, "job_queue"))
    return cfg->ops_monitor_queue_lag_s;
  if (!strcmp(probe, "tls_certificate"))
    return cfg->ops_monitor_cert_min_days;
  return 0;
}

/* Sends what is still due of the message for the current state (an alert, or the recovery). */
static void notify(const struct an_ctx *ctx, struct an_db *db, const char *probe, struct state *s)
{
  const char *key = s->ok ? "monitor_recovered" : "monitor_alert";
  if (s->mail_due) {
    char sk[96];
    snprintf(sk, sizeof sk, "monitor.detail.%s.%s", probe, s->ok ? "ok" : "fail");
    json_t *sv = json_pack("{s:I, s:I}", "value", (json_int_t)s->value, "limit",
                           (json_int_t)limit_of(ctx->cfg, probe));
    char *summary = an_msg_render(sk, "ja", sv);
    json_decref(sv);
    json_t *vars =
        json_pack("{s:s, s:s, s:s, s:s, s:I, s:I}", "probe", probe, "label", label(probe),
                  "summary", summary ? summary : "", "detail", s->detail ? s->detail : "", "since",
                  (json_int_t)s->since, "at", (json_int_t)ctx->now);
    free(summary);
    s->mail_due = !mail_oncall(ctx, db, key, vars);
    json_decref(vars);
  }
  if (s->hook_due)
    s->hook_due = !hook_oncall(ctx, s->ok ? "monitor.recovered" : "monitor.alert", probe, s);
  if (!s->ok && !s->mail_due && !s->hook_due && !s->alerted_at)
    s->alerted_at = ctx->now;
}

/* A failure files a report in the incident queue once (SLA-31's queue; the operator decides). */
static void open_report(const struct an_ctx *ctx, struct an_db *db, const char *probe,
                        const struct an_probe_result *r, struct state *s)
{
  if (!ctx->cfg->ops_monitor_open_report || s->ok || s->report_id || !db)
    return;
  struct an_buf title = {0};
  an_buf_printf(&title, "%s: %s", an_msg_text("monitor.report_title", "ja"), label(probe));
  int64_t id = 0;
  if (an_ops_failure_report(ctx, db, title.data, r->detail.data ? r->detail.data : "", "monitor",
                            "", &id) == AN_EC_OK)
    s->report_id = id;
  an_buf_free(&title);
}

static void step(const struct an_ctx *ctx, struct an_db *db, size_t i,
                 const struct an_probe_result *r)
{
  struct state *s = &states[i];
  const char *probe = an_probes[i].name;
  if (!s->known || s->ok != r->ok) {
    bool was_failing = s->known && !s->ok;
    /* An alert still waiting (the mail while the database was away) goes before the recovery. */
    notify(ctx, db, probe, s);
    s->known = true;
    s->ok = r->ok;
    s->since = ctx->now;
    free(s->detail);
    s->detail = strdup(r->detail.data ? r->detail.data : "");
    s->value = r->value;
    /* A failure is alerted; a recovery is told only after a failure it follows. */
    s->mail_due = s->hook_due = !r->ok || was_failing;
    if (!r->ok) {
      s->alerted_at = 0;
      s->report_id = 0;
      an_log(AN_LOG_ERROR, "probe failing",
             json_pack("{s:s, s:s}", "probe", probe, "detail", r->detail.data));
    } else if (was_failing)
      an_log(AN_LOG_INFO, "probe recovered", json_pack("{s:s}", "probe", probe));
  }
  notify(ctx, db, probe, s);
  open_report(ctx, db, probe, r, s);
  if (!db)
    return;
  struct an_store_probe row = {
      probe,       r->ok, r->detail.data, r->value, ctx->now, s->since, r->ok ? 0 : s->alerted_at,
      s->report_id};
  if (an_store_monitor_put(db, &row) < 0 ||
      an_store_monitor_sample_add(db, probe, r->ok, r->detail.data, r->value, ctx->now) < 0)
    an_log(AN_LOG_WARN, "probe state not stored", json_pack("{s:s}", "probe", probe));
}

int an_monitor_tick(const struct an_ctx *ctx, struct an_db *db)
{
  if (db && !loaded)
    load_states(db);
  int failing = 0;
  for (size_t i = 0; i < an_nprobes && i < MAX_PROBES; i++) {
    struct an_probe_result r = {false, true, 0, {0}};
    an_probes[i].run(ctx, db, &r);
    if (!r.skipped) {
      step(ctx, db, i, &r);
      failing += !r.ok;
    }
    an_buf_free(&r.detail);
  }
  if (db)
    an_store_monitor_prune_all(db, ctx->now - ctx->cfg->ops_monitor_keep_days * 86400 * US);
  return failing;
}

/* Adds "summary" to each record (probe, ok, value): the catalogue's sentence for it in lang
 * (monitor.detail.<probe>.ok / .fail); "detail" stays the probe's own words for diagnosis. */
static void summarise(const struct an_config *cfg, json_t *recs, const char *name_key,
                      const char *lang)
{
  size_t i;
  json_t *p;
  json_array_foreach(recs, i, p)
  {
    const char *probe = json_string_value(json_object_get(p, name_key));
    json_t *okv = json_object_get(p, "ok");
    bool ok = json_is_true(okv) || json_integer_value(okv) != 0;
    char key[96];
    snprintf(key, sizeof key, "monitor.detail.%s.%s", probe ? probe : "", ok ? "ok" : "fail");
    json_t *vars = json_pack("{s:I, s:I}", "value",
                             (json_int_t)json_integer_value(json_object_get(p, "value")), "limit",
                             (json_int_t)limit_of(cfg, probe ? probe : ""));
    char *text = an_msg_render(key, lang, vars);
    json_decref(vars);
    json_object_set_new(p, "summary", json_string(text ? text : ""));
    json_object_set_new(p, "ok", json_boolean(ok));
    free(text);
  }
}

enum an_ec an_monitor_overview(const struct an_ctx *ctx, struct an_db *db, const char *lang,
                               json_t **out)
{
  if (!an_scope_is_operator(ctx))
    return AN_EC_GENERIC_NOT_FOUND;
  json_t *probes = json_array(), *history = json_array(), *failures = json_array();
  if (an_store_monitor_probes_all(db, probes) < 0 ||
      an_store_monitor_samples_all(db, 100, false, history) < 0 ||
      an_store_monitor_samples_all(db, 50, true, failures) < 0) {
    json_decref(probes);
    json_decref(history);
    json_decref(failures);
    return AN_EC_GENERIC_INTERNAL;
  }
  size_t i;
  json_t *p;
  json_array_foreach(probes, i, p)
  {
    json_object_del(p, "since_us");
    json_object_del(p, "alerted_us");
  }
  summarise(ctx->cfg, probes, "name", lang);
  summarise(ctx->cfg, history, "probe", lang);
  summarise(ctx->cfg, failures, "probe", lang);
  *out = json_pack("{s:o, s:o, s:o, s:I}", "probes", probes, "history", history, "failures",
                   failures, "interval_ms", (json_int_t)ctx->cfg->ops_monitor_interval_ms);
  return *out ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
}

/* ---- the thread ---- */

static struct an_periodic *thread;
static const struct an_config *config;
static const struct an_keys *keyring;
static char holder[96];
static bool holding;

static void run(void *arg)
{
  (void)arg;
  struct an_ctx ctx;
  /* Without a connection the database probe fails this round; the reason goes to the log. */
  struct an_db *db = an_job_round_open(&ctx, config, keyring, "monitor", "monitor");
  /* The lease lapses three rounds after its holder stops; while the database is away the holder
   * keeps probing (that is when it matters) and the others wait. */
  int64_t lapse = an_job_lapse_us(3, config->ops_monitor_interval_ms);
  int rc = db ? an_job_lease(&ctx, db, "ops.monitor", holder, lapse) : -1;
  if (rc >= 0)
    holding = rc == 1;
  if (holding)
    an_monitor_tick(&ctx, rc >= 0 ? db : NULL);
  if (db)
    an_db_close(db);
}

void an_monitor_start(const struct an_config *cfg, const struct an_keys *keys)
{
  if (thread)
    return;
  config = cfg;
  keyring = keys;
  an_job_holder(holder, sizeof holder);
  thread = an_periodic_start(run, NULL, cfg->ops_monitor_interval_ms);
}

void an_monitor_stop(void)
{
  an_periodic_stop(thread);
  thread = NULL;
}
