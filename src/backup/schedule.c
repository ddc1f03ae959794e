#include "backup/schedule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/job.h"
#include "backup/backup.h"
#include "backup/drill.h"
#include "core/buf.h"
#include "core/format.h"
#include "core/log.h"
#include "core/messages.h"
#include "core/periodic.h"
#include "core/time.h"
#include "lifecycle/erase.h"
#include "notify/mail.h"
#include "store/backups.h"

#define US 1000000LL
#define JST_OFFSET (9 * 3600 * US)
#define DAY (86400 * US)

static bool parse_hhmm(const char *s, int *h, int *m)
{
  if (strlen(s) != 5 || s[2] != ':')
    return false;
  for (int i = 0; i < 5; i++)
    if (i != 2 && (s[i] < '0' || s[i] > '9'))
      return false;
  *h = (s[0] - '0') * 10 + (s[1] - '0');
  *m = (s[3] - '0') * 10 + (s[4] - '0');
  return *h < 24 && *m < 60;
}

bool an_backup_schedule_valid(const char *schedule)
{
  int h, m;
  return !strcmp(schedule, "off") || parse_hhmm(schedule, &h, &m);
}

bool an_backup_slot(const char *schedule, int64_t now, int64_t *slot)
{
  int h, m;
  if (!parse_hhmm(schedule, &h, &m))
    return false;
  int64_t jst = now + JST_OFFSET;
  int64_t day = jst - ((jst % DAY) + DAY) % DAY;
  int64_t s = day + (h * 3600LL + m * 60LL) * US;
  if (s > jst)
    s -= DAY;
  *slot = s - JST_OFFSET;
  return true;
}

static int alert_txn(struct an_db *db, void *cls)
{
  struct an_ctx_doc *a = cls;
  int rc = an_store_backup_alert_add(db, a->ctx->now, "backup");
  if (rc < 0)
    return rc;
  return an_mail_notice_msg(a->ctx, db, 0, a->ctx->cfg->backup_alert_to, "", "ja", "backup_alert",
                            a->doc);
}

static bool alert(const struct an_ctx *ctx, struct an_db *db)
{
  const struct an_config *cfg = ctx->cfg;
  int64_t verified = 0, last_alert = 0, failed = 0;
  if (an_store_backup_newest_verified_at(db, &verified) < 0 ||
      an_store_backup_alert_newest_at(db, &last_alert) < 0 ||
      an_store_backup_copy_failures_since(db, last_alert, &failed) < 0)
    return false;
  bool stale = ctx->now - verified > cfg->backup_max_age_hours * 3600 * US;
  if (!failed && !(stale && ctx->now - last_alert >= DAY))
    return false;
  struct an_buf newest = {0};
  if (verified)
    an_fmt_datetime(&newest, "ja", verified);
  else
    an_buf_puts(&newest, an_msg_text("notice.backup_alert.none", "ja"));
  an_log(AN_LOG_ERROR, "backups need attention",
         json_pack("{s:s, s:I, s:b}", "newest_verified", newest.data ? newest.data : "",
                   "failed_copies", (json_int_t)failed, "stale", stale));
  bool sent = false;
  if (cfg->backup_alert_to[0]) {
    struct an_ctx_doc a = {ctx, json_pack("{s:s, s:I, s:I}", "newest", newest.data, "max_hours",
                                          (json_int_t)cfg->backup_max_age_hours, "failed_copies",
                                          (json_int_t)failed)};
    sent = an_db_txn_mode(db, AN_DB_READ_COMMITTED, alert_txn, &a) >= 0;
    json_decref(a.doc);
  }
  an_buf_free(&newest);
  return sent;
}

int an_backup_tick(const struct an_ctx *ctx, struct an_db *db)
{
  const struct an_config *cfg = ctx->cfg;
  int done = 0;
  /* Deletion at the deadline does not depend on backups being scheduled. */
  if (an_lifecycle_erase_due(ctx, db) > 0)
    done |= 8;
  if (!strcmp(cfg->backup_schedule, "off"))
    return done;
  int64_t slot, last = 0;
  if (an_backup_slot(cfg->backup_schedule, ctx->now, &slot) &&
      an_store_backup_newest_at(db, &last) >= 0 && last < slot) {
    char err[512] = "";
    if (an_backup_run(ctx, db, NULL, err, sizeof err) == 1)
      done |= 1;
    else
      an_log(AN_LOG_ERROR, "scheduled backup failed", json_pack("{s:s}", "error", err));
  }
  int64_t drilled = 0, newest = 0;
  if (cfg->backup_drill_interval_days > 0 && an_store_backup_newest_at(db, &newest) >= 0 &&
      newest > 0 && an_store_drill_newest_at(db, &drilled) >= 0 &&
      ctx->now - drilled >= cfg->backup_drill_interval_days * DAY) {
    char err[512] = "";
    int rc = an_backup_drill(ctx, db, NULL, err, sizeof err);
    if (rc >= 0 && err[0])
      an_log(AN_LOG_ERROR, "restore drill failed", json_pack("{s:s}", "error", err));
    if (rc >= 0)
      done |= 2;
  }
  if (alert(ctx, db))
    done |= 4;
  return done;
}

/* ---- the thread ---- */

static void round_(const struct an_ctx *ctx, struct an_db *db)
{
  an_backup_tick(ctx, db);
}

static struct an_leased_job job = {.lease = "backup.schedule",
                                   .actor = "backup scheduler",
                                   .request_id = "backup",
                                   .round = round_};

void an_backup_schedule_start(const struct an_config *cfg, const struct an_keys *keys)
{
  if (job.thread)
    return;
  if (!an_backup_schedule_valid(cfg->backup_schedule))
    an_log_bug("[backup] schedule is neither HH:MM nor off: no backups will be taken",
               json_pack("{s:s}", "schedule", cfg->backup_schedule));
  /* The lease outlasts a long backup: renewed at every look, it lapses 6 hours after a holder
   * stops looking (a crashed instance), and then another instance takes over. */
  an_leased_job_start(&job, cfg, keys, cfg->backup_poll_interval_ms, 6 * 3600 * US);
}

void an_backup_schedule_stop(void)
{
  an_leased_job_stop(&job, false);
}
