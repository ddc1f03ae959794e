#include "identity/account_review.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "audit/audited.h"
#include "core/csv.h"
#include "core/messages.h"
#include "core/time.h"
#include "identity/custom_roles.h"
#include "identity/mfa.h"
#include "identity/principal.h"
#include "identity/roles.h"
#include "store/staff.h"
#include "store/tenants.h"
#include "store/users.h"

#define DAY_US (86400LL * 1000000LL)
#define MAX_ACCOUNTS 2000

struct collect {
  const struct an_ctx *ctx;
  struct an_db *db;
  int64_t dormant_days;
  json_t *accounts;
  struct an_principal *list; /* read first, then the second factor of each (no nested queries) */
  size_t n;
};

static void add_user(void *cls, const struct an_user *u)
{
  struct collect *c = cls;
  if (c->n < MAX_ACCOUNTS) {
    c->list[c->n].kind = AN_SUBJECT_USER;
    c->list[c->n++].user = *u;
  }
}

static void add_staff(void *cls, const struct an_staff *s)
{
  struct collect *c = cls;
  if (c->n < MAX_ACCOUNTS) {
    c->list[c->n].kind = AN_SUBJECT_STAFF;
    c->list[c->n++].staff = *s;
  }
}

static json_t *account_json(const struct collect *c, const struct an_principal *p, int mfa)
{
  bool user = p->kind == AN_SUBJECT_USER;
  unsigned roles = 0;
  an_roles_parse(an_principal_roles(p), &roles);
  uint64_t perms =
      an_perm_bits_of_roles(p->kind, roles) | (user ? an_perm_bits_of_keys(p->user.role_perms) : 0);
  /* Operator staff: every operator permission but reading counts as privileged too. */
  uint64_t priv = user ? an_perm_privileged_bits(perms) : perms & ~(1ull << AN_PERM_AUDIT_READ);
  int64_t last = user ? p->user.last_login_at : p->staff.last_login_at;
  int64_t since = last ? last : (user ? p->user.created_at : p->staff.created_at);
  char at[40] = "";
  if (last)
    an_time_format_utc(last, at, sizeof at);
  return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:s?, s:b, s:b}", "login", an_principal_login(p),
                   "name", user ? p->user.display_name : p->staff.display_name, "status",
                   an_principal_status(p), "roles", an_roles_json(an_principal_roles(p)),
                   "permissions", an_perm_keys_json(perms), "privileged", an_perm_keys_json(priv),
                   "last_login_at", last ? at : NULL, "mfa", mfa == 1, "dormant",
                   c->ctx->now - since > c->dormant_days * DAY_US);
}

static int collect(const struct an_ctx *ctx, struct an_db *db, struct collect *c)
{
  int64_t t = an_scope_tenant(ctx);
  int rc = t ? an_store_user_list(db, t, MAX_ACCOUNTS, 0, add_user, c)
             : an_store_staff_list(db, MAX_ACCOUNTS, 0, add_staff, c);
  for (size_t i = 0; rc >= 0 && i < c->n; i++) {
    int mfa = an_mfa_enrolled(db, &c->list[i]);
    if (mfa < 0)
      return mfa;
    json_array_append_new(c->accounts, account_json(c, &c->list[i], mfa));
  }
  return rc;
}

static json_t *review_json(const struct an_ctx *ctx, const struct an_tenant *t)
{
  char at[40] = "";
  if (t->review_done_at)
    an_time_format_utc(t->review_done_at, at, sizeof at);
  int64_t months = t->review_months > 0 ? t->review_months : 6;
  bool due = !t->review_done_at || ctx->now > t->review_done_at + months * 30 * DAY_US;
  return json_pack("{s:s?, s:s?, s:I, s:b}", "done_at", t->review_done_at ? at : NULL, "done_by",
                   t->review_done_at ? t->review_done_by : NULL, "months", (json_int_t)months,
                   "due", due);
}

enum an_ec an_account_review(const struct an_ctx *ctx, struct an_db *db, int64_t dormant_days,
                             json_t **out)
{
  int64_t t = an_scope_tenant(ctx);
  if (!t && !an_scope_is_operator(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  struct collect c = {ctx, db, dormant_days, json_array(), calloc(MAX_ACCOUNTS, sizeof *c.list), 0};
  int rc = collect(ctx, db, &c);
  free(c.list);
  struct an_tenant tenant;
  if (rc >= 0 && t && (rc = an_store_tenant_by_id(db, t, &tenant)) == 0)
    rc = AN_DB_HARD;
  if (rc < 0) {
    json_decref(c.accounts);
    return AN_EC_GENERIC_INTERNAL;
  }
  *out = json_pack("{s:I, s:o}", "dormant_days", (json_int_t)dormant_days, "accounts", c.accounts);
  if (t)
    json_object_set_new(*out, "review", review_json(ctx, &tenant));
  return AN_EC_OK;
}

static void csv_list(struct an_buf *b, const json_t *a, bool last)
{
  struct an_buf cell = {0};
  size_t i;
  const json_t *v;
  an_buf_puts(&cell, "");
  json_array_foreach(a, i, v) an_buf_printf(&cell, "%s%s", i ? " " : "", json_string_value(v));
  an_csv_field(b, cell.data, last);
  an_buf_free(&cell);
}

enum an_ec an_account_review_csv(const struct an_ctx *ctx, struct an_db *db, int64_t dormant_days,
                                 const char *lang, struct an_buf *out)
{
  json_t *r = NULL;
  enum an_ec ec = an_account_review(ctx, db, dormant_days, &r);
  if (ec != AN_EC_OK)
    return ec;
  an_buf_puts(out, "\xEF\xBB\xBF");
  an_buf_puts(out, an_msg_text("csv.account_review.header", lang));
  an_buf_puts(out, "\r\n");
  size_t i;
  const json_t *a;
  json_t *accounts = json_object_get(r, "accounts");
  json_array_foreach(accounts, i, a)
  {
    an_csv_field(out, json_string_value(json_object_get(a, "login")), false);
    an_csv_field(out, json_string_value(json_object_get(a, "name")), false);
    an_csv_field(out, json_string_value(json_object_get(a, "status")), false);
    csv_list(out, json_object_get(a, "roles"), false);
    csv_list(out, json_object_get(a, "permissions"), false);
    csv_list(out, json_object_get(a, "privileged"), false);
    an_csv_field(out, json_string_value(json_object_get(a, "last_login_at")), false);
    an_csv_field(out, json_is_true(json_object_get(a, "mfa")) ? "yes" : "no", false);
    an_csv_field(out, json_is_true(json_object_get(a, "dormant")) ? "yes" : "no", true);
  }
  size_t n = json_array_size(accounts);
  json_decref(r);
  json_t *d = json_pack("{s:s, s:I}", "what", "account_review", "rows", (json_int_t)n);
  struct an_audit_rec rec = {
      .action = "data.download", .target = "account_review", .outcome = "success", .details = d};
  int rc = an_audit_record(ctx, db, &rec);
  json_decref(d);
  return rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}

/* the review is done by the caller: its name is the value written */
static const struct an_audited_text review_done = {an_store_tenant_review_done,
                                                   "account_review.done", "tenant", NULL};

enum an_ec an_account_review_done(const struct an_ctx *ctx, struct an_db *db)
{
  return an_audited_tenant_text(ctx, db, &review_done, ctx->actor);
}
