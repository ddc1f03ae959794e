#include "support/breach.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/calendar.h"
#include "core/config.h"
#include "core/operator_row.h"
#include "core/time.h"
#include "notify/mail.h"
#include "store/rows.h"
#include "store/support_breach.h"
#include "support/hours.h"
#include "support/registers.h"

static int audit(const struct an_ctx *ctx, struct an_db *db, const char *action, int64_t id,
                 json_t *details)
{
  return an_audit_changed(ctx, db, action, "breach", id, 0, details);
}

static void add_days(const char *ymd, long n, char out[AN_DATE_STRLEN])
{
  struct an_date d;
  if (!an_date_parse(ymd, &d) || !an_date_add_days(d, n, &d)) {
    snprintf(out, AN_DATE_STRLEN, "%s", ymd);
    return;
  }
  an_date_format(d, out, AN_DATE_STRLEN);
}

/* "done", "overdue", "due_soon" (within the reminder window) or "open". */
static const char *deadline_state(const char *today, const char *due, bool done)
{
  if (done)
    return "done";
  if (strcmp(today, due) > 0)
    return "overdue";
  char soon[AN_DATE_STRLEN];
  add_days(today, AN_BREACH_REMIND_DAYS, soon);
  return strcmp(soon, due) >= 0 ? "due_soon" : "open";
}

static json_t *present(const struct an_ctx *ctx, json_t *b)
{
  char today[AN_DATE_STRLEN];
  an_date_format(an_support_jst_date(ctx->now), today, sizeof today);
  bool pre =
      !json_is_null(json_object_get(b, "preliminary_at")) && json_object_get(b, "preliminary_at");
  bool fin = !json_is_null(json_object_get(b, "final_at")) && json_object_get(b, "final_at");
  json_object_set_new(b, "deadlines",
                      json_pack("{s:{s:s, s:s}, s:{s:s, s:s}}", "preliminary_report", "due_on",
                                an_rec_str(b, "preliminary_due_on"), "state",
                                deadline_state(today, an_rec_str(b, "preliminary_due_on"), pre),
                                "final_report", "due_on", an_rec_str(b, "final_due_on"), "state",
                                deadline_state(today, an_rec_str(b, "final_due_on"), fin)));
  json_object_del(b, "reminded");
  return b;
}

/* Normalises an address list (comma, space or newline separated) into "a,b,c"; false when an
 * item is not an address. */
static bool address_list(const char *in, char **out)
{
  struct an_buf b = {0};
  char *copy = an_strdup(in ? in : ""), *save = NULL;
  bool ok = true;
  for (char *tok = strtok_r(copy, ", \r\n\t", &save); tok;
       tok = strtok_r(NULL, ", \r\n\t", &save)) {
    if (!strchr(tok, '@') || strlen(tok) > 254) {
      ok = false;
      break;
    }
    an_buf_printf(&b, "%s%s", b.len ? "," : "", tok);
  }
  free(copy);
  *out = b.data ? an_buf_steal(&b) : an_strdup("");
  return ok;
}

static int record_body(struct an_db *db, void *cls)
{
  struct an_ctx_doc *r = cls;
  int64_t id;
  int rc = an_support_insert(db, an_store_breach_insert, r->doc, &id);
  if (rc >= 0)
    rc = an_store_breach_step_add(db, id, "recorded", an_rec_str(r->doc, "what_leaked"),
                                  r->ctx->actor, r->ctx->now);
  if (rc >= 0)
    rc = audit(r->ctx, db, "breach.record", id,
               json_pack("{s:s, s:s, s:s}", "found_on", an_rec_str(r->doc, "found_on"),
                         "preliminary_due_on", an_rec_str(r->doc, "preliminary_due_on"),
                         "final_due_on", an_rec_str(r->doc, "final_due_on")));
  return rc;
}

enum an_ec an_breach_record(const struct an_ctx *ctx, struct an_db *db,
                            const struct an_breach_in *in, json_t **out, const char **bad_field)
{
  *out = NULL;
  *bad_field = NULL;
  if (!an_scope_is_operator(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  struct an_date found;
  if (!in->found_on || !an_date_parse(in->found_on, &found)) {
    *bad_field = "found_on";
    return AN_EC_GENERIC_INVALID_FIELD;
  }
  char *emails = NULL;
  if (!address_list(in->affected_emails, &emails)) {
    free(emails);
    *bad_field = "affected_emails";
    return AN_EC_GENERIC_INVALID_FIELD;
  }
  char pre[AN_DATE_STRLEN], fin[AN_DATE_STRLEN];
  add_days(in->found_on, AN_BREACH_PRELIMINARY_DAYS, pre);
  add_days(in->found_on, in->malicious ? AN_BREACH_FINAL_DAYS_MALICIOUS : AN_BREACH_FINAL_DAYS,
           fin);
  json_t *b = json_pack("{s:s, s:s, s:s, s:s, s:i, s:I, s:s, s:s, s:s, s:s, s:I}", "title",
                        in->title, "what_leaked", in->what_leaked, "whose", in->whose, "found_on",
                        in->found_on, "malicious", in->malicious ? 1 : 0, "affected_tenant_id",
                        (json_int_t)in->affected_tenant_id, "affected_emails", emails,
                        "preliminary_due_on", pre, "final_due_on", fin, "created_by", ctx->actor,
                        "created_us", (json_int_t)ctx->now);
  free(emails);
  struct an_ctx_doc r = {ctx, b};
  int rc = an_db_txn(db, record_body, &r);
  int64_t id = an_rec_int(b, "id");
  json_decref(b);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  return an_breach_get(ctx, db, id, out);
}

enum an_ec an_breach_list(const struct an_ctx *ctx, struct an_db *db, json_t **out)
{
  enum an_ec ec = an_support_register_list(ctx, db, an_store_breach_list_all, out);
  size_t i;
  json_t *b;
  json_array_foreach(json_object_get(*out, "items"), i, b) present(ctx, b);
  return ec;
}

enum an_ec an_breach_get(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **out)
{
  *out = NULL;
  json_t *b = NULL;
  /* The operator's staff alone: others are refused. */
  enum an_ec got = an_operator_row(ctx, AN_EC_AUTH_FORBIDDEN, db, an_store_breach_get_all, id, &b);
  if (got != AN_EC_OK)
    return got;
  json_t *steps = json_array(), *notices = json_array();
  an_store_breach_steps(db, id, steps);
  an_store_breach_notices(db, id, notices);
  present(ctx, b);
  json_object_set_new(b, "steps", steps);
  json_object_set_new(b, "notices", notices);
  *out = b;
  return AN_EC_OK;
}

struct notify_txn {
  const struct an_ctx *ctx;
  int64_t id;
  const char *subject, *text;
  json_t *to;
  int64_t sent;
};

static int notify_body(struct an_db *db, void *cls)
{
  struct notify_txn *n = cls;
  n->sent = 0;
  size_t i;
  json_t *addr;
  int rc = 1;
  json_array_foreach(n->to, i, addr)
  {
    json_t *vars = json_pack("{s:s, s:s}", "title", n->subject, "body", n->text);
    int64_t mail_id = 0;
    rc = an_mail_queue_id(n->ctx, db, json_string_value(addr), "breach_notice", "ja", vars,
                          &mail_id);
    json_decref(vars);
    if (rc == AN_MAIL_REFUSED)
      continue; /* an address that cannot take mail: not recorded as notified */
    if (rc >= 0)
      rc = an_store_breach_notice_add(db, n->id, json_string_value(addr), mail_id, n->ctx->now);
    if (rc < 0)
      return rc;
    n->sent++;
  }
  rc = an_store_breach_add_notified(db, n->id, n->sent);
  if (rc >= 0) {
    char count[32];
    snprintf(count, sizeof count, "%lld", (long long)n->sent);
    rc = an_store_breach_step_add(db, n->id, "notify", count, n->ctx->actor, n->ctx->now);
  }
  if (rc >= 0)
    rc = audit(n->ctx, db, "breach.notify", n->id, json_pack("{s:I}", "notified", n->sent));
  return rc;
}

/* The affected addresses: the tenant's active users and the listed ones, each once. */
static json_t *affected(struct an_db *db, const json_t *b)
{
  json_t *seen = json_object(), *out = json_array();
  json_t *rows = json_array(), *r;
  size_t i;
  if (an_rec_int(b, "affected_tenant_id") > 0)
    an_store_breach_tenant_emails(db, an_rec_int(b, "affected_tenant_id"), rows);
  json_array_foreach(rows, i, r) json_object_set_new(seen, an_rec_str(r, "email"), json_true());
  json_decref(rows);
  char *copy = an_strdup(an_rec_str(b, "affected_emails")), *save = NULL;
  for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
    json_object_set_new(seen, tok, json_true());
  free(copy);
  const char *key;
  json_t *v;
  json_object_foreach(seen, key, v) json_array_append_new(out, json_string(key));
  json_decref(seen);
  return out;
}

enum an_ec an_breach_notify(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                            const char *subject, const char *text, json_t **out)
{
  *out = NULL;
  json_t *b = NULL;
  enum an_ec got = an_operator_row(ctx, AN_EC_AUTH_FORBIDDEN, db, an_store_breach_get_all, id, &b);
  if (got != AN_EC_OK)
    return got;
  json_t *to = affected(db, b);
  json_decref(b);
  if (json_array_size(to) == 0) {
    json_decref(to);
    return AN_EC_GENERIC_CONFLICT;
  }
  struct notify_txn n = {ctx, id, subject, text, to, 0};
  int rc = an_db_txn(db, notify_body, &n);
  json_decref(to);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  return an_breach_get(ctx, db, id, out);
}

struct step_txn {
  const struct an_ctx *ctx;
  int64_t id;
  const char *step, *content;
};

static int step_body(struct an_db *db, void *cls)
{
  struct step_txn *s = cls;
  int rc = 1;
  if (!strcmp(s->step, "preliminary_report"))
    rc = an_store_breach_mark(db, s->id, "preliminary", s->ctx->now);
  else if (!strcmp(s->step, "final_report"))
    rc = an_store_breach_mark(db, s->id, "final", s->ctx->now);
  else if (!strcmp(s->step, "publish"))
    rc = an_store_breach_mark(db, s->id, "published", s->ctx->now);
  if (rc == 0)
    return AN_DB_ROLLBACK;
  if (rc >= 0)
    rc = an_store_breach_step_add(db, s->id, s->step, s->content, s->ctx->actor, s->ctx->now);
  if (rc >= 0)
    rc = audit(s->ctx, db, "breach.step", s->id, json_pack("{s:s}", "step", s->step));
  return rc;
}

enum an_ec an_breach_step(const struct an_ctx *ctx, struct an_db *db, int64_t id, const char *step,
                          const char *content, json_t **out)
{
  *out = NULL;
  if (!an_scope_is_operator(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  if (!step || (strcmp(step, "publish") && strcmp(step, "preliminary_report") &&
                strcmp(step, "final_report") && strcmp(step, "note")))
    return AN_EC_GENERIC_INVALID_FIELD;
  json_t *b = NULL;
  int rc = an_store_breach_get_all(db, id, &b);
  json_decref(b);
  if (rc <= 0)
    return an_ec_of_read(rc);
  struct step_txn s = {ctx, id, step, content ? content : ""};
  if (an_db_txn(db, step_body, &s) < 0)
    return AN_EC_GENERIC_INTERNAL;
  return an_breach_get(ctx, db, id, out);
}

struct remind_txn {
  const struct an_ctx *ctx;
  json_t *b;
  const char *which; /* preliminary_report or final_report */
  const char *had;   /* the reminders recorded when the report was read */
  const char *reminded;
};

static int remind_body(struct an_db *db, void *cls)
{
  struct remind_txn *r = cls;
  json_t *vars = json_pack(
      "{s:s, s:s, s:s, s:I}", "title", an_rec_str(r->b, "title"), "report",
      !strcmp(r->which, "preliminary_report") ? "breach.report.preliminary" : "breach.report.final",
      "due_on",
      an_rec_str(r->b,
                 !strcmp(r->which, "preliminary_report") ? "preliminary_due_on" : "final_due_on"),
      "id", (json_int_t)an_rec_int(r->b, "id"));
  int rc = an_support_desk_remind(r->ctx, db, "breach_reminder", vars);
  /* Only over what was read: another instance that got here first wins, this mail rolls back. */
  if (rc >= 0)
    rc = an_store_breach_set_reminded(db, an_rec_int(r->b, "id"), r->had, r->reminded);
  if (rc == 0)
    rc = AN_DB_ROLLBACK;
  if (rc >= 0)
    rc = audit(r->ctx, db, "breach.remind", an_rec_int(r->b, "id"),
               json_pack("{s:s}", "report", r->which));
  return rc;
}

int an_breach_remind(const struct an_ctx *ctx, struct an_db *db)
{
  json_t *rows = NULL, *b;
  if (an_store_rows_from(db, an_store_breach_list_all, &rows) < 0)
    return -1;
  int sent = 0;
  size_t i;
  json_array_foreach(rows, i, b)
  {
    /* The reports already reminded of, comma-separated; grows as reminders are sent. */
    struct an_buf reminded = {0};
    an_buf_puts(&reminded, an_rec_str(b, "reminded"));
    present(ctx, b);
    json_t *dl = json_object_get(b, "deadlines");
    static const char *const which[] = {"preliminary_report", "final_report"};
    for (int k = 0; k < 2; k++) {
      const char *state =
          json_string_value(json_object_get(json_object_get(dl, which[k]), "state"));
      if (!state || (strcmp(state, "due_soon") && strcmp(state, "overdue")) ||
          strstr(reminded.data, which[k]))
        continue;
      struct an_buf next = {0};
      an_buf_printf(&next, "%s%s%s", reminded.data, reminded.data[0] ? "," : "", which[k]);
      struct remind_txn r = {ctx, b, which[k], reminded.data ? reminded.data : "", next.data};
      if (an_db_txn(db, remind_body, &r) >= 0) {
        an_buf_free(&reminded);
        reminded = next;
        sent++;
      } else
        an_buf_free(&next);
    }
    an_buf_free(&reminded);
  }
  json_decref(rows);
  return sent;
}
