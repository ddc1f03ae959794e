/* Checks of the data's safety: the newest verified backup's age (MARK-3-1-5, CHK-4), the last
 * successful restore drill (MARK-3-1-6), how far the copies are (MARK-3-1-7) and the web files
 * against their manifest (MARK-2-1-4). */
#include <string.h>

#include "backup/backup.h"
#include "backup/drill.h"
#include "compliance/checks.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/time.h"
#include "core/webmanifest.h"
#include "store/backups.h"
#include "store/rows.h"

#define US INT64_C(1000000)
#define HOUR (3600 * US)
#define DAY (24 * HOUR)

/* The time at as RFC 3339 UTC, or JSON null when there is none (0). */
static json_t *utc_or_null(int64_t at)
{
  char when[40] = "";
  if (!at)
    return json_null();
  an_time_format_utc(at, when, sizeof when);
  return json_string(when);
}

int an_check_backup_age(const struct an_ctx *ctx, struct an_db *db, struct an_check_result *out)
{
  int64_t at = 0;
  int rc = an_store_backup_newest_verified_at(db, &at);
  if (rc < 0)
    return rc;
  int64_t limit = ctx->cfg->backup_max_age_hours;
  int64_t hours = at ? (ctx->now - at) / HOUR : -1;
  json_t *ev = json_pack("{s:o, s:I, s:I, s:s}", "newest_verified_backup_at", utc_or_null(at),
                         "age_hours", (json_int_t)hours, "max_age_hours", (json_int_t)limit,
                         "schedule", ctx->cfg->backup_schedule);
  json_t *vars = json_pack("{s:I, s:I}", "hours", (json_int_t)hours, "limit", (json_int_t)limit);
  static const char *const reasons[] = {"compliance.reason.backup.none",
                                        "compliance.reason.backup.stale",
                                        "compliance.reason.backup.ok"};
  an_check_set_by_age(out, !at, ctx->now - at > limit * HOUR, AN_CS_NON_COMPLIANT, reasons, vars,
                      ev);
  return 0;
}

int an_check_restore_drill(const struct an_ctx *ctx, struct an_db *db, struct an_check_result *out)
{
  json_t *drills = NULL;
  int rc = an_store_rows_from(db, an_backup_drill_list, &drills);
  if (rc < 0)
    return rc;
  /* A drill is due every drill_interval_days; a day's grace covers the schedule's hour. */
  int64_t every = ctx->cfg->backup_drill_interval_days ? ctx->cfg->backup_drill_interval_days : 30;
  int64_t newest = 0, failed = 0;
  size_t i;
  json_t *d;
  json_array_foreach(drills, i, d)
  {
    int64_t t = 0;
    if (!an_time_parse(an_rec_str(d, "started_at"), &t))
      continue;
    if (json_is_true(json_object_get(d, "ok")) || an_rec_int(d, "ok") == 1) {
      if (t > newest)
        newest = t;
    } else if (!newest)
      failed++;
  }
  json_decref(drills);
  int64_t days = newest ? (ctx->now - newest) / DAY : -1;
  json_t *ev = json_pack("{s:o, s:I, s:I, s:I}", "newest_passed_drill_at", utc_or_null(newest),
                         "age_days", (json_int_t)days, "interval_days", (json_int_t)every,
                         "failed_since", (json_int_t)failed);
  json_t *vars =
      json_pack("{s:I, s:I}", "days", (json_int_t)days, "limit", (json_int_t)(every + 1));
  static const char *const reasons[] = {"compliance.reason.drill.none",
                                        "compliance.reason.drill.stale",
                                        "compliance.reason.drill.ok"};
  an_check_set_by_age(out, !newest, ctx->now - newest > (every + 1) * DAY, AN_CS_NON_COMPLIANT,
                      reasons, vars, ev);
  return 0;
}

/* Seed 004's points for 3-1-7 by distance class (the same host scores nothing). */
static int distance_points(const char *cls)
{
  static const char *const order[] = {"other-rack", "other-floor", "other-building", "within-100km",
                                      "100km+"};
  for (int i = 0; i < 5; i++)
    if (!strcmp(cls, order[i]))
      return i + 1;
  return 0;
}

int an_check_backup_distance(const struct an_ctx *ctx, struct an_db *db,
                             struct an_check_result *out)
{
  (void)ctx;
  json_t *list = NULL;
  int rc = an_store_rows_from(db, an_backup_list, &list);
  if (rc < 0)
    return rc;
  /* The newest successful backup's copies decide: that is the copy a disaster leaves. */
  int best = 0;
  const char *best_class = "";
  int64_t backup_id = 0;
  size_t i, k;
  json_t *b, *c;
  json_array_foreach(list, i, b)
  {
    if (strcmp(an_rec_str(b, "status"), "ok"))
      continue;
    backup_id = an_rec_int(b, "id");
    json_array_foreach(json_object_get(b, "copies"), k, c)
    {
      int pts = strcmp(an_rec_str(c, "status"), "ok")
                    ? 0
                    : distance_points(an_rec_str(c, "distance_class"));
      if (pts > best) {
        best = pts;
        best_class = an_rec_str(c, "distance_class");
      }
    }
    break;
  }
  json_t *ev =
      json_pack("{s:I, s:s, s:I, s:I}", "backup_id", (json_int_t)backup_id, "distance_class",
                best_class, "points", (json_int_t)best, "points_max", (json_int_t)5);
  json_t *vars = json_pack("{s:s, s:I}", "class", best_class, "points", (json_int_t)best);
  json_decref(list); /* best_class points into it */
  const struct an_check_rung verdict[] = {
      {best == 5, AN_CS_COMPLIANT, "compliance.reason.distance.ok"},
      {best > 0, AN_CS_PARTIAL, "compliance.reason.distance.partial"},
      {true, AN_CS_NON_COMPLIANT, "compliance.reason.distance.none"},
  };
  an_check_verdict(out, verdict, vars, ev);
  return 0;
}

int an_check_web_manifest(const struct an_ctx *ctx, struct an_db *db, struct an_check_result *out)
{
  (void)ctx;
  (void)db;
  struct an_buf bad = {0};
  int n = an_webmanifest_verify(&bad);
  json_t *ev = json_pack("{s:b, s:I, s:s}", "manifest_loaded", n >= 0, "files_changed",
                         (json_int_t)(n > 0 ? n : 0), "files", n > 0 && bad.data ? bad.data : "");
  json_t *vars = json_pack("{s:I}", "files", (json_int_t)(n > 0 ? n : 0));
  an_buf_free(&bad);
  const struct an_check_rung verdict[] = {
      {n < 0, AN_CS_NON_COMPLIANT, "compliance.reason.web.no_manifest"},
      {n > 0, AN_CS_NON_COMPLIANT, "compliance.reason.web.changed"},
      {true, AN_CS_COMPLIANT, "compliance.reason.web.ok"},
  };
  an_check_verdict(out, verdict, vars, ev);
  return 0;
}
