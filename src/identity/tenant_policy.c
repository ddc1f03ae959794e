#include "identity/tenant_policy.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/messages.h"
#include "identity/policy.h"

extern const char *const an_common_passwords[];
extern const size_t an_common_passwords_count;

/* The operator's floors: what a tenant admin may choose (SLA-18, SLA-19, SLA-21). */
static const struct {
  const char *field;
  size_t off;
  int64_t min, max;
} floors[] = {
    {"min_length", offsetof(struct an_tenant_policy, min_length), 8, 128},
    {"require_upper", offsetof(struct an_tenant_policy, require_upper), 0, 1},
    {"require_lower", offsetof(struct an_tenant_policy, require_lower), 0, 1},
    {"require_digit", offsetof(struct an_tenant_policy, require_digit), 0, 1},
    {"require_symbol", offsetof(struct an_tenant_policy, require_symbol), 0, 1},
    {"history", offsetof(struct an_tenant_policy, history), 0, 24},
    {"max_age_days_user", offsetof(struct an_tenant_policy, max_age_days_user), 1, 90},
    {"max_age_days_admin", offsetof(struct an_tenant_policy, max_age_days_admin), 1, 30},
    {"max_failures", offsetof(struct an_tenant_policy, max_failures), 3, 10},
    {"lockout_minutes", offsetof(struct an_tenant_policy, lockout_minutes), 1, 1440},
};
#define NFLOORS (sizeof floors / sizeof floors[0])

void an_tenant_policy_defaults(struct an_tenant_policy *p)
{
  *p = (struct an_tenant_policy){.min_length = 8,
                                 .require_upper = 1,
                                 .require_lower = 1,
                                 .require_digit = 1,
                                 .require_symbol = 0,
                                 .history = 3,
                                 .max_age_days_user = 90,
                                 .max_age_days_admin = 30,
                                 .max_failures = 5,
                                 .lockout_minutes = 30};
}

int an_tenant_policy_load(struct an_db *db, int64_t tenant_id, struct an_tenant_policy *out)
{
  an_tenant_policy_defaults(out);
  int rc = an_store_policy_get(db, tenant_id, out);
  return rc < 0 ? rc : 1;
}

json_t *an_tenant_policy_validate(const struct an_tenant_policy *p)
{
  json_t *errs = json_array();
  for (size_t i = 0; i < NFLOORS; i++) {
    int64_t v = *(const int64_t *)(const void *)((const char *)p + floors[i].off);
    if (v >= floors[i].min && v <= floors[i].max)
      continue;
    json_t *vars =
        json_pack("{s:I, s:I}", "min", (json_int_t)floors[i].min, "max", (json_int_t)floors[i].max);
    json_t *e = an_msg_field_error("range", "field.range", vars);
    json_decref(vars);
    if (e)
      json_object_set_new(e, "field", json_string(floors[i].field));
    json_array_append_new(errs, e);
  }
  if (json_array_size(errs))
    return errs;
  json_decref(errs);
  return NULL;
}

json_t *an_tenant_policy_json(const struct an_tenant_policy *p)
{
  json_t *o = json_object(), *fl = json_object();
  for (size_t i = 0; i < NFLOORS; i++) {
    int64_t v = *(const int64_t *)(const void *)((const char *)p + floors[i].off);
    bool flag = floors[i].max == 1 && floors[i].min == 0;
    json_object_set_new(o, floors[i].field, flag ? json_boolean(v) : json_integer(v));
    if (!flag)
      json_object_set_new(fl, floors[i].field,
                          json_pack("{s:I, s:I}", "min", (json_int_t)floors[i].min, "max",
                                    (json_int_t)floors[i].max));
  }
  json_object_set_new(o, "floors", fl);
  return o;
}

static int cmp(const void *key, const void *item)
{
  return strcmp(key, *(const char *const *)item);
}

bool an_password_is_common(const char *pw)
{
  char lower[129];
  size_t n = strlen(pw);
  if (n >= sizeof lower)
    return false;
  for (size_t i = 0; i <= n; i++)
    lower[i] = (char)tolower((unsigned char)pw[i]);
  return bsearch(lower, an_common_passwords, an_common_passwords_count, sizeof(char *), cmp);
}

/* Appends the field error of rule, its text the catalogue's field.password.<rule>. */
static void add(json_t *errs, const char *rule, const json_t *vars)
{
  char key[64];
  snprintf(key, sizeof key, "field.password.%s", rule);
  json_array_append_new(errs, an_msg_field_error(rule, key, vars));
}

static void check_classes(const struct an_tenant_policy *p, const char *pw, json_t *errs)
{
  bool up = false, lo = false, dig = false, sym = false;
  for (const char *c = pw; *c; c++) {
    unsigned char ch = (unsigned char)*c;
    up |= isupper(ch) != 0;
    lo |= islower(ch) != 0;
    dig |= isdigit(ch) != 0;
    sym |= ch < 0x80 && ispunct(ch);
  }
  if (p->require_upper && !up)
    add(errs, "require_upper", NULL);
  if (p->require_lower && !lo)
    add(errs, "require_lower", NULL);
  if (p->require_digit && !dig)
    add(errs, "require_digit", NULL);
  if (p->require_symbol && !sym)
    add(errs, "require_symbol", NULL);
}

json_t *an_tenant_policy_check(const struct an_tenant_policy *p, const char *login,
                               const char *company_code, const char *pw)
{
  json_t *errs = json_array();
  if (an_utf8_chars(pw) < (size_t)p->min_length) {
    json_t *v = json_pack("{s:I}", "min", (json_int_t)p->min_length);
    add(errs, "min_length", v);
    json_decref(v);
  }
  check_classes(p, pw, errs);
  if (an_contains_ci(pw, login)) /* a tenant's login is its "user ID" */
    json_array_append_new(
        errs, an_msg_field_error("similar_to_login", "field.password.similar_to_user_id", NULL));
  if (an_contains_ci(pw, company_code))
    add(errs, "similar_to_company_code", NULL);
  if (an_password_is_common(pw))
    add(errs, "common_password", NULL);
  if (json_array_size(errs))
    return errs;
  json_decref(errs);
  return NULL;
}

struct set_ctx {
  const struct an_ctx *ctx;
  const struct an_tenant_policy *p;
};

static int set_txn(struct an_db *db, void *cls)
{
  struct set_ctx *s = cls;
  int rc = an_store_policy_put(db, s->ctx->tenant_id, s->p, s->ctx->now);
  if (rc < 0)
    return rc;
  json_t *d = an_tenant_policy_json(s->p);
  json_object_del(d, "floors");
  return an_audit_changed(s->ctx, db, "policy.update", "tenant", s->ctx->tenant_id, 0, d);
}

enum an_ec an_tenant_policy_set(const struct an_ctx *ctx, struct an_db *db,
                                const struct an_tenant_policy *p, json_t **errors)
{
  if (ctx->tenant_id <= 0)
    return AN_EC_GENERIC_INTERNAL;
  if ((*errors = an_tenant_policy_validate(p)))
    return AN_EC_GENERIC_INVALID_FIELD;
  struct set_ctx s = {ctx, p};
  return an_db_txn(db, set_txn, &s) < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}
