#include "identity/lockout.h"

#include <stdio.h>

#include "audit/audit.h"
#include "core/config.h"
#include "core/time.h"
#include "identity/tenant_policy.h"

#define MINUTE_US (60 * 1000000LL)

/* The limit and the lock's length for who: its tenant's policy, or the staff settings. */
static int limits(const struct an_ctx *ctx, struct an_db *db, const struct an_principal *who,
                  int64_t *max, int64_t *minutes)
{
  if (who->kind == AN_SUBJECT_STAFF) {
    *max = ctx->cfg->staff_max_failures;
    *minutes = ctx->cfg->staff_lockout_minutes;
    return 1;
  }
  struct an_tenant_policy pol = who->policy;
  if (pol.max_failures <= 0) { /* not loaded with the principal (a session's) */
    int rc = an_tenant_policy_load(db, who->tenant.id, &pol);
    if (rc < 0)
      return rc;
  }
  *max = pol.max_failures;
  *minutes = pol.lockout_minutes;
  return 1;
}

int an_lockout_reserve(const struct an_ctx *ctx, struct an_db *db, const struct an_principal *who,
                       struct an_lockout *l, long *retry_after)
{
  int64_t minutes = 0;
  *l = (struct an_lockout){0};
  int rc = limits(ctx, db, who, &l->max, &minutes);
  if (rc < 0)
    return rc;
  if (l->max <= 0)
    return 1;
  l->until = ctx->now + minutes * MINUTE_US;
  rc = who->kind == AN_SUBJECT_STAFF
           ? an_store_staff_reserve_attempt(db, who->staff.id, l->max, l->until, ctx->now,
                                            &l->failures)
           : an_store_user_reserve_attempt(db, who->tenant.id, who->user.id, l->max, l->until,
                                           ctx->now, &l->failures);
  if (rc != 0)
    return rc;
  if (retry_after) {
    /* The lock's end as loaded with the principal; a lock set since then lasts the full time. */
    int64_t until =
        who->kind == AN_SUBJECT_STAFF ? who->staff.locked_until : who->user.locked_until;
    if (until <= ctx->now)
      until = l->until;
    *retry_after = (long)((until - ctx->now + 999999) / 1000000);
    if (*retry_after < 1)
      *retry_after = 1;
  }
  return 0;
}

int an_lockout_failed(const struct an_ctx *ctx, struct an_db *db, const struct an_principal *who,
                      const struct an_lockout *l, const char *step)
{
  if (l->max <= 0 || l->failures < l->max)
    return 1;
  char until[40];
  an_time_format_utc(l->until, until, sizeof until);
  return an_principal_audit(ctx, db, who, "auth.lockout", "success",
                            json_pack("{s:s, s:I, s:s}", "step", step, "failures",
                                      (json_int_t)l->failures, "locked_until", until));
}

int an_lockout_clear(struct an_db *db, const struct an_principal *who)
{
  return who->kind == AN_SUBJECT_STAFF
             ? an_store_staff_clear_failures(db, who->staff.id)
             : an_store_user_clear_failures(db, who->tenant.id, who->user.id);
}
