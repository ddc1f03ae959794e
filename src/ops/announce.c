/* Announcements (お知らせ, CHK-19): kinds with their notice rules enforced when posted (CHK-1,
 * SLA-2, SLA-27, CHK-22, WP-14), an audience (everyone, a service's contractors, one tenant), an
 * e-mail to each of the audience's responsible persons with each delivery recorded (TOS-21), and
 * the public ones as an Atom 1.0 feed (RFC 4287). */
#include <string.h>

#include "core/buf.h"
#include "core/messages.h"
#include "core/time.h"
#include "market/market.h"
#include "notify/mail.h"
#include "ops/ops.h"
#include "ops/schedule.h"
#include "store/ops.h"
#include "store/ops_report.h"
#include "store/rows.h"

struct create {
  const struct an_ctx *ctx;
  json_t *rec;
  int64_t id;
};

/* Mails the announcement to one responsible person in the tenant's language (the English text
 * when there is one) and records the delivery. */
static int deliver(const struct an_ctx *ctx, struct an_db *db, int64_t id, const json_t *rec,
                   const json_t *who)
{
  const char *lang = strcmp(an_rec_str(who, "lang"), "en") ? "ja" : "en";
  bool en = !strcmp(lang, "en") && an_rec_str(rec, "title_en")[0];
  const char *title = en ? an_rec_str(rec, "title_en") : an_rec_str(rec, "title");
  const char *body =
      en && an_rec_str(rec, "body_en")[0] ? an_rec_str(rec, "body_en") : an_rec_str(rec, "body");
  json_t *vars = json_pack("{s:s, s:s, s:s, s:I}", "kind",
                           json_string_value(json_object_get(rec, "kind_key")), "title", title,
                           "text", body, "publish_at", (json_int_t)an_rec_int(rec, "publish_us"));
  bool has_effect = an_rec_int(rec, "effective_us") != 0;
  if (has_effect)
    json_object_set_new(vars, "effective_at", json_integer(an_rec_int(rec, "effective_us")));
  char *t = an_msg_render("notice.ops_announcement.title", lang, vars);
  char *b = an_msg_render(has_effect ? "notice.ops_announcement.body_effective"
                                     : "notice.ops_announcement.body",
                          lang, vars);
  json_decref(vars);
  int rc = AN_DB_HARD;
  if (t && b) {
    json_t *mv =
        json_pack("{s:s, s:s, s:s}", "addressee", an_rec_str(who, "name"), "title", t, "body", b);
    int64_t mail = 0;
    rc = an_mail_queue_id(ctx, db, an_rec_str(who, "email"), "notice", lang, mv, &mail);
    json_decref(mv);
    if (rc == AN_MAIL_REFUSED) /* an unusable address: recorded without a mail */
      rc = 0, mail = 0;
    if (rc >= 0)
      rc = an_store_ops_delivery_insert(db, id, an_rec_int(who, "tenant_id"),
                                        an_rec_str(who, "email"), mail, ctx->now);
  }
  free(t);
  free(b);
  return rc;
}

/* Mails announcement id (rec) to its audience unless it was mailed already: the claim and the
 * deliveries are one transaction, so each person gets it once even with several instances. */
static int mail_audience(const struct an_ctx *ctx, struct an_db *db, int64_t id, const json_t *rec)
{
  int rc = an_store_ops_announcement_claim(db, id, ctx->now);
  if (rc <= 0)
    return rc;
  json_t *who = json_array(), *w;
  rc = an_store_ops_audience_all(db, an_rec_str(rec, "audience"), an_rec_int(rec, "service_id"),
                                 an_rec_int(rec, "tenant_id"), who);
  size_t i;
  json_array_foreach(who, i, w)
  {
    if (rc < 0)
      break;
    rc = deliver(ctx, db, id, rec, w);
  }
  json_decref(who);
  return rc;
}

static int create_txn(struct an_db *db, void *cls)
{
  struct create *c = cls;
  int rc = an_store_ops_announcement_insert(db, c->rec, c->ctx->now, &c->id);
  if (rc >= 0)
    rc = an_market_audit(c->ctx, db, "announcement.post", "announcement", c->id,
                         an_rec_int(c->rec, "tenant_id"), c->rec);
  /* mailed at its publish time: now, or later by an_ops_announcements_deliver_due */
  if (rc >= 0 && an_rec_int(c->rec, "publish_us") <= c->ctx->now)
    rc = mail_audience(c->ctx, db, c->id, c->rec);
  return rc;
}

static int due_txn(struct an_db *db, void *cls)
{
  struct an_ctx_doc *d = cls;
  return mail_audience(d->ctx, db, an_rec_int(d->doc, "id"), d->doc);
}

int an_ops_announcements_deliver_due(const struct an_ctx *ctx, struct an_db *db)
{
  json_t *rows = json_array(), *row;
  int rc = an_store_ops_announcements_due_all(db, ctx->now, 50, rows), n = 0;
  size_t i;
  json_array_foreach(rows, i, row)
  {
    if (rc < 0)
      break;
    json_object_set_new(row, "kind_key", json_sprintf("ops.kind.%s", an_rec_str(row, "kind")));
    struct an_ctx_doc d = {ctx, row};
    rc = an_db_txn(db, due_txn, &d);
    if (rc > 0)
      n++;
  }
  json_decref(rows);
  if (n)
    an_ops_changed();
  return rc < 0 ? rc : n;
}

static const char *audience_field(struct an_db *db, const struct an_ops_announcement_in *in)
{
  const char *a = in->audience ? in->audience : "all";
  if (!strcmp(a, "all"))
    return NULL;
  if (!strcmp(a, "service"))
    return in->service_id && an_store_ops_service_exists(db, in->service_id) == 1 ? NULL
                                                                                  : "service_id";
  if (!strcmp(a, "tenant"))
    return in->tenant_id ? NULL : "tenant_id";
  return "audience";
}

enum an_ec an_ops_announcement_create(const struct an_ctx *ctx, struct an_db *db,
                                      const struct an_ops_announcement_in *in, const char **field,
                                      char earliest[11], json_t **out)
{
  *out = NULL;
  earliest[0] = 0;
  enum an_ops_notice rule;
  int64_t publish = in->publish_at ? in->publish_at : ctx->now;
  *field = !an_ops_kind_notice(in->kind, &rule)                          ? "kind"
           : rule != AN_OPS_NOTICE_NONE && !in->effective_at             ? "effective_at"
           : in->publish_at && in->publish_at < ctx->now - 60000000      ? "publish_at"
           : in->urgent && (!in->urgent_reason || !in->urgent_reason[0]) ? "urgent_reason"
                                                                         : audience_field(db, in);
  if (*field)
    return AN_EC_GENERIC_INVALID_FIELD;
  if (in->effective_at && !an_ops_notice_ok(rule, publish, in->effective_at) && !in->urgent) {
    an_date_format(an_ops_first_allowed(rule, publish), earliest, AN_DATE_STRLEN);
    *field = "effective_at";
    return AN_EC_NOTICE_PERIOD_TOO_SHORT;
  }
  const char *aud = in->audience ? in->audience : "all";
  json_t *rec =
      json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:i, s:s, s:s}", "kind", in->kind,
                "title", in->title, "body", in->body, "title_en", in->title_en ? in->title_en : "",
                "body_en", in->body_en ? in->body_en : "", "audience", aud, "service_id",
                (json_int_t)(!strcmp(aud, "service") ? in->service_id : 0), "tenant_id",
                (json_int_t)(!strcmp(aud, "tenant") ? in->tenant_id : 0), "publish_us",
                (json_int_t)publish, "urgent", in->urgent ? 1 : 0, "urgent_reason",
                in->urgent && in->urgent_reason ? in->urgent_reason : "", "created_by", ctx->actor);
  if (in->effective_at)
    json_object_set_new(rec, "effective_us", json_integer(in->effective_at));
  json_object_set_new(rec, "kind_key", json_sprintf("ops.kind.%s", in->kind));
  struct create c = {ctx, rec, 0};
  int rc = an_db_txn(db, create_txn, &c);
  json_decref(rec);
  if (rc < 0)
    return rc == AN_DB_HARD && !an_db_unavailable(db) && in->tenant_id ? AN_EC_GENERIC_NOT_FOUND
                                                                       : AN_EC_GENERIC_INTERNAL;
  an_ops_changed();
  if (an_store_ops_announcement_get(db, c.id, out) != 1)
    return AN_EC_GENERIC_INTERNAL;
  json_t *deliveries = json_array();
  an_store_ops_deliveries(db, c.id, deliveries);
  json_object_set_new(*out, "deliveries", deliveries);
  json_object_del(*out, "publish_us");
  return AN_EC_OK;
}

int an_ops_announcement_list(const struct an_ctx *ctx, struct an_db *db, json_t *out)
{
  int n;
  if (an_scope_is_operator(ctx))
    n = an_store_ops_announcements_all(db, out);
  else if (an_scope_tenant(ctx))
    n = an_store_ops_announcements_tenant(db, an_scope_tenant(ctx), ctx->now, out);
  else
    n = an_store_ops_announcements_public(db, ctx->now, 100, out);
  size_t i;
  json_t *a;
  json_array_foreach(out, i, a)
  {
    json_object_del(a, "publish_us");
    if (!an_scope_is_operator(ctx))
      json_object_del(a, "created_by");
  }
  return n;
}

/* Appends s with XML's five special characters escaped and the control characters XML 1.0
 * forbids dropped (text is UTF-8 already: the store only holds valid UTF-8). */
static void xml_text(struct an_buf *b, const char *s)
{
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '&')
      an_buf_printf(b, "&amp;");
    else if (c == '<')
      an_buf_printf(b, "&lt;");
    else if (c == '>')
      an_buf_printf(b, "&gt;");
    else if (c == '"')
      an_buf_printf(b, "&quot;");
    else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
      continue;
    else
      an_buf_append(b, s, 1);
  }
}

static void element(struct an_buf *b, const char *name, const char *text)
{
  an_buf_printf(b, "<%s>", name);
  xml_text(b, text);
  an_buf_printf(b, "</%s>\n", name);
}

enum an_ec an_ops_announcement_atom(const struct an_ctx *ctx, struct an_db *db, const char *base,
                                    char **xml)
{
  *xml = NULL;
  json_t *items = json_array(), *a;
  if (an_store_ops_announcements_public(db, ctx->now, 50, items) < 0) {
    json_decref(items);
    return AN_EC_GENERIC_INTERNAL;
  }
  char *title = an_msg_render("ops.atom.title", "ja", NULL);
  struct an_buf b = {0};
  char updated[40];
  an_time_format_utc(json_array_size(items) ? an_rec_int(json_array_get(items, 0), "publish_us")
                                            : 0,
                     updated, sizeof updated);
  an_buf_printf(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ja\">\n");
  element(&b, "title", title ? title : "anshin");
  an_buf_printf(&b, "<id>urn:anshin:announcements</id>\n");
  element(&b, "updated", updated);
  an_buf_printf(&b, "<link rel=\"self\" href=\"");
  xml_text(&b, base);
  an_buf_printf(&b, "/announcements.atom\"/>\n<link rel=\"alternate\" href=\"");
  xml_text(&b, base);
  an_buf_printf(&b, "/news\"/>\n<author><name>anshin</name></author>\n");
  size_t i;
  json_array_foreach(items, i, a)
  {
    char at[40];
    an_time_format_utc(an_rec_int(a, "publish_us"), at, sizeof at);
    an_buf_printf(&b, "<entry>\n<id>urn:anshin:announcement:%lld</id>\n",
                  (long long)an_rec_int(a, "id"));
    element(&b, "title", an_rec_str(a, "title"));
    element(&b, "updated", at);
    element(&b, "published", at);
    an_buf_printf(&b, "<link rel=\"alternate\" href=\"");
    xml_text(&b, base);
    an_buf_printf(&b, "/news#a%lld\"/>\n<category term=\"", (long long)an_rec_int(a, "id"));
    xml_text(&b, an_rec_str(a, "kind"));
    an_buf_printf(&b, "\"/>\n<content type=\"text\">");
    xml_text(&b, an_rec_str(a, "body"));
    an_buf_printf(&b, "</content>\n</entry>\n");
  }
  an_buf_printf(&b, "</feed>\n");
  free(title);
  json_decref(items);
  *xml = an_buf_steal(&b);
  return AN_EC_OK;
}
