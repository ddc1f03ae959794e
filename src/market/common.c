#include "market/market.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/format.h"
#include "core/log.h"
#include "core/messages.h"
#include "core/time.h"
#include "notify/mail.h"
#include "notify/notice.h"
#include "store/catalogue.h"
#include "store/lang.h"
#include "store/market_ops.h"

#define JST_OFFSET_US (9LL * 3600 * 1000000)
#define DAY_US (86400LL * 1000000)

static struct an_date date_of(int64_t us)
{
  time_t s = (time_t)((us + JST_OFFSET_US) / 1000000);
  struct tm tm;
  gmtime_r(&s, &tm);
  return (struct an_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

struct an_date an_market_today(const struct an_ctx *ctx)
{
  return date_of(ctx->now);
}

void an_market_date_of(int64_t us, char out[AN_DATE_STRLEN])
{
  an_date_format(date_of(us), out, AN_DATE_STRLEN);
}

int64_t an_market_midnight(struct an_date d)
{
  struct an_date epoch = {1970, 1, 1};
  return an_date_days_between(epoch, d) * DAY_US - JST_OFFSET_US;
}

static pthread_once_t cal_once = PTHREAD_ONCE_INIT;
static struct an_calendar *cal;
static const struct an_config *cal_cfg;

static void build_calendar(void)
{
  char err[256];
  struct an_calendar *c = an_calendar_new();
  if (!c)
    return;
  if (!an_calendar_set_closing(c, cal_cfg->closing_days ? cal_cfg->closing_days : "", err,
                               sizeof err) ||
      (cal_cfg->holidays_csv && cal_cfg->holidays_csv[0] &&
       !an_calendar_load_csv(c, cal_cfg->holidays_csv, err, sizeof err))) {
    an_log(AN_LOG_ERROR, "calendar configuration refused", json_pack("{s:s}", "error", err));
    an_calendar_free(c);
    return;
  }
  cal = c;
}

const struct an_calendar *an_market_calendar(const struct an_config *cfg)
{
  cal_cfg = cfg;
  pthread_once(&cal_once, build_calendar);
  return cal;
}

const char *an_market_code_ja(const char *prefix, const char *code)
{
  if (!code || strlen(code) > 64)
    return NULL;
  struct an_buf key = {0};
  an_buf_printf(&key, "%s.%s", prefix, code);
  const char *text = an_msg_text(key.data, "ja");
  an_buf_free(&key);
  return text;
}

int an_market_audit(const struct an_ctx *ctx, struct an_db *db, const char *action,
                    const char *kind, int64_t id, int64_t tenant_id, const json_t *details)
{
  /* the record's details are not const: a copy goes to the log */
  return an_audit_changed(ctx, db, action, kind, id, tenant_id,
                          details ? json_deep_copy(details) : NULL);
}

int an_market_notify(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                     const char *email, const char *addressee, const char *lang, const char *kind,
                     const char *key, const json_t *vars, const char *ref)
{
  /* A message we cannot render is our bug (AN_DB_HARD): the change does not go unheard. */
  int rc = an_notify_portal_notice(ctx, db, tenant_id, kind, key, vars, ref);
  if (rc >= 0 && email && email[0])
    rc = an_mail_notice_msg(ctx, db, tenant_id, email, addressee, lang, key, vars);
  return rc;
}

int an_market_notify_tenant(const struct an_ctx *ctx, struct an_db *db, const struct an_tenant *t,
                            const char *kind, const char *key, const json_t *vars, const char *ref)
{
  char lang[AN_LANG_STRLEN];
  int rc = an_store_tenant_lang(db, t->id, lang);
  if (rc < 0)
    return rc;
  return an_market_notify(ctx, db, t->id, t->responsible_email, t->responsible_name, lang, kind,
                          key, vars, ref);
}

int an_market_event(const struct an_ctx *ctx, struct an_db *db, const char *event,
                    const struct an_contract *c)
{
  struct an_shop shop = {0};
  int rc = an_store_shop_read(db, c->shop_id, &shop);
  bool hooked = rc == 1 && shop.webhook_url[0] != '\0';
  an_spec_clear(&an_shop_spec, &shop);
  if (rc <= 0)
    return rc;
  if (!hooked)
    return 1;
  char when[40];
  an_time_format_utc(ctx->now, when, sizeof when);
  json_t *payload = json_pack(
      "{s:s, s:s, s:{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s?}}", "event", event,
      "occurred_at", when, "contract", "id", (json_int_t)c->id, "number", c->number, "company_code",
      c->company_code, "service", c->service_name, "plan", c->plan_name, "status", c->status,
      "start_on", c->start_on, "end_on", c->end_on, "access_end_on", c->access_end_on);
  char *text = json_dumps(payload, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref(payload);
  rc = text ? an_store_webhook_insert(db, c->shop_id, event, text, ctx->now) : AN_DB_HARD;
  free(text);
  return rc;
}
