#include "identity/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "audit/job.h"
#include "core/messages.h"
#include "core/time.h"
#include "core/usage_count.h"
#include "notify/notice.h"
#include "store/market_ops.h"
#include "store/tenant_usage.h"
#include "store/tenants.h"

#define FLUSH_MS (3600L * 1000) /* the counts of a day survive a restart to within the hour */

/* The JST day number as 'YYYY-MM-DD' (a JST day number counts from the JST epoch midnight). */
static void day_text(int64_t day, char out[16])
{
  time_t t = (time_t)(day * 86400);
  struct tm tm;
  gmtime_r(&t, &tm);
  if (!strftime(out, 16, "%Y-%m-%d", &tm))
    out[0] = '\0';
}

static json_t *figures_json(int64_t tenant_id, const char *day, const struct an_usage_figures *f,
                            int64_t limit, int64_t calls)
{
  return json_pack("{s:I, s:s, s:I, s:o, s:I, s:{s:I, s:I, s:I}, s:I}", "tenant_id",
                   (json_int_t)tenant_id, "day", day, "active_users", (json_int_t)f->active_users,
                   "user_limit", limit > 0 ? json_integer(limit) : json_null(), "open_sessions",
                   (json_int_t)f->open_sessions, "storage", "attachment_bytes",
                   (json_int_t)f->attachment_bytes, "export_bytes", (json_int_t)f->export_bytes,
                   "total_bytes", (json_int_t)(f->attachment_bytes + f->export_bytes),
                   "api_calls_today", (json_int_t)calls);
}

enum an_ec an_usage_get(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id, json_t **out)
{
  *out = NULL;
  if (an_scope_tenant(ctx) > 0)
    tenant_id = an_scope_tenant(ctx);
  else if (!an_scope_is_operator(ctx))
    return AN_EC_GENERIC_NOT_FOUND;
  else if (tenant_id <= 0)
    return AN_EC_GENERIC_INVALID_FIELD;
  struct an_tenant t;
  int rc = an_store_tenant_by_id(db, tenant_id, &t);
  if (rc <= 0)
    return an_ec_of_read(rc);
  int64_t day = an_usage_day_of(ctx->now), limit, calls;
  char dtext[16];
  day_text(day, dtext);
  struct an_usage_figures f;
  if (an_store_usage_figures(db, tenant_id, ctx->now, &f) < 0 ||
      an_store_usage_user_limit(db, tenant_id, &limit) < 0 ||
      an_store_usage_calls_get(db, tenant_id, dtext, &calls) < 0)
    return AN_EC_GENERIC_INTERNAL;
  calls += an_usage_pending(tenant_id, day); /* this instance's, not written yet */
  *out = figures_json(tenant_id, dtext, &f, limit, calls);
  return *out ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
}

/* The 80 % notice to the tenant's admins (shown in their portal), once per limit. */
static int near_notice(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                       int64_t active, int64_t limit)
{
  char ref[48];
  snprintf(ref, sizeof ref, "user-limit:%lld", (long long)limit);
  int rc = an_store_usage_notice_exists(db, tenant_id, "user_limit_near", ref);
  if (rc != 0)
    return rc < 0 ? rc : 0;
  json_t *vars = json_pack("{s:I, s:I}", "active", (json_int_t)active, "limit", (json_int_t)limit);
  const char *key = "user_limit_near";
  rc = vars ? an_notify_portal_notice(ctx, db, tenant_id, key, key, vars, ref) : AN_DB_HARD;
  json_decref(vars);
  return rc < 0 ? rc : 0;
}

int an_usage_user_admit(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                        int64_t *limit)
{
  int64_t active;
  int rc = an_store_usage_user_limit(db, tenant_id, limit);
  if (rc < 0 || *limit <= 0)
    return rc < 0 ? rc : 0; /* no active contract: no limit beyond what there was */
  if ((rc = an_store_usage_active_users(db, tenant_id, &active)) < 0)
    return rc;
  if (active >= *limit)
    return AN_DB_ROLLBACK;
  active++; /* the one being admitted */
  if (active * 5 >= *limit * 4)
    return near_notice(ctx, db, tenant_id, active, *limit);
  return 0;
}

int64_t an_usage_user_limit(const struct an_ctx *ctx, struct an_db *db)
{
  int64_t limit = 0;
  if (an_scope_tenant(ctx) <= 0 || an_store_usage_user_limit(db, an_scope_tenant(ctx), &limit) < 0)
    return 0;
  return limit;
}

int an_usage_flush(struct an_db *db)
{
  struct an_usage_calls *c;
  size_t n;
  if (!an_usage_take(&c, &n))
    return 0;
  int rc = 0;
  for (size_t i = 0; i < n; i++) {
    char day[16];
    day_text(c[i].day, day);
    if (!db || an_store_usage_calls_add(db, c[i].tenant_id, day, c[i].count) < 0) {
      an_usage_untake(&c[i], 1);
      rc = -1;
    }
  }
  free(c);
  return rc;
}

/* ---- the thread ---- */

static struct an_flusher flusher = {.flush = an_usage_flush,
                                    .warning = "API call counts not written yet"};

void an_usage_start(const struct an_config *cfg)
{
  an_flusher_start(&flusher, cfg, FLUSH_MS);
}

void an_usage_stop(void)
{
  an_flusher_stop(&flusher);
}
