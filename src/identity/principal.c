#include "identity/principal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/time.h"
#include "identity/roles.h"
#include "identity/staff.h"
#include "identity/tenants.h"
#include "identity/users.h"

#define PICK(p, field) ((p)->kind == AN_SUBJECT_STAFF ? (p)->staff.field : (p)->user.field)

int64_t an_principal_id(const struct an_principal *p)
{
  return PICK(p, id);
}

const char *an_principal_login(const struct an_principal *p)
{
  return PICK(p, login);
}

const char *an_principal_roles(const struct an_principal *p)
{
  return PICK(p, roles);
}

const char *an_principal_hash(const struct an_principal *p)
{
  return PICK(p, password_hash);
}

bool an_principal_must_change(const struct an_principal *p)
{
  return PICK(p, must_change_password);
}

const char *an_principal_status(const struct an_principal *p)
{
  return PICK(p, status);
}

int an_principal_load(struct an_db *db, const struct an_session *s, struct an_principal *out)
{
  memset(out, 0, sizeof *out);
  if (strcmp(s->subject_kind, "staff") == 0) {
    out->kind = AN_SUBJECT_STAFF;
    return an_store_staff_by_id(db, s->subject_id, &out->staff);
  }
  if (strcmp(s->subject_kind, "user") != 0 || s->tenant_id <= 0)
    return 0;
  out->kind = AN_SUBJECT_USER;
  int rc = an_store_user_by_id(db, s->tenant_id, s->subject_id, &out->user);
  if (rc <= 0)
    return rc;
  return an_store_tenant_by_id(db, s->tenant_id, &out->tenant);
}

void an_principal_to_ctx(const struct an_principal *p, struct an_ctx *ctx)
{
  ctx->subject = p->kind;
  ctx->subject_id = an_principal_id(p);
  ctx->tenant_id = p->kind == AN_SUBJECT_USER ? p->tenant.id : 0;
  ctx->shop_id = p->kind == AN_SUBJECT_STAFF ? p->staff.shop_id : 0;
  ctx->must_change_password = an_principal_must_change(p);
  if (!an_roles_parse(an_principal_roles(p), &ctx->roles))
    ctx->roles = 0;
  ctx->role_perms = p->kind == AN_SUBJECT_USER ? an_perm_bits_of_keys(p->user.role_perms) : 0;
  ctx->audit_off = p->kind == AN_SUBJECT_USER ? an_audit_classes_off(p->tenant.event_classes) : 0;
  snprintf(ctx->actor, sizeof ctx->actor, "%s", an_principal_login(p));
}

json_t *an_principal_me_json(const struct an_principal *p, const struct an_session *s,
                             long idle_seconds, long max_seconds)
{
  char created[40], expires[40];
  an_time_format_utc(s->created_at, created, sizeof created);
  an_time_format_utc(s->expires_at, expires, sizeof expires);
  json_t *me;
  if (p->kind == AN_SUBJECT_STAFF) {
    me = an_staff_json(&p->staff);
    json_object_set_new(me, "kind", json_string("staff"));
    json_object_set_new(me, "tenant", json_null());
  } else {
    me = an_user_json(&p->user);
    json_object_set_new(me, "kind", json_string("user"));
    json_object_set_new(me, "tenant",
                        json_pack("{s:I, s:s, s:s}", "id", (json_int_t)p->tenant.id, "company_code",
                                  p->tenant.company_code, "name", p->tenant.name));
  }
  json_object_set_new(me, "csrf_token", json_string(s->csrf_token));
  /* What the person may do now, built-in and custom roles alike (CHK-13): the UI offers pages by
   * it. */
  unsigned roles = 0;
  an_roles_parse(an_principal_roles(p), &roles);
  uint64_t perms = an_perm_bits_of_roles(p->kind, roles) |
                   (p->kind == AN_SUBJECT_USER ? an_perm_bits_of_keys(p->user.role_perms) : 0);
  /* Shared: the same few arrays serve every request (an_perm_keys_json_shared). */
  json_object_set_new(me, "permissions", an_perm_keys_json_shared(perms));
  /* Why a change is due, so the page can say so: the first password, or a reset or expiry. */
  int64_t made = p->kind == AN_SUBJECT_STAFF ? p->staff.created_at : p->user.created_at;
  int64_t changed =
      p->kind == AN_SUBJECT_STAFF ? p->staff.password_changed_at : p->user.password_changed_at;
  json_object_set_new(me, "password_change_reason",
                      !an_principal_must_change(p) ? json_null()
                      : changed <= made            ? json_string("initial")
                                                   : json_string("renewal"));
  json_object_set_new(me, "session",
                      json_pack("{s:s, s:s, s:I}", "created_at", created, "expires_at", expires,
                                "idle_timeout_seconds", (json_int_t)idle_seconds));
  /* The absolute lifetime that applies (CHK-25): null when there is none. */
  json_object_set_new(json_object_get(me, "session"), "absolute_lifetime_seconds",
                      max_seconds > 0 ? json_integer(max_seconds) : json_null());
  return me;
}

int an_principal_audit(const struct an_ctx *ctx, struct an_db *db, const struct an_principal *p,
                       const char *action, const char *outcome, json_t *details)
{
  char *target =
      an_audit_target(p->kind == AN_SUBJECT_STAFF ? "staff" : "user", an_principal_id(p));
  struct an_audit_rec rec = {.action = action,
                             .target = target,
                             .outcome = outcome,
                             .details = details,
                             .actor_label = an_principal_login(p),
                             .tenant_id = p->kind == AN_SUBJECT_USER ? p->tenant.id : 0};
  int rc = an_db_in_txn(db) ? an_audit_append(ctx, db, &rec) : an_audit_record(ctx, db, &rec);
  json_decref(details);
  free(target);
  return rc;
}
