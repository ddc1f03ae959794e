#include "identity/session_rules.h"

#define US 1000000LL

long an_session_idle_seconds(const struct an_config *cfg, const struct an_principal *p)
{
  if (p->kind != AN_SUBJECT_USER)
    return cfg->idle_timeout;
  /* The tenant's own choice, held within the operator's floor and ceiling as they are now (the
   * operator may have narrowed them since the tenant chose). */
  long minutes = (long)p->tenant.idle_timeout_minutes;
  if (minutes < cfg->tenant_idle_min)
    minutes = cfg->tenant_idle_min;
  if (minutes > cfg->tenant_idle_max)
    minutes = cfg->tenant_idle_max;
  return minutes * 60;
}

long an_session_max_seconds(const struct an_config *cfg, const struct an_principal *p)
{
  if (p->kind != AN_SUBJECT_USER)
    return cfg->staff_session_max;
  return p->tenant.session_max_minutes > 0 ? (long)p->tenant.session_max_minutes * 60 : 0;
}

int64_t an_session_end_at(const struct an_config *cfg, const struct an_principal *p,
                          int64_t created_at, int64_t now)
{
  long max = an_session_max_seconds(cfg, p);
  if (max > 0)
    return created_at + max * US;
  return now + (int64_t)cfg->tenant_idle_max * 60 * US;
}

const char *an_session_ended(const struct an_config *cfg, const struct an_principal *p,
                             const struct an_session *s, int64_t now)
{
  long max = an_session_max_seconds(cfg, p);
  if (max > 0 && now >= s->created_at + max * US)
    return "absolute";
  /* The stored end (expires_at) is not consulted: the limits are the subject's as they are now,
   * so a tenant that lifts or shortens its limit changes its live sessions at once. */
  if (now - s->last_seen_at >= an_session_idle_seconds(cfg, p) * US)
    return "idle";
  return NULL;
}
