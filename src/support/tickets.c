#include "support/tickets.h"

#include <string.h>
#include <strings.h>

#include "audit/audit.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/format.h"
#include "core/messages.h"
#include "core/time.h"
#include "crypto/token.h"
#include "notify/mail.h"
#include "store/lang.h"
#include "store/rows.h"
#include "store/support_pdr.h"
#include "store/support_tickets.h"
#include "store/users.h"
#include "support/desk.h"
#include "support/hours.h"
#include "support/plan_targets.h"
#include "support/registers.h"

/* --- the clock ------------------------------------------------------------------------------ */

/* Seconds the resolution clock has run by now (paused time excluded). */
static int64_t clock_used(const struct an_calendar *cal, const struct an_support_hours *h,
                          const json_t *t, int64_t now)
{
  int64_t used = an_rec_int(t, "clock_used_s");
  json_t *from = json_object_get(t, "clock_from_us");
  if (json_is_integer(from))
    used += an_support_open_seconds(cal, h, json_integer_value(from), now);
  return used;
}

/* Stops the resolution clock (waiting on the customer, resolved, closed). */
static void clock_stop(const struct an_calendar *cal, const struct an_support_hours *h, json_t *t,
                       int64_t now)
{
  if (!json_is_integer(json_object_get(t, "clock_from_us")))
    return;
  json_object_set_new(t, "clock_used_s", json_integer(clock_used(cal, h, t, now)));
  json_object_set_new(t, "clock_from_us", json_null());
  json_object_set_new(t, "resolution_due_us", json_null());
}

/* Starts it again from now with what is left of the target (the due time moves by the pause). */
static void clock_start(const struct an_calendar *cal, const struct an_support_hours *h, json_t *t,
                        int64_t now)
{
  if (json_is_integer(json_object_get(t, "clock_from_us")))
    return;
  int64_t left = an_rec_int(t, "resolution_minutes") * 60 - an_rec_int(t, "clock_used_s");
  int64_t due = now;
  if (!an_support_due(cal, h, now, left > 0 ? left : 0, &due))
    due = now;
  json_object_set_new(t, "clock_from_us", json_integer(now));
  json_object_set_new(t, "resolution_due_us", json_integer(left > 0 ? due : now));
}

/* "ok", "warning" or "breached" for a running target with `left` seconds of `target`. */
static const char *running_state(const struct an_config *cfg, int64_t left, int64_t target)
{
  if (left < 0)
    return "breached";
  return left * 100 < cfg->support_warning_percent * target ? "warning" : "ok";
}

/* --- presentation --------------------------------------------------------------------------- */

static void set_jst(json_t *o, const char *key, const json_t *us)
{
  if (!json_is_integer(us)) {
    json_object_set_new(o, key, json_null());
    return;
  }
  char buf[40];
  an_time_format_jst(json_integer_value(us), buf, sizeof buf);
  json_object_set_new(o, key, json_string(buf));
}

static bool is_status(const json_t *t, const char *s)
{
  return !strcmp(an_rec_str(t, "status"), s);
}

/* The SLA block: the state of each target now (SLA-31: breaches flagged). */
static json_t *sla_of(const struct an_ctx *ctx, const struct an_calendar *cal,
                      const struct an_support_hours *h, const json_t *t)
{
  int64_t now = ctx->now, fr_due = an_rec_int(t, "first_response_due_us");
  int64_t fr_target = an_rec_int(t, "first_response_minutes") * 60;
  json_t *fr_at = json_object_get(t, "first_response_us");
  const char *fr;
  if (json_is_integer(fr_at))
    fr = json_integer_value(fr_at) <= fr_due ? "met" : "breached";
  else if (now > fr_due)
    fr = "breached";
  else
    fr = running_state(ctx->cfg, an_support_open_seconds(cal, h, now, fr_due), fr_target);
  int64_t res_target = an_rec_int(t, "resolution_minutes") * 60;
  int64_t left = res_target - clock_used(cal, h, t, now);
  const char *res;
  bool paused = !json_is_integer(json_object_get(t, "clock_from_us"));
  if (left < 0)
    res = "breached";
  else if (is_status(t, "resolved") || is_status(t, "closed"))
    res = "met";
  else if (paused)
    res = "paused";
  else
    res = running_state(ctx->cfg, left, res_target);
  return json_pack("{s:s, s:s, s:b, s:I}", "first_response", fr, "resolution", res, "paused",
                   paused, "resolution_seconds_left", (json_int_t)(left > 0 ? left : 0));
}

/* The ticket as the API shows it to ctx: JST times, the SLA block; a shop does not see the
 * requester's contact details (TOS-18: only what handling the matter needs). */
static json_t *present(const struct an_ctx *ctx, const json_t *t)
{
  const struct an_calendar *cal;
  const struct an_support_hours *h;
  an_support_clock(ctx->cfg, &cal, &h);
  json_t *o = json_object();
  static const char *const keep[] = {"id",
                                     "ref",
                                     "tenant_id",
                                     "shop_id",
                                     "channel",
                                     "category",
                                     "status",
                                     "subject",
                                     "assignee",
                                     "lang",
                                     "requester_name",
                                     "requester_email",
                                     "first_response_minutes",
                                     "resolution_minutes",
                                     "contract_id",
                                     "plan_id"};
  for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
    json_object_set(o, keep[i], json_object_get(t, keep[i]));
  if (an_scope_shop(ctx)) {
    json_object_del(o, "requester_name");
    json_object_del(o, "requester_email");
  }
  set_jst(o, "first_response_due", json_object_get(t, "first_response_due_us"));
  set_jst(o, "resolution_due", json_object_get(t, "resolution_due_us"));
  set_jst(o, "first_response_at", json_object_get(t, "first_response_us"));
  set_jst(o, "resolved_at", json_object_get(t, "resolved_us"));
  set_jst(o, "closed_at", json_object_get(t, "closed_us"));
  set_jst(o, "created_at", json_object_get(t, "created_us"));
  set_jst(o, "updated_at", json_object_get(t, "updated_us"));
  if (cal)
    json_object_set_new(o, "sla", sla_of(ctx, cal, h, t));
  return o;
}

/* Moves every field of add (a new reference, consumed) into t. */
static void merge(json_t *t, json_t *add)
{
  json_object_update(t, add);
  json_decref(add);
}

/* --- reading -------------------------------------------------------------------------------- */

int an_ticket_load(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **t)
{
  *t = NULL;
  if (an_scope_tenant(ctx))
    return an_store_ticket_get(db, an_scope_tenant(ctx), id, t);
  if (an_scope_shop(ctx))
    return an_store_ticket_get_shop(db, an_scope_shop(ctx), id, t);
  if (an_scope_is_operator(ctx))
    return an_store_ticket_get_all(db, id, t);
  return 0;
}

enum an_ec an_ticket_list(const struct an_ctx *ctx, struct an_db *db, const char *status,
                          json_t **out)
{
  *out = NULL;
  json_t *rows = json_array();
  const char *st = status ? status : "";
  int rc = 0;
  if (an_scope_tenant(ctx))
    rc = an_store_ticket_list(db, an_scope_tenant(ctx), st, rows);
  else if (an_scope_shop(ctx))
    rc = an_store_ticket_list_shop(db, an_scope_shop(ctx), st, rows);
  else if (an_scope_is_operator(ctx))
    rc = an_store_ticket_list_all(db, st, rows);
  if (rc < 0) {
    json_decref(rows);
    return AN_EC_GENERIC_INTERNAL;
  }
  json_t *items = json_array();
  json_int_t open = 0, warning = 0, breached = 0;
  size_t i;
  json_t *t;
  json_array_foreach(rows, i, t)
  {
    json_t *o = present(ctx, t);
    json_t *sla = json_object_get(o, "sla");
    const char *fr = json_string_value(json_object_get(sla, "first_response"));
    const char *res = json_string_value(json_object_get(sla, "resolution"));
    bool done = is_status(t, "resolved") || is_status(t, "closed");
    open += !done;
    breached += (fr && !strcmp(fr, "breached")) || (res && !strcmp(res, "breached"));
    warning += !done && ((fr && !strcmp(fr, "warning")) || (res && !strcmp(res, "warning")));
    json_array_append_new(items, o);
  }
  json_decref(rows);
  *out = json_pack("{s:o, s:{s:I, s:I, s:I}}", "items", items, "counts", "open", open, "warning",
                   warning, "breached", breached);
  return AN_EC_OK;
}

enum an_ec an_ticket_get(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **out)
{
  *out = NULL;
  json_t *t = NULL;
  int rc = an_ticket_load(ctx, db, id, &t);
  if (rc <= 0)
    return an_ec_of_read(rc);
  json_t *history = json_array();
  rc = an_store_ticket_events(db, an_rec_int(t, "tenant_id"), id, an_scope_is_operator(ctx),
                              history);
  json_t *o = present(ctx, t);
  json_decref(t);
  if (rc < 0) {
    json_decref(history);
    json_decref(o);
    return AN_EC_GENERIC_INTERNAL;
  }
  json_object_set_new(o, "history", history);
  json_t *files = json_array();
  an_store_ticket_attachments(db, an_rec_int(o, "tenant_id"), id, files);
  json_object_set_new(o, "attachments", files);
  *out = o;
  return AN_EC_OK;
}

/* --- writing -------------------------------------------------------------------------------- */

static int audit(const struct an_ctx *ctx, struct an_db *db, const char *action, const json_t *t,
                 json_t *details)
{
  return an_audit_changed(ctx, db, action, "ticket", an_rec_int(t, "id"),
                          an_rec_int(t, "tenant_id"), details);
}

static const char *author_kind(const struct an_ctx *ctx)
{
  if (ctx->subject == AN_SUBJECT_USER)
    return "user";
  if (ctx->subject == AN_SUBJECT_STAFF)
    return "staff";
  return "requester"; /* the public form, or a mail read by the system */
}

static int event(const struct an_ctx *ctx, struct an_db *db, const json_t *t, const char *kind,
                 bool internal, const char *body, const char *detail)
{
  const char *label = ctx->actor[0] ? ctx->actor : an_rec_str(t, "requester_email");
  return an_store_ticket_event_add(db, an_rec_int(t, "tenant_id"), an_rec_int(t, "id"), kind,
                                   internal, author_kind(ctx), label, body, detail, ctx->now);
}

/* Queues mail.<tmpl> to the requester in the ticket's language; nothing when there is no
 * address (a call). The mail names the ticket's reference, which threads replies (item 2). */
static int mail_requester(const struct an_ctx *ctx, struct an_db *db, const json_t *t,
                          const char *tmpl, const char *body)
{
  const char *to = an_rec_str(t, "requester_email");
  if (!to[0])
    return 1;
  const char *name = an_rec_str(t, "requester_name");
  const char *lang = an_rec_str(t, "lang");
  json_t *vars =
      json_pack("{s:s, s:s, s:s, s:I, s:s}", "name",
                name[0] ? name : an_msg_text("mail.notice.addressee", lang), "subject",
                an_rec_str(t, "subject"), "ref", an_rec_str(t, "ref"), "due",
                (json_int_t)an_rec_int(t, "first_response_due_us"), "body", body ? body : "");
  int rc = an_mail_queue(ctx, db, to, tmpl, lang, vars);
  json_decref(vars);
  /* A refused address (checked when the ticket was made) must not undo the answer. */
  return rc == AN_MAIL_REFUSED ? 1 : rc;
}

struct open_txn {
  const struct an_ctx *ctx;
  json_t *t;
  const char *body;
  const struct an_ticket_in *in;
};

static int open_body(struct an_db *db, void *cls)
{
  struct open_txn *o = cls;
  int rc = an_support_insert(db, an_store_ticket_insert, o->t, NULL);
  if (rc < 0)
    return rc;
  rc = event(o->ctx, db, o->t, "message", false, o->body, an_rec_str(o->t, "channel"));
  if (rc >= 0)
    rc = audit(o->ctx, db, "ticket.open", o->t,
               json_pack("{s:s, s:s, s:s}", "ref", an_rec_str(o->t, "ref"), "channel",
                         an_rec_str(o->t, "channel"), "category", an_rec_str(o->t, "category")));
  if (rc >= 0 && o->in->also)
    rc = o->in->also(o->ctx, db, o->t, o->in->also_cls);
  if (rc >= 0)
    rc = mail_requester(o->ctx, db, o->t, "ticket_opened", NULL);
  return rc;
}

/* Who is asking, by ctx: fills channel, tenant, requester and language into t. */
static enum an_ec requester(const struct an_ctx *ctx, struct an_db *db,
                            const struct an_ticket_in *in, json_t *t, const char **bad_field)
{
  if (an_scope_tenant(ctx) && ctx->subject == AN_SUBJECT_USER) {
    struct an_user u;
    char lang[AN_LANG_STRLEN] = "ja";
    if (an_store_user_by_id(db, an_scope_tenant(ctx), ctx->subject_id, &u) != 1)
      return AN_EC_GENERIC_INTERNAL;
    an_store_user_lang(db, an_scope_tenant(ctx), u.id, lang);
    merge(t, json_pack("{s:s, s:I, s:I, s:s, s:s, s:s}", "channel", "web", "tenant_id",
                       (json_int_t)an_scope_tenant(ctx), "requester_user_id", (json_int_t)u.id,
                       "requester_name", u.display_name[0] ? u.display_name : u.login,
                       "requester_email", u.email, "lang", lang));
    return AN_EC_OK;
  }
  if (an_scope_shop(ctx) || an_scope_tenant(ctx))
    return AN_EC_AUTH_FORBIDDEN; /* a shop, or a tenant's machine token */
  const char *channel = an_scope_is_operator(ctx) ? in->channel : "public";
  *bad_field = "channel";
  if (!channel ||
      (strcmp(channel, "phone") && strcmp(channel, "email") && strcmp(channel, "public")))
    return AN_EC_GENERIC_INVALID_FIELD;
  *bad_field = "requester_email";
  const char *email = in->requester_email ? in->requester_email : "";
  /* The public form and a mail need an address to answer; a call may have none, and so may a
   * report of a prohibited act (TOS-17: anyone may report, without saying who they are). */
  bool anonymous_ok = !strcmp(channel, "phone") || !strcmp(in->category, "prohibited_act");
  if ((email[0] || !anonymous_ok) && !strchr(email, '@'))
    return AN_EC_GENERIC_INVALID_FIELD;
  *bad_field = NULL;
  merge(t, json_pack("{s:s, s:I, s:s, s:s, s:s}", "channel", channel, "tenant_id",
                     (json_int_t)(an_scope_is_operator(ctx) ? in->tenant_id : 0), "requester_name",
                     in->requester_name ? in->requester_name : "", "requester_email", email, "lang",
                     an_lang_norm(in->lang)));
  return AN_EC_OK;
}

/* The targets of the ticket t (its requester already filled in): of the contract's plan, else
 * the defaults; records the contract and the plan in t. */
static enum an_ec targets_of(const struct an_ctx *ctx, struct an_db *db,
                             const struct an_ticket_in *in, json_t *t, int64_t *first,
                             int64_t *resolution, const char **bad_field)
{
  int64_t contract = 0, plan = 0, tenant = 0;
  int rc = an_support_ticket_targets(ctx, db, in->contract_id, in->category, &contract, &plan,
                                     &tenant, first, resolution);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  int64_t own = an_rec_int(t, "tenant_id");
  if (rc == 0 || (contract && own && own != tenant)) {
    *bad_field = "contract_id";
    return AN_EC_GENERIC_INVALID_FIELD;
  }
  if (contract && !own) /* staff named the contract, not the tenant */
    json_object_set_new(t, "tenant_id", json_integer(tenant));
  merge(t,
        json_pack("{s:I, s:I}", "contract_id", (json_int_t)contract, "plan_id", (json_int_t)plan));
  return AN_EC_OK;
}

enum an_ec an_ticket_open(const struct an_ctx *ctx, struct an_db *db, const struct an_ticket_in *in,
                          json_t **out, const char **bad_field)
{
  *out = NULL;
  *bad_field = "category";
  const struct an_calendar *cal;
  const struct an_support_hours *h;
  if (!an_support_clock(ctx->cfg, &cal, &h))
    return AN_EC_GENERIC_UNAVAILABLE;
  if (!an_support_category_known(in->category))
    return AN_EC_GENERIC_INVALID_FIELD;
  *bad_field = NULL;
  json_t *t = json_object();
  enum an_ec ec = requester(ctx, db, in, t, bad_field);
  if (ec != AN_EC_OK) {
    json_decref(t);
    return ec;
  }
  int64_t first, resolution, fr_due = ctx->now, res_due = ctx->now;
  ec = targets_of(ctx, db, in, t, &first, &resolution, bad_field);
  if (ec != AN_EC_OK) {
    json_decref(t);
    return ec;
  }
  an_support_due(cal, h, ctx->now, first * 60, &fr_due);
  an_support_due(cal, h, ctx->now, resolution * 60, &res_due);
  char hex[11], ref[16];
  an_random_hex(5, hex);
  for (char *p = hex; *p; p++)
    *p = (char)(*p >= 'a' ? *p - 32 : *p);
  snprintf(ref, sizeof ref, "S-%s", hex);
  merge(t, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, "
                     "s:I, s:s, s:I}",
                     "shop_id", (json_int_t)0, "ref", ref, "category", in->category, "status",
                     "new", "subject", in->subject, "first_response_minutes", (json_int_t)first,
                     "resolution_minutes", (json_int_t)resolution, "first_response_due_us",
                     (json_int_t)fr_due, "resolution_due_us", (json_int_t)res_due, "clock_from_us",
                     (json_int_t)ctx->now, "clock_used_s", (json_int_t)0, "created_us",
                     (json_int_t)ctx->now, "assignee", "", "updated_us", (json_int_t)ctx->now));
  struct open_txn o = {ctx, t, in->body, in};
  int rc = an_db_txn(db, open_body, &o);
  if (rc < 0) {
    json_decref(t);
    return AN_EC_GENERIC_INTERNAL;
  }
  *out = present(ctx, t);
  json_decref(t);
  return AN_EC_OK;
}

/* --- changing a ticket ---------------------------------------------------------------------- */

/* The moves the state machine allows (MARK-5-1-4 keeps each one in the history). */
static bool move_allowed(const char *from, const char *to)
{
  if (!strcmp(from, "closed"))
    return false; /* final: a new matter is a new ticket */
  if (!strcmp(to, "closed"))
    return !strcmp(from, "resolved") || !strcmp(from, "waiting") || !strcmp(from, "open") ||
           !strcmp(from, "new");
  return !strcmp(to, "open") || !strcmp(to, "waiting") || !strcmp(to, "resolved");
}

/* Puts t into status `to` at now, keeping the clock: it runs in new and open and stops
 * otherwise. */
static void set_status(const struct an_ctx *ctx, json_t *t, const char *to)
{
  const struct an_calendar *cal;
  const struct an_support_hours *h;
  an_support_clock(ctx->cfg, &cal, &h);
  if (!strcmp(to, "open") || !strcmp(to, "new"))
    clock_start(cal, h, t, ctx->now);
  else
    clock_stop(cal, h, t, ctx->now);
  if (!strcmp(to, "resolved"))
    json_object_set_new(t, "resolved_us", json_integer(ctx->now));
  else if (!strcmp(to, "open"))
    json_object_set_new(t, "resolved_us", json_null());
  if (!strcmp(to, "closed"))
    json_object_set_new(t, "closed_us", json_integer(ctx->now));
  json_object_set_new(t, "status", json_string(to));
}

struct change {
  const struct an_ctx *ctx;
  int64_t id;
  /* a reply */
  const char *body;
  bool internal;
  const char *status;
  /* an update */
  const char *assignee;
  int64_t shop_id;
  bool is_reply;
  const char *mail_from; /* a reply that came by mail from this address */
  /* an_ticket_resolve_if's check */
  int (*check)(const struct an_ctx *ctx, struct an_db *db, const json_t *ticket, void *cls);
  void *check_cls;
  /* results */
  enum an_ec ec;
  json_t *t;
};

static int status_event(struct change *c, struct an_db *db, const char *from)
{
  const char *to = an_rec_str(c->t, "status");
  if (!strcmp(from, to))
    return 1;
  struct an_buf d = {0};
  an_buf_printf(&d, "%s>%s", from, to);
  int rc = event(c->ctx, db, c->t, "status", false, "", d.data);
  an_buf_free(&d);
  if (rc >= 0)
    rc = audit(c->ctx, db, "ticket.status", c->t, json_pack("{s:s, s:s}", "from", from, "to", to));
  return rc;
}

/* A customer's message: reopens a waiting or resolved ticket (its clock runs again). */
static int customer_reply(struct change *c, struct an_db *db)
{
  if (c->internal) {
    c->ec = AN_EC_AUTH_FORBIDDEN;
    return AN_DB_ROLLBACK;
  }
  int rc = event(c->ctx, db, c->t, "message", false, c->body, "");
  if (rc >= 0 && !is_status(c->t, "new"))
    set_status(c->ctx, c->t, "open");
  return rc;
}

/* A reply by mail from the requester's own address (inbound, item 2): like a customer's reply.
 * From any other address it does not thread (the caller opens a new ticket). */
static int mail_reply(struct change *c, struct an_db *db)
{
  if (strcasecmp(c->mail_from, an_rec_str(c->t, "requester_email"))) {
    c->ec = AN_EC_AUTH_FORBIDDEN;
    return AN_DB_ROLLBACK;
  }
  int rc = an_store_ticket_event_add(db, an_rec_int(c->t, "tenant_id"), an_rec_int(c->t, "id"),
                                     "message", false, "requester", c->mail_from, c->body, "email",
                                     c->ctx->now);
  if (rc >= 0 && !is_status(c->t, "new"))
    set_status(c->ctx, c->t, "open");
  return rc;
}

/* Staff: a note, or an answer mailed to the requester. */
static int staff_reply(struct change *c, struct an_db *db)
{
  if (c->internal)
    return event(c->ctx, db, c->t, "note", true, c->body, "");
  const char *to = c->status && c->status[0] ? c->status : "waiting";
  if (strcmp(to, "open") && strcmp(to, "waiting") && strcmp(to, "resolved")) {
    c->ec = AN_EC_GENERIC_INVALID_FIELD;
    return AN_DB_ROLLBACK;
  }
  if (!json_is_integer(json_object_get(c->t, "first_response_us")))
    json_object_set_new(c->t, "first_response_us", json_integer(c->ctx->now));
  int rc = event(c->ctx, db, c->t, "message", false, c->body, "");
  if (rc >= 0)
    rc = mail_requester(c->ctx, db, c->t, "ticket_reply", c->body);
  if (rc >= 0 && an_rec_str(c->t, "requester_email")[0])
    rc = event(c->ctx, db, c->t, "mail", true, "", an_rec_str(c->t, "requester_email"));
  set_status(c->ctx, c->t, to);
  return rc;
}

static int update_fields(struct change *c, struct an_db *db)
{
  int rc = 1;
  if (c->status) {
    if (strcmp(c->status, "open") && strcmp(c->status, "waiting") &&
        strcmp(c->status, "resolved") && strcmp(c->status, "closed")) {
      c->ec = AN_EC_GENERIC_INVALID_FIELD;
      return AN_DB_ROLLBACK;
    }
    if (!move_allowed(an_rec_str(c->t, "status"), c->status)) {
      c->ec = AN_EC_GENERIC_CONFLICT;
      return AN_DB_ROLLBACK;
    }
    set_status(c->ctx, c->t, c->status);
  }
  if (c->assignee && strcmp(c->assignee, an_rec_str(c->t, "assignee"))) {
    json_object_set_new(c->t, "assignee", json_string(c->assignee));
    rc = event(c->ctx, db, c->t, "assign", true, "", c->assignee);
    if (rc >= 0)
      rc = audit(c->ctx, db, "ticket.assign", c->t, json_pack("{s:s}", "assignee", c->assignee));
  }
  if (rc >= 0 && c->shop_id >= 0 && c->shop_id != an_rec_int(c->t, "shop_id")) {
    json_object_set_new(c->t, "shop_id", json_integer(c->shop_id));
    char d[32];
    snprintf(d, sizeof d, "shop:%lld", (long long)c->shop_id);
    rc = event(c->ctx, db, c->t, "route", true, "", d);
    /* TOS-18: what the shop receives is recorded: the matter, not the requester's contact. */
    if (rc >= 0)
      rc = audit(c->ctx, db, "ticket.route", c->t,
                 json_pack("{s:I, s:[s,s,s]}", "shop_id", (json_int_t)c->shop_id, "handed_over",
                           "subject", "messages", "category"));
  }
  return rc;
}

static int change_body(struct an_db *db, void *cls)
{
  struct change *c = cls;
  json_decref(c->t);
  c->t = NULL;
  c->ec = AN_EC_OK;
  int rc = an_ticket_load(c->ctx, db, c->id, &c->t);
  if (rc <= 0) {
    c->ec = rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_GENERIC_NOT_FOUND;
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  }
  if (c->is_reply && is_status(c->t, "closed")) {
    c->ec = AN_EC_GENERIC_CONFLICT;
    return AN_DB_ROLLBACK;
  }
  char from[24];
  snprintf(from, sizeof from, "%s", an_rec_str(c->t, "status"));
  if (c->check && (rc = c->check(c->ctx, db, c->t, c->check_cls)) <= 0) {
    c->ec = rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_GENERIC_CONFLICT;
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  }
  if (c->mail_from)
    rc = mail_reply(c, db);
  else if (c->is_reply && an_scope_is_operator(c->ctx))
    rc = staff_reply(c, db);
  else if (c->is_reply && an_scope_tenant(c->ctx))
    rc = customer_reply(c, db);
  else if (c->is_reply) {
    c->ec = AN_EC_AUTH_FORBIDDEN; /* a shop reads what is routed to it, the operator answers */
    return AN_DB_ROLLBACK;
  } else
    rc = update_fields(c, db);
  if (rc < 0)
    return rc;
  json_object_set_new(c->t, "updated_us", json_integer(c->ctx->now));
  rc = an_store_ticket_update(db, c->t);
  if (rc == 0)
    rc = AN_DB_HARD; /* read a moment ago in this transaction */
  if (rc >= 0)
    rc = status_event(c, db, from);
  if (rc >= 0 && c->is_reply)
    rc = audit(c->ctx, db, c->internal ? "ticket.note" : "ticket.reply", c->t,
               c->mail_from ? json_pack("{s:s}", "channel", "email") : NULL);
  return rc;
}

static enum an_ec run_change(struct change *c, struct an_db *db, json_t **out)
{
  *out = NULL;
  const struct an_calendar *cal;
  const struct an_support_hours *h;
  if (!an_support_clock(c->ctx->cfg, &cal, &h))
    return AN_EC_GENERIC_UNAVAILABLE;
  int rc = an_db_txn(db, change_body, c);
  if (rc < 0 && rc != AN_DB_ROLLBACK && c->ec == AN_EC_OK)
    c->ec = AN_EC_GENERIC_INTERNAL;
  if (c->ec == AN_EC_OK)
    *out = present(c->ctx, c->t);
  json_decref(c->t);
  return c->ec;
}

enum an_ec an_ticket_reply(const struct an_ctx *ctx, struct an_db *db, int64_t id, const char *body,
                           bool internal, const char *status, json_t **out)
{
  struct change c = {.ctx = ctx,
                     .id = id,
                     .body = body,
                     .internal = internal,
                     .status = status,
                     .shop_id = -1,
                     .is_reply = true};
  return run_change(&c, db, out);
}

enum an_ec an_ticket_update(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                            const char *status, const char *assignee, int64_t shop_id, json_t **out)
{
  if (!an_scope_is_operator(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  struct change c = {
      .ctx = ctx, .id = id, .status = status, .assignee = assignee, .shop_id = shop_id};
  return run_change(&c, db, out);
}

enum an_ec an_ticket_resolve_if(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                int (*check)(const struct an_ctx *ctx, struct an_db *db,
                                             const json_t *ticket, void *cls),
                                void *cls, json_t **out)
{
  if (!an_scope_is_operator(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  struct change c = {
      .ctx = ctx, .id = id, .status = "resolved", .shop_id = -1, .check = check, .check_cls = cls};
  return run_change(&c, db, out);
}

/* --- export (SLA-24) ------------------------------------------------------------------------ */

enum an_ec an_ticket_history_csv(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                 const char *lang, char **csv, size_t *len)
{
  *csv = NULL;
  *len = 0;
  json_t *t = NULL;
  enum an_ec ec = an_ticket_get(ctx, db, id, &t);
  if (ec != AN_EC_OK)
    return ec;
  struct an_buf b = {0};
  an_buf_puts(&b, "\xEF\xBB\xBF");
  an_buf_puts(&b, an_msg_text("csv.ticket_history", lang));
  an_buf_puts(&b, "\r\n");
  size_t i;
  json_t *e;
  json_array_foreach(json_object_get(t, "history"), i, e)
  {
    /* created_at came back from the store as UTC; show it in JST like every CSV. */
    int64_t at = 0;
    char jst[40] = "";
    if (an_time_parse(an_rec_str(e, "created_at"), &at))
      an_time_format_jst(at, jst, sizeof jst);
    an_csv_field(&b, an_rec_str(t, "ref"), false);
    an_csv_field(&b, jst, false);
    an_csv_field(&b, an_rec_str(e, "kind"), false);
    an_csv_field(&b, an_rec_str(e, "author_kind"), false);
    an_csv_field(&b, an_rec_str(e, "author_label"), false);
    an_csv_field(&b, an_rec_str(e, "detail"), false);
    an_csv_field(&b, an_rec_str(e, "body"), true);
  }
  json_decref(t);
  *len = b.len;
  *csv = an_buf_steal(&b);
  return AN_EC_OK;
}

/* --- inbound mail (item 2) ------------------------------------------------------------------ */

/* The reference "S-" + 10 upper-case hex digits inside [...] in subject, into ref (16 bytes). */
static bool ref_in(const char *subject, char ref[16])
{
  for (const char *p = subject ? strstr(subject, "[S-") : NULL; p; p = strstr(p + 1, "[S-")) {
    size_t n = 0;
    while (n < 10 && ((p[3 + n] >= '0' && p[3 + n] <= '9') || (p[3 + n] >= 'A' && p[3 + n] <= 'F')))
      n++;
    if (n == 10 && p[13] == ']') {
      memcpy(ref, p + 1, 12);
      ref[12] = '\0';
      return true;
    }
  }
  return false;
}

/* The tenant of the one tenant user whose address is from_addr (compared without case); 0 when
 * no user or several have it, so staff assign the ticket (item 5: a guess would hand one
 * company's mail to another). */
static int64_t sender_tenant(struct an_db *db, const char *from_addr)
{
  json_t *users = json_array();
  int n = an_store_pdr_users_all(db, from_addr, users);
  int64_t tenant = n == 1 ? an_rec_int(json_array_get(users, 0), "tenant_id") : 0;
  json_decref(users);
  return tenant;
}

enum an_ec an_ticket_from_mail(const struct an_ctx *ctx, struct an_db *db, const char *from_addr,
                               const char *from_name, const char *subject, const char *body,
                               json_t **out, bool *threaded)
{
  *out = NULL;
  *threaded = false;
  char ref[16];
  json_t *t = NULL;
  if (ref_in(subject, ref) && an_store_ticket_by_ref_all(db, ref, &t) == 1 &&
      !is_status(t, "closed")) {
    struct change c = {.ctx = ctx,
                       .id = an_rec_int(t, "id"),
                       .body = body[0] ? body : "-",
                       .shop_id = -1,
                       .is_reply = true,
                       .mail_from = from_addr};
    json_decref(t);
    enum an_ec ec = run_change(&c, db, out);
    if (ec == AN_EC_OK) {
      *threaded = true;
      return ec;
    }
    if (ec != AN_EC_AUTH_FORBIDDEN)
      return ec;
  } else {
    json_decref(t);
  }
  const struct an_ticket_in in = {"question",
                                  subject && subject[0] ? subject : "(no subject)",
                                  body[0] ? body : "-",
                                  "email",
                                  from_name,
                                  from_addr,
                                  "ja",
                                  sender_tenant(db, from_addr),
                                  0,
                                  NULL,
                                  NULL};
  const char *bad = NULL;
  return an_ticket_open(ctx, db, &in, out, &bad);
}
