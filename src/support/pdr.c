#include "support/pdr.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/format.h"
#include "core/time.h"
#include "crypto/keys.h"
#include "crypto/token.h"
#include "notify/mail.h"
#include "store/rows.h"
#include "store/support_pdr.h"
#include "store/support_tickets.h"
#include "store/users.h"
#include "support/hours.h"
#include "support/registers.h"
#include "support/tickets.h"

static bool known_kind(const char *k)
{
  return k && (!strcmp(k, "disclose") || !strcmp(k, "correct") || !strcmp(k, "stop"));
}

/* HMAC-SHA256 of s under the purpose key (crypto_kdf subkey of the master, "anpdrcod"), as hex. */
static void mac_hex(const struct an_ctx *ctx, const char *s, char out[65])
{
  uint8_t key[32], mac[32];
  crypto_kdf_derive_from_key(key, sizeof key, 1, "anpdrcod", ctx->keys->master);
  an_hmac_sha256(key, s, strlen(s), mac);
  sodium_memzero(key, sizeof key);
  an_hex_encode(mac, sizeof mac, out);
}

static void due_on(const struct an_ctx *ctx, char out[AN_DATE_STRLEN])
{
  struct an_date d = an_support_jst_date(ctx->now);
  an_date_add_days(d, ctx->cfg->support_pdr_deadline_days, &d);
  an_date_format(d, out, AN_DATE_STRLEN);
}

static int audit(const struct an_ctx *ctx, struct an_db *db, const char *action, const json_t *r,
                 json_t *details)
{
  return an_audit_changed(ctx, db, action, "pd_request", an_rec_int(r, "id"),
                          an_rec_int(r, "tenant_id"), details);
}

/* What the API shows of a request (never its code or token hashes). */
static json_t *present(const json_t *r)
{
  json_t *o = json_object();
  static const char *const keep[] = {"id",     "tenant_id", "email",  "name",    "kind",
                                     "detail", "status",    "due_on", "outcome", "ticket_id"};
  for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
    json_object_set(o, keep[i], json_object_get(r, keep[i]));
  char buf[40];
  an_time_format_jst(an_rec_int(r, "created_us"), buf, sizeof buf);
  json_object_set_new(o, "created_at", json_string(buf));
  /* What was carried out when the request was granted: [{tenant_id, user_id, action}]. */
  json_t *done = json_loads(an_rec_str(r, "carried_out"), 0, NULL);
  json_object_set_new(o, "carried_out", json_is_array(done) ? done : json_array());
  if (done && !json_is_array(done))
    json_decref(done);
  return o;
}

struct file_txn {
  const struct an_ctx *ctx;
  json_t *r;
  const char *code; /* the public flow: mailed */
};

static int file_body(struct an_db *db, void *cls)
{
  struct file_txn *f = cls;
  int64_t id;
  int rc = an_support_insert(db, an_store_pdr_insert, f->r, &id);
  if (rc < 0)
    return rc;
  rc = audit(f->ctx, db, "pdr.file", f->r,
             json_pack("{s:s, s:s}", "kind", an_rec_str(f->r, "kind"), "status",
                       an_rec_str(f->r, "status")));
  if (rc >= 0 && f->code) {
    json_t *vars = json_pack("{s:s, s:i, s:I}", "code", f->code, "minutes", AN_PDR_CODE_MINUTES,
                             "id", (json_int_t)id);
    rc = an_mail_queue(f->ctx, db, an_rec_str(f->r, "email"), "pdr_code", an_rec_str(f->r, "lang"),
                       vars);
    json_decref(vars);
    if (rc == AN_MAIL_REFUSED)
      rc = AN_DB_ROLLBACK;
  }
  return rc;
}

/* The request's ticket (category personal_data_request), opened once it is verified. */
static void open_ticket(const struct an_ctx *ctx, struct an_db *db, json_t *r)
{
  struct an_buf body = {0};
  an_buf_printf(&body, "pd_request:%lld kind=%s due_on=%s\n%s", (long long)an_rec_int(r, "id"),
                an_rec_str(r, "kind"), an_rec_str(r, "due_on"), an_rec_str(r, "detail"));
  const struct an_ticket_in in = {"personal_data_request",
                                  "個人情報に関するご請求",
                                  body.data,
                                  "public",
                                  an_rec_str(r, "name"),
                                  an_rec_str(r, "email"),
                                  an_rec_str(r, "lang"),
                                  0,
                                  0,
                                  NULL,
                                  NULL};
  json_t *t = NULL;
  const char *bad = NULL;
  if (an_ticket_open(ctx, db, &in, &t, &bad) == AN_EC_OK)
    json_object_set(r, "ticket_id", json_object_get(t, "id"));
  json_decref(t);
  an_buf_free(&body);
}

enum an_ec an_pdr_file(const struct an_ctx *ctx, struct an_db *db, const struct an_pdr_in *in,
                       json_t **out, const char **bad_field)
{
  *out = NULL;
  *bad_field = "kind";
  if (!known_kind(in->kind))
    return AN_EC_GENERIC_INVALID_FIELD;
  *bad_field = NULL;
  char due[AN_DATE_STRLEN];
  due_on(ctx, due);
  json_t *r =
      json_pack("{s:s, s:s, s:s, s:s, s:I, s:s}", "kind", in->kind, "detail",
                in->detail ? in->detail : "", "due_on", due, "name", in->name ? in->name : "",
                "created_us", (json_int_t)ctx->now, "lang", an_lang_norm(in->lang));
  char code[8] = "";
  bool user = an_scope_tenant(ctx) && ctx->subject == AN_SUBJECT_USER;
  if (user) {
    struct an_user u;
    if (an_store_user_by_id(db, an_scope_tenant(ctx), ctx->subject_id, &u) != 1) {
      json_decref(r);
      return AN_EC_GENERIC_INTERNAL;
    }
    json_t *add = json_pack("{s:I, s:I, s:s, s:s, s:I}", "tenant_id", (json_int_t)u.tenant_id,
                            "user_id", (json_int_t)u.id, "email", u.email, "status", "verified",
                            "verified_us", (json_int_t)ctx->now);
    json_object_update(r, add);
    json_decref(add);
  } else if (ctx->scope.kind == AN_SCOPE_PUBLIC) {
    if (!in->email || !strchr(in->email, '@')) {
      json_decref(r);
      *bad_field = "email";
      return AN_EC_GENERIC_INVALID_FIELD;
    }
    snprintf(code, sizeof code, "%06u", (unsigned)randombytes_uniform(1000000));
    char mac[65];
    mac_hex(ctx, code, mac);
    json_t *add = json_pack("{s:s, s:s, s:s, s:I}", "email", in->email, "status", "unverified",
                            "code_mac", mac, "code_expires_us",
                            (json_int_t)(ctx->now + AN_PDR_CODE_MINUTES * 60LL * 1000000));
    json_object_update(r, add);
    json_decref(add);
  } else {
    json_decref(r);
    return AN_EC_AUTH_FORBIDDEN;
  }
  struct file_txn f = {ctx, r, code[0] ? code : NULL};
  int rc = an_db_txn(db, file_body, &f);
  sodium_memzero(code, sizeof code);
  if (rc < 0) {
    json_decref(r);
    return rc == AN_DB_ROLLBACK ? AN_EC_GENERIC_INVALID_FIELD : AN_EC_GENERIC_INTERNAL;
  }
  if (user) {
    open_ticket(ctx, db, r);
    an_store_pdr_update(db, r);
  }
  *out = present(r);
  json_decref(r);
  return AN_EC_OK;
}

/* --- verification (the public flow) ---------------------------------------------------------- */

struct verify_txn {
  const struct an_ctx *ctx;
  int64_t id;
  const char *code;
  char token[AN_TOKEN_STR];
  json_t *r;
  enum an_ec ec;
};

static int verify_body(struct an_db *db, void *cls)
{
  struct verify_txn *v = cls;
  json_decref(v->r);
  v->r = NULL;
  int rc = an_store_pdr_get_all(db, v->id, &v->r);
  if (rc <= 0 || strcmp(an_rec_str(v->r, "status"), "unverified")) {
    v->ec = rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_GENERIC_NOT_FOUND;
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  }
  char mac[65];
  mac_hex(v->ctx, v->code, mac);
  int64_t attempts = an_rec_int(v->r, "code_attempts") + 1;
  bool alive =
      attempts <= AN_PDR_CODE_ATTEMPTS && v->ctx->now < an_rec_int(v->r, "code_expires_us");
  bool right = alive && an_ct_streq(mac, an_rec_str(v->r, "code_mac"));
  json_object_set_new(v->r, "code_attempts", json_integer(attempts));
  if (right) {
    an_token_new(v->token);
    uint8_t h[AN_HASH_LEN];
    char hex[2 * AN_HASH_LEN + 1];
    an_token_hash(v->token, h);
    an_hex_encode(h, sizeof h, hex);
    json_t *add = json_pack("{s:s, s:s, s:s, s:I, s:I}", "status", "verified", "code_mac", "",
                            "token_hash", hex, "token_expires_us",
                            (json_int_t)(v->ctx->now + AN_PDR_TOKEN_HOURS * 3600LL * 1000000),
                            "verified_us", (json_int_t)v->ctx->now);
    json_object_update(v->r, add);
    json_decref(add);
  }
  v->ec = right ? AN_EC_OK : AN_EC_AUTH_BAD_CREDENTIALS;
  rc = an_store_pdr_update(db, v->r);
  if (rc >= 0)
    rc = audit(v->ctx, db, "pdr.verify", v->r,
               json_pack("{s:s, s:I}", "result", right ? "verified" : "wrong_code", "attempt",
                         (json_int_t)attempts));
  return rc; /* a wrong code commits too: its attempt counts */
}

enum an_ec an_pdr_verify(const struct an_ctx *ctx, struct an_db *db, int64_t id, const char *code,
                         json_t **out)
{
  *out = NULL;
  if (ctx->scope.kind != AN_SCOPE_PUBLIC)
    return AN_EC_GENERIC_NOT_FOUND;
  struct verify_txn v = {.ctx = ctx, .id = id, .code = code, .ec = AN_EC_OK};
  int rc = an_db_txn(db, verify_body, &v);
  if (rc < 0 && rc != AN_DB_ROLLBACK && v.ec == AN_EC_OK)
    v.ec = AN_EC_GENERIC_INTERNAL;
  if (v.ec == AN_EC_OK) {
    open_ticket(ctx, db, v.r);
    an_store_pdr_update(db, v.r);
    *out = present(v.r);
    if (!strcmp(an_rec_str(v.r, "kind"), "disclose"))
      json_object_set_new(*out, "download_token", json_string(v.token));
  }
  sodium_memzero(v.token, sizeof v.token);
  json_decref(v.r);
  return v.ec;
}

enum an_ec an_pdr_list(const struct an_ctx *ctx, struct an_db *db, json_t **out)
{
  *out = NULL;
  json_t *rows = json_array();
  int rc = 0;
  if (an_scope_tenant(ctx))
    rc = an_store_pdr_list(db, an_scope_tenant(ctx), rows);
  else if (an_scope_is_operator(ctx))
    rc = an_store_pdr_list_all(db, rows);
  if (rc < 0) {
    json_decref(rows);
    return AN_EC_GENERIC_INTERNAL;
  }
  json_t *items = json_array(), *r;
  size_t i;
  char today[AN_DATE_STRLEN];
  an_date_format(an_support_jst_date(ctx->now), today, sizeof today);
  json_array_foreach(rows, i, r)
  {
    json_t *o = present(r);
    bool open = strcmp(an_rec_str(r, "status"), "completed") != 0;
    json_object_set_new(o, "overdue",
                        json_boolean(open && strcmp(today, an_rec_str(r, "due_on")) > 0));
    json_array_append_new(items, o);
  }
  json_decref(rows);
  *out = json_pack("{s:o}", "items", items);
  return AN_EC_OK;
}

/* --- the disclosure -------------------------------------------------------------------------- */

/* Everything held about email: users (never password hashes), the audit events of and about
 * those accounts (events by someone else show no actor, address or details), tickets with their
 * non-internal history (staff named only as "support"), and mails sent to the address (sign-in
 * codes and passwords left out of the bodies). */
static json_t *gather(struct an_db *db, const char *email)
{
  json_t *users = json_array(), *events = json_array(), *tickets = json_array(),
         *mails = json_array();
  an_store_pdr_users_all(db, email, users);
  size_t i;
  json_t *u;
  json_array_foreach(users, i, u)
  {
    json_t *ev = json_array(), *e;
    size_t j;
    an_store_pdr_audit_of_user(db, an_rec_int(u, "tenant_id"), an_rec_int(u, "id"), ev);
    json_array_foreach(ev, j, e)
    {
      bool own = an_rec_int(e, "own") == 1;
      json_array_append_new(events,
                            json_pack("{s:O, s:O, s:O, s:s, s:s}", "at", json_object_get(e, "at"),
                                      "action", json_object_get(e, "action"), "outcome",
                                      json_object_get(e, "outcome"), "by", own ? "self" : "other",
                                      "client_ip", own ? an_rec_str(e, "client_ip") : ""));
    }
    json_decref(ev);
  }
  json_t *rows = json_array(), *t;
  an_store_pdr_tickets_all(db, email, rows);
  json_array_foreach(rows, i, t)
  {
    json_t *hist = json_array(), *msgs = json_array(), *e;
    size_t j;
    an_store_ticket_events_public(db, an_rec_int(t, "tenant_id"), an_rec_int(t, "id"), hist);
    json_array_foreach(hist, j, e)
    {
      if (strcmp(an_rec_str(e, "kind"), "message"))
        continue;
      bool staff = !strcmp(an_rec_str(e, "author_kind"), "staff");
      json_array_append_new(
          msgs, json_pack("{s:O, s:s, s:O}", "at", json_object_get(e, "created_at"), "from",
                          staff ? "support" : "you", "body", json_object_get(e, "body")));
    }
    json_decref(hist);
    json_object_set_new(t, "messages", msgs);
    json_array_append(tickets, t);
  }
  json_decref(rows);
  rows = json_array();
  an_store_pdr_mails_all(db, email, rows);
  json_array_foreach(rows, i, t)
  {
    const char *tmpl = an_rec_str(t, "template");
    if (strstr(tmpl, "otp") || strstr(tmpl, "password") || strstr(tmpl, "pdr_code") ||
        strstr(tmpl, "invitation"))
      json_object_set_new(t, "body_text", json_string("(withheld: a sign-in secret)"));
    json_array_append(mails, t);
  }
  json_decref(rows);
  return json_pack("{s:s, s:o, s:o, s:o, s:o}", "email", email, "users", users, "audit_events",
                   events, "tickets", tickets, "mails", mails);
}

static void csv_section(struct an_buf *b, const char *kind, const json_t *items)
{
  size_t i;
  json_t *item;
  json_array_foreach(items, i, item)
  {
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)item, key, v)
    {
      char *text = json_is_string(v)  ? strdup(json_string_value(v))
                   : json_is_array(v) ? json_dumps(v, JSON_COMPACT)
                                      : json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
      an_csv_field(b, kind, false);
      an_csv_int(b, (int64_t)i + 1, false);
      an_csv_field(b, key, false);
      an_csv_field(b, text ? text : "", true);
      free(text);
    }
  }
}

static char *as_csv(const json_t *d, size_t *len)
{
  struct an_buf b = {0};
  an_buf_puts(&b, "\xEF\xBB\xBF");
  an_csv_field(&b, "record", false);
  an_csv_field(&b, "n", false);
  an_csv_field(&b, "field", false);
  an_csv_field(&b, "value", true);
  csv_section(&b, "user", json_object_get(d, "users"));
  csv_section(&b, "audit_event", json_object_get(d, "audit_events"));
  csv_section(&b, "ticket", json_object_get(d, "tickets"));
  csv_section(&b, "mail", json_object_get(d, "mails"));
  *len = b.len;
  return an_buf_steal(&b);
}

/* The request id if ctx may download it: its own user's, or by the token. */
static int downloadable(const struct an_ctx *ctx, struct an_db *db, int64_t id, const char *token,
                        json_t **r)
{
  *r = NULL;
  int rc;
  if (an_scope_tenant(ctx) && ctx->subject == AN_SUBJECT_USER) {
    rc = an_store_pdr_get(db, an_scope_tenant(ctx), id, r);
    if (rc == 1 && an_rec_int(*r, "user_id") != ctx->subject_id)
      rc = 0;
  } else if (ctx->scope.kind == AN_SCOPE_PUBLIC && token && token[0]) {
    rc = an_store_pdr_get_all(db, id, r);
    uint8_t h[AN_HASH_LEN];
    char hex[2 * AN_HASH_LEN + 1];
    an_token_hash(token, h);
    an_hex_encode(h, sizeof h, hex);
    if (rc == 1 && (!an_ct_streq(hex, an_rec_str(*r, "token_hash")) ||
                    ctx->now >= an_rec_int(*r, "token_expires_us")))
      rc = 0;
  } else {
    return 0;
  }
  if (rc == 1 && (strcmp(an_rec_str(*r, "kind"), "disclose") ||
                  !strcmp(an_rec_str(*r, "status"), "unverified")))
    rc = 0;
  if (rc != 1) {
    json_decref(*r);
    *r = NULL;
  }
  return rc;
}

struct disclose_txn {
  const struct an_ctx *ctx;
  const json_t *r;
  const char *format;
};

static int disclose_body(struct an_db *db, void *cls)
{
  struct disclose_txn *d = cls;
  return audit(d->ctx, db, "pdr.disclose", d->r, json_pack("{s:s}", "format", d->format));
}

enum an_ec an_pdr_download(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                           const char *token, const char *format, char **body, size_t *len)
{
  *body = NULL;
  *len = 0;
  json_t *r = NULL;
  int rc = downloadable(ctx, db, id, token, &r);
  if (rc <= 0)
    return an_ec_of_read(rc);
  const char *fmt = format && !strcmp(format, "csv") ? "csv" : "json";
  struct disclose_txn d = {ctx, r, fmt};
  if (an_db_txn(db, disclose_body, &d) < 0) {
    json_decref(r);
    return AN_EC_GENERIC_INTERNAL;
  }
  json_t *data = gather(db, an_rec_str(r, "email"));
  json_decref(r);
  if (!strcmp(fmt, "csv")) {
    *body = as_csv(data, len);
  } else {
    *body = json_dumps(data, JSON_INDENT(2) | JSON_SORT_KEYS);
    *len = *body ? strlen(*body) : 0;
  }
  json_decref(data);
  return *body ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
}

/* --- completion ------------------------------------------------------------------------------ */

struct complete_txn {
  const struct an_ctx *ctx;
  int64_t id;
  const char *outcome, *note;
  json_t *r;
  enum an_ec ec;
  const char *carried_out; /* JSON array text */
};

static int complete_body(struct an_db *db, void *cls)
{
  struct complete_txn *c = cls;
  json_decref(c->r);
  c->r = NULL;
  int rc = an_store_pdr_get_all(db, c->id, &c->r);
  if (rc <= 0) {
    c->ec = rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_GENERIC_NOT_FOUND;
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  }
  if (strcmp(an_rec_str(c->r, "status"), "verified")) {
    c->ec = AN_EC_GENERIC_CONFLICT;
    return AN_DB_ROLLBACK;
  }
  json_t *add = json_pack("{s:s, s:s, s:s, s:I, s:s}", "status", "completed", "outcome", c->outcome,
                          "handled_by", c->ctx->actor, "completed_us", (json_int_t)c->ctx->now,
                          "carried_out", c->carried_out);
  json_object_update(c->r, add);
  json_decref(add);
  rc = an_store_pdr_update(db, c->r);
  if (rc >= 0)
    rc = audit(c->ctx, db, "pdr.complete", c->r,
               json_pack("{s:s, s:s, s:s, s:s}", "kind", an_rec_str(c->r, "kind"), "outcome",
                         c->outcome, "note", c->note, "carried_out", c->carried_out));
  if (rc >= 0) {
    char key[64];
    snprintf(key, sizeof key, "pdr.kind.%s", an_rec_str(c->r, "kind"));
    json_t *vars = json_pack(
        "{s:s, s:s, s:s, s:s}", "name",
        an_rec_str(c->r, "name")[0] ? an_rec_str(c->r, "name") : "-", "kind", key, "outcome",
        !strcmp(c->outcome, "done") ? "pdr.outcome.done" : "pdr.outcome.refused", "note", c->note);
    rc = an_mail_queue(c->ctx, db, an_rec_str(c->r, "email"), "pdr_done", an_rec_str(c->r, "lang"),
                       vars);
    json_decref(vars);
    if (rc == AN_MAIL_REFUSED)
      rc = 1; /* the address was checked when the request was filed */
  }
  return rc;
}

/* A granted correction or stop is carried out before the request is recorded as done;
 * *carried_out gets what was done (a JSON array's text, heap). */
static enum an_ec carry_out(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                            const char *outcome, const struct an_pdr_action *a, char **carried_out,
                            const char **bad_field)
{
  *carried_out = NULL;
  json_t *r = NULL, *done = NULL;
  int rc = an_store_pdr_get_all(db, id, &r);
  if (rc <= 0)
    return an_ec_of_read(rc);
  enum an_ec ec = AN_EC_OK;
  if (strcmp(an_rec_str(r, "status"), "verified"))
    ec = AN_EC_GENERIC_CONFLICT;
  else if (!strcmp(outcome, "done"))
    ec = an_pdr_action_check(r, a, bad_field);
  if (ec == AN_EC_OK && !strcmp(outcome, "done"))
    ec = an_pdr_carry_out(ctx, db, r, a, &done);
  *carried_out = json_dumps(done ? done : json_array(), JSON_COMPACT);
  json_decref(done);
  json_decref(r);
  return ec;
}

enum an_ec an_pdr_complete(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                           const char *outcome, const char *note, const struct an_pdr_action *a,
                           json_t **out, const char **bad_field)
{
  *out = NULL;
  *bad_field = "outcome";
  if (!an_scope_is_operator(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  if (!outcome || (strcmp(outcome, "done") && strcmp(outcome, "refused")))
    return AN_EC_GENERIC_INVALID_FIELD;
  *bad_field = NULL;
  char *carried = NULL;
  enum an_ec ec = carry_out(ctx, db, id, outcome, a, &carried, bad_field);
  if (ec != AN_EC_OK) {
    free(carried);
    return ec;
  }
  struct complete_txn c = {ctx, id, outcome, note ? note : "", NULL, AN_EC_OK, carried};
  int rc = an_db_txn(db, complete_body, &c);
  free(carried);
  if (rc < 0 && rc != AN_DB_ROLLBACK && c.ec == AN_EC_OK)
    c.ec = AN_EC_GENERIC_INTERNAL;
  if (c.ec == AN_EC_OK)
    *out = present(c.r);
  json_decref(c.r);
  return c.ec;
}
