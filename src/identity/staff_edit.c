#include "identity/staff_edit.h"

#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "identity/roles.h"
#include "store/pwlinks.h"

struct edit {
  const struct an_ctx *ctx;
  int64_t id;
  const char *name;
  unsigned roles;
  struct an_staff *s;
  enum an_ec ec;
};

/* The roles an account may hold: a shop's staff the shop role alone, the operator's never it. */
static bool roles_fit(const struct an_staff *s, unsigned roles)
{
  if (!roles || (roles & ~AN_ROLES_STAFF))
    return false;
  return s->shop_id ? roles == AN_ROLE_SHOP : !(roles & AN_ROLE_SHOP);
}

/* Whether the edit takes admin from the last active operator admin. Returns 1, 0, or an error. */
static int drops_last_admin(struct an_db *db, const struct an_staff *s, unsigned before,
                            unsigned after)
{
  if (!(before & AN_ROLE_ADMIN) || (after & AN_ROLE_ADMIN) || strcmp(s->status, "active"))
    return 0;
  int64_t others = 0;
  int rc = an_store_staff_count_other_admins(db, s->id, &others);
  return rc < 0 ? rc : others == 0;
}

static int audit_update(const struct edit *x, struct an_db *db, const char *old_name,
                        const char *old_roles, const char *new_roles)
{
  json_t *changes = json_object();
  if (strcmp(old_name, x->s->display_name))
    json_object_set_new(changes, "display_name",
                        json_pack("{s:s, s:s}", "from", old_name, "to", x->s->display_name));
  if (strcmp(old_roles, new_roles))
    json_object_set_new(changes, "roles",
                        json_pack("{s:s, s:s}", "from", old_roles, "to", new_roles));
  return an_audit_changed(x->ctx, db, "staff.update", "staff", x->id, 0,
                          json_pack("{s:s, s:o}", "login", x->s->login, "changes", changes));
}

static int edit_txn(struct an_db *db, void *cls)
{
  struct edit *x = cls;
  int rc = an_store_staff_by_id(db, x->id, x->s);
  if (rc <= 0) {
    x->ec = rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_GENERIC_NOT_FOUND;
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  }
  unsigned before = 0;
  an_roles_parse(x->s->roles, &before);
  unsigned after = x->roles ? x->roles : before;
  if (x->roles && !roles_fit(x->s, after)) {
    x->ec = AN_EC_GENERIC_INVALID_FIELD;
    return AN_DB_ROLLBACK;
  }
  if ((rc = drops_last_admin(db, x->s, before, after)) != 0) {
    x->ec = rc > 0 ? AN_EC_STAFF_LAST_ADMIN : AN_EC_GENERIC_INTERNAL;
    return rc > 0 ? AN_DB_ROLLBACK : rc;
  }
  char old_name[sizeof x->s->display_name], old_roles[sizeof x->s->roles];
  snprintf(old_name, sizeof old_name, "%s", x->s->display_name);
  snprintf(old_roles, sizeof old_roles, "%s", x->s->roles);
  if (x->name)
    snprintf(x->s->display_name, sizeof x->s->display_name, "%s",
             x->name[0] ? x->name : x->s->login);
  an_roles_format(after, x->s->roles, sizeof x->s->roles);
  if (!strcmp(old_name, x->s->display_name) && !strcmp(old_roles, x->s->roles))
    return 1; /* nothing changed: nothing to record */
  rc = an_store_staff_set_profile(db, x->id, x->s->display_name, x->s->roles, x->ctx->now);
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  return audit_update(x, db, old_name, old_roles, x->s->roles);
}

enum an_ec an_staff_update(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                           const char *display_name, unsigned roles, struct an_staff *out)
{
  if (display_name && strlen(display_name) >= sizeof out->display_name)
    return AN_EC_GENERIC_INVALID_FIELD;
  struct edit x = {ctx, id, display_name, roles, out, AN_EC_OK};
  int rc = an_db_txn(db, edit_txn, &x);
  if (x.ec != AN_EC_OK)
    return x.ec;
  return rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}
