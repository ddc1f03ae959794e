#include "support/pdr_carry.h"

#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/calendar.h"
#include "identity/users.h"
#include "store/rows.h"
#include "store/support_pdr.h"
#include "support/hours.h"
#include "support/registers.h"

enum an_ec an_pdr_action_check(const json_t *r, const struct an_pdr_action *a,
                               const char **bad_field)
{
  const char *kind = an_rec_str(r, "kind");
  *bad_field = NULL;
  if (!strcmp(kind, "correct")) {
    *bad_field = a->email && a->email[0] ? "email" : "display_name";
    if ((!a->display_name || !a->display_name[0]) && (!a->email || !a->email[0]))
      return AN_EC_GENERIC_INVALID_FIELD;
    if (a->email && a->email[0] && (!strchr(a->email, '@') || strpbrk(a->email, " \r\n")))
      return AN_EC_GENERIC_INVALID_FIELD;
  } else if (!strcmp(kind, "stop")) {
    *bad_field = "account";
    if (!a->account || (strcmp(a->account, "disable") && strcmp(a->account, "delete")))
      return AN_EC_GENERIC_INVALID_FIELD;
  }
  *bad_field = NULL;
  return AN_EC_OK;
}

/* The person's accounts: the filing user, else every user with the request's address. */
static json_t *accounts_of(struct an_db *db, const json_t *r)
{
  json_t *users = json_array();
  if (an_rec_int(r, "user_id") > 0)
    json_array_append_new(users, json_pack("{s:I, s:I}", "tenant_id",
                                           (json_int_t)an_rec_int(r, "tenant_id"), "id",
                                           (json_int_t)an_rec_int(r, "user_id")));
  else if (an_store_pdr_users_all(db, an_rec_str(r, "email"), users) < 0) {
    json_decref(users);
    return NULL;
  }
  return users;
}

struct correct_txn {
  const struct an_ctx *ctx; /* on the account's tenant */
  int64_t user_id;
  const struct an_pdr_action *a;
  int64_t request_id;
};

static int correct_body(struct an_db *db, void *cls)
{
  struct correct_txn *c = cls;
  const char *name = c->a->display_name && c->a->display_name[0] ? c->a->display_name : NULL;
  const char *email = c->a->email && c->a->email[0] ? c->a->email : NULL;
  int rc = an_store_pdr_correct_user(db, c->ctx->tenant_id, c->user_id, name, email, c->ctx->now);
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  char *target = an_audit_target("user", c->user_id);
  /* The audit names which fields changed, not their values (those are the person's data). */
  struct an_audit_rec rec = {.action = "user.correct",
                             .target = target,
                             .outcome = "success",
                             .details = json_pack("{s:I, s:b, s:b}", "pd_request",
                                                  (json_int_t)c->request_id, "display_name",
                                                  name != NULL, "email", email != NULL)};
  rc = an_audit_append(c->ctx, db, &rec);
  json_decref(rec.details);
  free(target);
  return rc;
}

enum an_ec an_pdr_carry_out(const struct an_ctx *ctx, struct an_db *db, const json_t *r,
                            const struct an_pdr_action *a, json_t **done)
{
  *done = json_array();
  const char *kind = an_rec_str(r, "kind");
  if (strcmp(kind, "correct") && strcmp(kind, "stop"))
    return AN_EC_OK;
  json_t *users = accounts_of(db, r);
  if (!users)
    return AN_EC_GENERIC_INTERNAL;
  enum an_ec ec = AN_EC_OK;
  size_t i;
  json_t *u;
  json_array_foreach(users, i, u)
  {
    /* The identity domain acts within a tenant: the staff member's context on the account's. */
    struct an_ctx t = *ctx;
    t.tenant_id = an_rec_int(u, "tenant_id");
    int64_t uid = an_rec_int(u, "id");
    const char *what;
    if (!strcmp(kind, "correct")) {
      struct correct_txn c = {&t, uid, a, an_rec_int(r, "id")};
      int rc = an_db_txn(db, correct_body, &c);
      ec = rc < 0 && rc != AN_DB_ROLLBACK ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
      what = "corrected";
    } else if (!strcmp(a->account, "delete")) {
      ec = an_user_delete(&t, db, uid);
      what = "deleted";
    } else {
      ec = an_user_set_active(&t, db, uid, false);
      what = "disabled";
    }
    if (ec == AN_EC_GENERIC_NOT_FOUND)
      ec = AN_EC_OK; /* gone meanwhile: nothing left to do for that account */
    else if (ec == AN_EC_OK)
      json_array_append_new(*done,
                            json_pack("{s:I, s:I, s:s}", "tenant_id", (json_int_t)t.tenant_id,
                                      "user_id", (json_int_t)uid, "action", what));
    else
      break;
  }
  json_decref(users);
  return ec == AN_EC_OK ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
}

/* --- reminders ------------------------------------------------------------------------------ */

struct remind_txn {
  const struct an_ctx *ctx;
  json_t *r;
  const char *which; /* "before" or "overdue" */
  const char *had;   /* the reminders recorded when r was read */
};

static int remind_body(struct an_db *db, void *cls)
{
  struct remind_txn *m = cls;
  char key[40];
  snprintf(key, sizeof key, "pdr.kind.%s", an_rec_str(m->r, "kind"));
  json_t *vars = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)an_rec_int(m->r, "id"), "kind",
                           key, "due_on", an_rec_str(m->r, "due_on"), "state",
                           !strcmp(m->which, "overdue") ? "pdr.remind.overdue" : "pdr.remind.soon");
  int rc = an_support_desk_remind(m->ctx, db, "pdr_reminder", vars);
  /* Recorded only over what was read: an instance that read the same row and got here first
   * wins, this one rolls back its mail (jobs exactly once across instances). */
  if (rc >= 0)
    rc = an_store_pdr_set_reminded(db, an_rec_int(m->r, "tenant_id"), an_rec_int(m->r, "id"),
                                   m->had, an_rec_str(m->r, "reminded"));
  if (rc == 0)
    rc = AN_DB_ROLLBACK;
  char *target = an_audit_target("pd_request", an_rec_int(m->r, "id"));
  struct an_audit_rec rec = {.action = "pdr.remind",
                             .target = target,
                             .outcome = "success",
                             .details = json_pack("{s:s}", "reminder", m->which),
                             .tenant_id = an_rec_int(m->r, "tenant_id")};
  if (rc >= 0)
    rc = an_audit_append(m->ctx, db, &rec);
  json_decref(rec.details);
  free(target);
  return rc;
}

/* Which reminder request r is due for today, or NULL. Overdue counts for the "before" one too:
 * a request found late is not reminded twice. */
static const char *due_reminder(const struct an_ctx *ctx, const json_t *r, struct an_date today)
{
  struct an_date due;
  if (strcmp(an_rec_str(r, "status"), "verified") || !an_date_parse(an_rec_str(r, "due_on"), &due))
    return NULL;
  const char *sent = an_rec_str(r, "reminded");
  long left = an_date_days_between(today, due);
  if (left < 0 && !strstr(sent, "overdue"))
    return "overdue";
  if (left >= 0 && left <= ctx->cfg->support_pdr_remind_days && !strstr(sent, "before"))
    return "before";
  return NULL;
}

int an_pdr_remind(const struct an_ctx *ctx, struct an_db *db)
{
  json_t *rows = NULL, *r;
  if (an_store_rows_from(db, an_store_pdr_list_all, &rows) < 0)
    return -1;
  struct an_date today = an_support_jst_date(ctx->now);
  int sent = 0;
  size_t i;
  json_array_foreach(rows, i, r)
  {
    const char *which = due_reminder(ctx, r, today);
    if (!which)
      continue;
    struct an_buf next = {0};
    char *had = an_strdup(an_rec_str(r, "reminded"));
    an_buf_printf(&next, "%s%s%s", had, had[0] ? "," : "",
                  !strcmp(which, "overdue") ? "before,overdue" : "before");
    json_object_set_new(r, "reminded", json_string(next.data));
    an_buf_free(&next);
    struct remind_txn m = {ctx, r, which, had};
    if (an_db_txn(db, remind_body, &m) >= 0)
      sent++;
    free(had);
  }
  json_decref(rows);
  return sent;
}
