/* Evaluation on change (issue 16 item 6): the audited actions that affect a check are watched
 * (core/dirty.h); a few times a second this process takes the ones committed at least
 * [compliance] change_delay_ms ago and evaluates only the requirements they affect, outside any
 * request. The requirement's status, since and history change as with the schedule, and a
 * change after the baseline is an audit event (history.c). The instance where the change was
 * made evaluates it; evaluations run in serializable transactions, so two instances at once
 * record a change once. */
#include <stdio.h>
#include <string.h>

#include "compliance/checks.h"
#include "compliance/history.h"
#include "core/buf.h"
#include "core/dirty.h"
#include "core/log.h"
#include "core/periodic.h"
#include "core/time.h"

#define TICK_MS 100
#define MAX_MARKS 32

/* Which audited actions (by prefix) affect which requirements; "@" means the requirements
 * resting on attestations. compliance.status_change (written by the evaluation) is never
 * watched. */
static const struct trigger {
  const char *prefix;
  const char *requirements; /* space-separated */
} triggers[] = {
    {"policy.update", "CHK-14"},
    {"tenant.", "CHK-14 CHK-15 CHK-10 CHK-17"},
    {"session_policy.update", "CHK-15"},
    {"ip_allowlist.update", "CHK-10"},
    {"staff.", "WP-12"},
    {"mfa.", "WP-12"},
    {"backup.drill", "MARK-3-1-6"},
    {"backup.", "MARK-3-1-5 MARK-3-1-7"},
    {"document.publish", "MARK-4-1-1 MARK-4-1-2 MARK-4-2-2"},
    {"info.publish", "MARK-7-4-1 MARK-7-5-1 MARK-5-1-1 MARK-6-1-1"},
    {"announcement.post", "CHK-1 MARK-5-2-1 MARK-6-2-1 MARK-6-2-2"},
    {"ticket.", "MARK-7-5-1 MARK-5-1-4"},
    {"application.", "MARK-4-1-3 MARK-4-1-4"},
    {"contract.", "MARK-4-1-3 MARK-4-1-4"},
    {"pdr.", "MARK-7-5-2"},
    {"certificate.issue", "CHK-17"},
    {"breach.", "MARK-7-6-1 MARK-7-6-2 MARK-7-6-3"},
    {"incident.", "SLA-4"},
    {"compliance.attest", "@"},
};

/* The prefixes handed to core/dirty.h (built once from triggers). */
static const char *prefixes[sizeof triggers / sizeof triggers[0] + 1];

static struct an_periodic *watcher;
static const struct an_config *config;
static const struct an_keys *keyring;
static struct an_db *db; /* the watcher's own connection, kept between ticks */

/* The requirements to evaluate for the actions taken. */
struct wanted {
  const char *req[64];
  size_t n;
  bool attest, all;
};

static void want(struct wanted *w, const char *req, size_t len)
{
  size_t n;
  const struct an_check *cs = an_checks(&n);
  for (size_t i = 0; i < n; i++) /* the registry's own string: it outlives the tick */
    if (strlen(cs[i].requirement) == len && !strncmp(cs[i].requirement, req, len)) {
      for (size_t k = 0; k < w->n; k++)
        if (w->req[k] == cs[i].requirement)
          return;
      if (w->n < sizeof w->req / sizeof w->req[0])
        w->req[w->n++] = cs[i].requirement;
      else
        w->all = true;
      return;
    }
}

static void map_action(struct wanted *w, const char *action)
{
  for (size_t i = 0; i < sizeof triggers / sizeof triggers[0]; i++) {
    const struct trigger *t = &triggers[i];
    if (strncmp(action, t->prefix, strlen(t->prefix)))
      continue;
    for (const char *p = t->requirements; *p;) {
      size_t len = strcspn(p, " ");
      if (len == 1 && *p == '@')
        w->attest = true;
      else
        want(w, p, len);
      p += len;
      while (*p == ' ')
        p++;
    }
    return; /* the first matching prefix decides (backup.drill before backup.) */
  }
}

static void tick(void *arg)
{
  (void)arg;
  char marks[MAX_MARKS][AN_DIRTY_ACTION_MAX];
  size_t n =
      an_dirty_take(an_time_mono_us(), config->compliance_change_delay_ms * 1000, marks, MAX_MARKS);
  if (!n)
    return;
  struct wanted w = {{0}, 0, false, n > MAX_MARKS};
  for (size_t i = 0; i < n && i < MAX_MARKS; i++)
    map_action(&w, marks[i]);
  if (!w.all && !w.n && !w.attest)
    return;
  if (!db) {
    struct an_buf err = {0};
    db = an_db_open_buf(config, &err);
    an_buf_free(&err);
    if (!db)
      return;
  }
  struct an_ctx ctx;
  an_ctx_system(&ctx, config, keyring, "compliance", "compliance.change");
  int changes = 0;
  enum an_ec ec = w.all ? an_compliance_evaluate(&ctx, db, &changes)
                        : an_compliance_evaluate_some(&ctx, db, w.req, w.n, w.attest, &changes);
  if (ec != AN_EC_OK) {
    an_log(AN_LOG_WARN, "compliance: evaluation on change failed", NULL);
    an_db_close(db); /* a fresh connection next time */
    db = NULL;
  }
}

void an_compliance_watch_start(const struct an_config *cfg, const struct an_keys *keys)
{
  if (watcher || cfg->compliance_interval_ms <= 0 || cfg->compliance_change_delay_ms <= 0)
    return;
  config = cfg;
  keyring = keys;
  for (size_t i = 0; i < sizeof triggers / sizeof triggers[0]; i++)
    prefixes[i] = triggers[i].prefix;
  an_dirty_watch(prefixes);
  watcher = an_periodic_start(tick, NULL, TICK_MS);
}

void an_compliance_watch_stop(void)
{
  if (!watcher)
    return;
  an_dirty_watch(NULL);
  an_periodic_stop(watcher);
  watcher = NULL;
  an_db_close(db);
  db = NULL;
}
