/* The remaining live checks (issue 16 item 2): personal-data complaints answered by their
 * deadlines through a published desk (MARK-7-5-1), announcements that kept their notice rule
 * (CHK-1; maintenance and planned stops, MARK-5-2-1), support reachable by several channels with
 * the support page published (MARK-5-1-1) and every ticket's history kept (MARK-5-1-4), the
 * withdrawal procedure published (MARK-4-2-2), the security advice page kept current
 * (MARK-6-1-1) and virus and security news announced within [compliance] news_days (MARK-6-2-1,
 * 6-2-2). */
#include <stdio.h>
#include <string.h>

#include "compliance/checks.h"
#include "core/config.h"
#include "core/time.h"
#include "market/documents.h"
#include "ops/ops.h"
#include "ops/schedule.h"
#include "store/compliance_more.h"
#include "store/ops.h"
#include "store/rows.h"
#include "support/desk.h"
#include "support/tickets.h"

#define DAY_US (INT64_C(86400) * 1000000)

static bool is(const json_t *o, const char *key, const char *value)
{
  return !strcmp(an_rec_str(o, key), value);
}

/* The information page of kind as in force today (see an_check_in_force). */
static int info_in_force(const struct an_ctx *ctx, struct an_db *db, const char *kind, json_t **in)
{
  return an_check_in_force(ctx, db, an_ops_info_get, kind, in);
}

/* ---- MARK-7-5-1: complaints about personal data ---- */

int an_check_complaints(const struct an_ctx *ctx, struct an_db *db, struct an_check_result *out)
{
  json_t *privacy = NULL, *list = NULL;
  if (info_in_force(ctx, db, "privacy", &privacy) < 0)
    return AN_DB_HARD;
  if (an_ticket_list(ctx, db, "", &list) != AN_EC_OK) {
    json_decref(privacy);
    return AN_DB_HARD;
  }
  int64_t total = 0, overdue = 0, late = 0;
  size_t i;
  json_t *t;
  json_array_foreach(json_object_get(list, "items"), i, t)
  {
    if (!is(t, "category", "personal_data_complaint"))
      continue;
    total++;
    json_t *sla = json_object_get(t, "sla");
    bool breached = is(sla, "first_response", "breached") || is(sla, "resolution", "breached");
    bool done = is(t, "status", "resolved") || is(t, "status", "closed");
    overdue += breached && !done;
    late += breached && done;
  }
  json_decref(list);
  bool desk = privacy && ctx->cfg->support_privacy_email[0];
  json_t *ev = json_pack("{s:b, s:s, s:I, s:I, s:I}", "procedure_published", desk, "contact",
                         ctx->cfg->support_privacy_email, "complaints", (json_int_t)total,
                         "answered_late", (json_int_t)late, "open_overdue", (json_int_t)overdue);
  if (privacy)
    json_object_set(ev, "privacy_version", json_object_get(privacy, "version"));
  json_decref(privacy);
  json_t *vars = json_pack("{s:I, s:I, s:I}", "total", (json_int_t)total, "late", (json_int_t)late,
                           "overdue", (json_int_t)overdue);
  const struct an_check_rung verdict[] = {
      {!desk, AN_CS_NON_COMPLIANT, "compliance.reason.complaints.unpublished"},
      {overdue, AN_CS_NON_COMPLIANT, "compliance.reason.complaints.overdue"},
      {late, AN_CS_PARTIAL, "compliance.reason.complaints.late"},
      {true, AN_CS_COMPLIANT, "compliance.reason.complaints.ok"},
  };
  an_check_verdict(out, verdict, vars, ev);
  return 0;
}

/* ---- CHK-1 and MARK-5-2-1: notice periods of announcements ---- */

/* Announcements of the last year with a notice rule (of `kinds`, NULL = any kind): how many and
 * how many took effect before their rule allowed (posted as urgent, with a reason). */
static int notices(const struct an_ctx *ctx, struct an_db *db, const char *const *kinds,
                   struct an_check_result *out)
{
  json_t *rows = NULL;
  int rc = an_store_rows_from(db, an_store_ops_announcements_all, &rows);
  if (rc < 0)
    return rc;
  int64_t total = 0, short_notice = 0, last_id = 0;
  size_t i;
  json_t *a;
  json_array_foreach(rows, i, a)
  {
    enum an_ops_notice rule;
    int64_t published = an_rec_int(a, "publish_us"), effective = 0;
    bool wanted = !kinds;
    for (const char *const *k = kinds; k && *k && !wanted; k++)
      wanted = is(a, "kind", *k);
    if (!wanted || published < ctx->now - 365 * DAY_US || published > ctx->now ||
        !an_ops_kind_notice(an_rec_str(a, "kind"), &rule) || rule == AN_OPS_NOTICE_NONE ||
        !an_time_parse(an_rec_str(a, "effective_at"), &effective))
      continue;
    total++;
    if (!an_ops_notice_ok(rule, published, effective)) {
      short_notice++;
      if (!last_id)
        last_id = an_rec_int(a, "id");
    }
  }
  json_decref(rows);
  json_t *ev = json_pack("{s:I, s:I, s:I}", "announcements", (json_int_t)total, "short_notice",
                         (json_int_t)short_notice, "period_days", (json_int_t)365);
  if (last_id)
    json_object_set_new(ev, "latest_short_notice_id", json_integer(last_id));
  json_t *vars =
      json_pack("{s:I, s:I}", "total", (json_int_t)total, "short", (json_int_t)short_notice);
  const struct an_check_rung verdict[] = {
      {!total, AN_CS_NOT_APPLICABLE, "compliance.reason.notice.none"},
      {short_notice, AN_CS_PARTIAL, "compliance.reason.notice.short"},
      {true, AN_CS_COMPLIANT, "compliance.reason.notice.ok"},
  };
  an_check_verdict(out, verdict, vars, ev);
  return 0;
}

int an_check_notice_periods(const struct an_ctx *ctx, struct an_db *db, struct an_check_result *out)
{
  return notices(ctx, db, NULL, out);
}

int an_check_maintenance_notice(const struct an_ctx *ctx, struct an_db *db,
                                struct an_check_result *out)
{
  static const char *const kinds[] = {"maintenance", "planned_stop", NULL};
  return notices(ctx, db, kinds, out);
}

/* ---- MARK-5-1-1 and MARK-5-1-4: the support desk ---- */

int an_check_support_channels(const struct an_ctx *ctx, struct an_db *db,
                              struct an_check_result *out)
{
  json_t *page = NULL;
  if (info_in_force(ctx, db, "support", &page) < 0)
    return AN_DB_HARD;
  /* The web form (contractors) and the public form are always there; mail and phone when the
   * operator configured them ([support] email, phone). */
  json_t *channels = json_pack("[s, s]", "web", "public");
  if (ctx->cfg->support_email[0])
    json_array_append_new(channels, json_string("email"));
  if (ctx->cfg->support_phone[0])
    json_array_append_new(channels, json_string("phone"));
  /* The two forms are one way in (the site): several channels means the site and mail or phone. */
  size_t ways = json_array_size(channels) - 1;
  json_t *ev =
      json_pack("{s:o, s:b, s:s, s:s}", "channels", channels, "support_page_published",
                page != NULL, "email", ctx->cfg->support_email, "phone", ctx->cfg->support_phone);
  if (page)
    json_object_set(ev, "support_page_version", json_object_get(page, "version"));
  json_t *vars = json_pack("{s:I}", "count", (json_int_t)ways);
  const struct an_check_rung verdict[] = {
      {!page, AN_CS_NON_COMPLIANT, "compliance.reason.channels.unpublished"},
      {ways < 2, AN_CS_NON_COMPLIANT, "compliance.reason.channels.few"},
      {true, AN_CS_COMPLIANT, "compliance.reason.channels.ok"},
  };
  an_check_verdict(out, verdict, vars, ev);
  json_decref(page);
  return 0;
}

int an_check_support_history(const struct an_ctx *ctx, struct an_db *db,
                             struct an_check_result *out)
{
  (void)ctx;
  int64_t total, missing, events;
  int rc = an_store_compliance_tickets_all(db, &total, &missing, &events);
  if (rc < 0)
    return rc;
  json_t *ev = json_pack("{s:I, s:I, s:I}", "tickets", (json_int_t)total, "without_history",
                         (json_int_t)missing, "history_events", (json_int_t)events);
  json_t *vars = json_pack("{s:I, s:I, s:I}", "tickets", (json_int_t)total, "missing",
                           (json_int_t)missing, "events", (json_int_t)events);
  an_check_set_pass(out, !missing, "compliance.reason.ticket_history.ok",
                    "compliance.reason.ticket_history.fail", vars, ev);
  return 0;
}

/* ---- MARK-4-2-2: the withdrawal procedure ---- */

int an_check_withdrawal(const struct an_ctx *ctx, struct an_db *db, struct an_check_result *out)
{
  json_t *in = NULL;
  if (an_check_in_force(ctx, db, an_document_public, "terms", &in) < 0)
    return AN_DB_HARD;
  bool terms = in != NULL;
  /* The procedure is the terms' cancellation article (Art. 12, TOS-7) with the contracts page's
   * cancellation form beside it; terms without such an article publish no procedure. */
  const char *body = terms ? an_rec_str(in, "body") : "";
  bool article = strstr(body, "解約") || strstr(body, "cancel") || strstr(body, "Cancel");
  json_t *ev = json_pack("{s:b, s:b, s:s}", "terms_in_force", terms, "cancellation_article",
                         article, "cancellation_form", "/contracts");
  if (terms)
    json_object_set(ev, "terms_version", json_object_get(in, "version"));
  json_t *vars = json_pack("{s:I}", "version", (json_int_t)(terms ? an_rec_int(in, "version") : 0));
  json_decref(in);
  const struct an_check_rung verdict[] = {
      {!terms, AN_CS_NON_COMPLIANT, "compliance.reason.withdrawal.none"},
      {!article, AN_CS_NON_COMPLIANT, "compliance.reason.withdrawal.no_article"},
      {true, AN_CS_COMPLIANT, "compliance.reason.withdrawal.ok"},
  };
  an_check_verdict(out, verdict, vars, ev);
  return 0;
}

/* ---- MARK-6-1-1, 6-2-1, 6-2-2: security advice and news ---- */

/* Whole days from the JST date ymd ("YYYY-MM-DD") to now; -1 when it does not parse. */
static int64_t days_since(const struct an_ctx *ctx, const char *ymd)
{
  struct an_date d;
  if (!an_date_parse(ymd, &d))
    return -1;
  return (an_ops_midnight(an_ops_date_of(ctx->now)) - an_ops_midnight(d)) / DAY_US;
}

int an_check_security_advice(const struct an_ctx *ctx, struct an_db *db,
                             struct an_check_result *out)
{
  json_t *page = NULL;
  if (info_in_force(ctx, db, "security", &page) < 0)
    return AN_DB_HARD;
  int64_t age = page ? days_since(ctx, an_rec_str(page, "effective_on")) : -1;
  int64_t limit = ctx->cfg->compliance_advice_days;
  json_t *ev = json_pack("{s:b, s:I, s:I, s:s}", "published", page != NULL, "age_days",
                         (json_int_t)age, "max_age_days", (json_int_t)limit, "page", "/security");
  if (page) {
    json_object_set(ev, "version", json_object_get(page, "version"));
    json_object_set(ev, "effective_on", json_object_get(page, "effective_on"));
  }
  json_decref(page);
  json_t *vars = json_pack("{s:I, s:I}", "days", (json_int_t)age, "limit", (json_int_t)limit);
  static const char *const reasons[] = {"compliance.reason.advice.none",
                                        "compliance.reason.advice.stale",
                                        "compliance.reason.advice.ok"};
  an_check_set_by_age(out, !page, age > limit, AN_CS_PARTIAL, reasons, vars, ev);
  return 0;
}

/* The newest announcement of kind for everyone, published by now: days since (-1 = none). */
static int news(const struct an_ctx *ctx, struct an_db *db, const char *kind,
                struct an_check_result *out)
{
  json_t *rows = json_array();
  int rc = an_store_ops_announcements_public(db, ctx->now, 500, rows);
  if (rc < 0) {
    json_decref(rows);
    return rc;
  }
  int64_t newest = 0, id = 0, count = 0, limit = ctx->cfg->compliance_news_days;
  size_t i;
  json_t *a;
  json_array_foreach(rows, i, a)
  {
    if (!is(a, "kind", kind))
      continue;
    count++;
    if (an_rec_int(a, "publish_us") > newest) {
      newest = an_rec_int(a, "publish_us");
      id = an_rec_int(a, "id");
    }
  }
  json_decref(rows);
  int64_t age = newest ? (ctx->now - newest) / DAY_US : -1;
  json_t *ev = json_pack("{s:s, s:I, s:I, s:I, s:s}", "kind", kind, "published", (json_int_t)count,
                         "age_days", (json_int_t)age, "max_age_days", (json_int_t)limit, "feed",
                         "/announcements.atom");
  if (id)
    json_object_set_new(ev, "latest_id", json_integer(id));
  json_t *vars = json_pack("{s:s, s:I, s:I}", "kind", kind, "days", (json_int_t)age, "limit",
                           (json_int_t)limit);
  json_object_set_new(vars, "what", json_sprintf("ops.kind.%s", kind));
  static const char *const reasons[] = {
      "compliance.reason.news.none", "compliance.reason.news.stale", "compliance.reason.news.ok"};
  an_check_set_by_age(out, !newest, age > limit, AN_CS_NON_COMPLIANT, reasons, vars, ev);
  return 0;
}

int an_check_virus_news(const struct an_ctx *ctx, struct an_db *db, struct an_check_result *out)
{
  return news(ctx, db, "virus_info", out);
}

int an_check_security_news(const struct an_ctx *ctx, struct an_db *db, struct an_check_result *out)
{
  return news(ctx, db, "security_news", out);
}
