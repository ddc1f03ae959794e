#include "identity/custom_roles.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/alloc.h"
#include "core/utf8.h"
#include "identity/roles.h"
#include "store/roles.h"
#include "store/users.h"

#define NAME_MAX_CHARS 50

static json_t *field_error(const char *field, const char *ja, const char *en)
{
  return json_pack("[{s:s, s:s, s:s}]", "field", field, "detail_ja", ja, "detail_en", en);
}

/* The keys of bits as "a,b" in catalogue order (fits: the catalogue's keys are short). */
static void keys_csv(uint64_t bits, char *out, size_t cap)
{
  size_t n, used = 0;
  const struct an_perm_info *cat = an_perm_catalogue(&n);
  out[0] = '\0';
  for (size_t i = 0; i < n; i++)
    if (cat[i].perm < 64 && ((bits >> cat[i].perm) & 1u)) {
      int w = snprintf(out + used, cap - used, "%s%s", used ? "," : "", cat[i].key);
      if (w < 0 || (size_t)w >= cap - used)
        return;
      used += (size_t)w;
    }
}

uint64_t an_perm_privileged_bits(uint64_t bits)
{
  uint64_t out = 0;
  for (unsigned p = 1; p < AN_PERM__COUNT && p < 64; p++)
    if (((bits >> p) & 1u) && an_perm_privileged((enum an_perm)p))
      out |= 1ull << p;
  return out;
}

/* Reads a role's name and permission keys from input; false with *errs on a refusal. */
static bool read_role(const char *name, const json_t *perms, struct an_role_row *r, json_t **errs)
{
  size_t len = name ? strlen(name) : 0;
  if (!len || !an_utf8_valid(name, len) || an_utf8_chars(name) > NAME_MAX_CHARS ||
      strchr(name, ',')) {
    *errs = field_error("name", "ロール名は1〜50文字で指定してください（カンマは使えません）。",
                        "The role name must be 1 to 50 characters, without commas.");
    return false;
  }
  uint64_t bits = 0;
  size_t i;
  const json_t *k;
  json_array_foreach(perms, i, k)
  {
    const struct an_perm_info *info =
        an_perm_by_key(json_string_value(k) ? json_string_value(k) : "");
    if (!info || !an_perm_tenant_grantable(info->perm)) {
      *errs = field_error("permissions", "一覧にない権限が指定されています。",
                          "A permission is not in the catalogue.");
      return false;
    }
    bits |= 1ull << info->perm;
  }
  snprintf(r->name, sizeof r->name, "%s", name);
  keys_csv(bits, r->perms, sizeof r->perms);
  return true;
}

static json_t *role_json(const struct an_role_row *r)
{
  return json_pack("{s:I, s:s, s:o, s:I}", "id", (json_int_t)r->id, "name", r->name, "permissions",
                   an_perm_keys_json(an_perm_bits_of_keys(r->perms)), "holders",
                   (json_int_t)r->holders);
}

static int audit(const struct an_ctx *ctx, struct an_db *db, const char *action, const char *kind,
                 int64_t id, json_t *details)
{
  return an_audit_changed(ctx, db, action, kind, id, 0, details);
}

/* Rewrites a user's stored permissions from the custom roles it holds now (and its built-in
 * roles, given, or as stored when NULL). Returns 1, 0 when the user is not the tenant's, or an
 * error. */
static void union_cb(void *cls, const struct an_role_row *r)
{
  *(uint64_t *)cls |= an_perm_bits_of_keys(r->perms);
}

static int refresh_user(const struct an_ctx *ctx, struct an_db *db, int64_t user_id,
                        const char *builtin)
{
  int64_t t = an_scope_tenant(ctx);
  struct an_user u;
  int rc = an_store_user_by_id(db, t, user_id, &u);
  if (rc <= 0)
    return rc;
  uint64_t bits = 0;
  rc = an_store_role_list_user(db, t, user_id, union_cb, &bits);
  if (rc < 0)
    return rc;
  char csv[1024];
  keys_csv(bits, csv, sizeof csv);
  return an_store_user_set_roles(db, t, user_id, builtin ? builtin : u.roles, csv, ctx->now);
}

/* ---- the list ---- */

static void list_cb(void *cls, const struct an_role_row *r)
{
  json_array_append_new(cls, role_json(r));
}

static json_t *catalogue_json(void)
{
  size_t n;
  const struct an_perm_info *cat = an_perm_catalogue(&n);
  json_t *out = json_array();
  for (size_t i = 0; i < n; i++)
    if (an_perm_tenant_grantable(cat[i].perm))
      json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:b}", "key", cat[i].key, "label_ja",
                                           cat[i].ja, "label_en", cat[i].en, "privileged",
                                           an_perm_privileged(cat[i].perm)));
  return out;
}

enum an_ec an_custom_roles_list(const struct an_ctx *ctx, struct an_db *db, json_t **out)
{
  json_t *items = json_array();
  if (an_store_role_list(db, an_scope_tenant(ctx), list_cb, items) < 0) {
    json_decref(items);
    return AN_EC_GENERIC_INTERNAL;
  }
  json_t *builtin = json_array();
  const unsigned roles[] = {AN_ROLE_TENANT_ADMIN, AN_ROLE_MEMBER};
  for (size_t i = 0; i < 2; i++)
    json_array_append_new(
        builtin, json_pack("{s:s, s:o}", "role", an_role_name(roles[i]), "permissions",
                           an_perm_keys_json(an_perm_bits_of_roles(AN_SUBJECT_USER, roles[i]))));
  *out = json_pack("{s:o, s:o, s:o}", "items", items, "catalogue", catalogue_json(), "builtin",
                   builtin);
  return AN_EC_OK;
}

/* ---- create, update, delete ---- */

struct role_txn {
  const struct an_ctx *ctx;
  struct an_role_row r;
  bool found, taken;
};

static int create_txn(struct an_db *db, void *cls)
{
  struct role_txn *x = cls;
  int rc = an_store_role_insert(db, an_scope_tenant(x->ctx), &x->r, x->ctx->now);
  if (rc <= 0) {
    x->taken = rc == 0;
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  }
  return audit(x->ctx, db, "role.create", "role", x->r.id,
               json_pack("{s:s, s:o}", "name", x->r.name, "permissions",
                         an_perm_keys_json(an_perm_bits_of_keys(x->r.perms))));
}

enum an_ec an_custom_role_create(const struct an_ctx *ctx, struct an_db *db, const char *name,
                                 const json_t *perms, json_t **out, json_t **errs)
{
  struct role_txn x = {.ctx = ctx};
  if (!an_scope_tenant(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  if (!read_role(name, perms, &x.r, errs))
    return AN_EC_GENERIC_INVALID_FIELD;
  int rc = an_db_txn(db, create_txn, &x);
  if (x.taken)
    return AN_EC_ROLE_NAME_TAKEN;
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  *out = role_json(&x.r);
  return AN_EC_OK;
}

struct ids {
  int64_t *v;
  size_t n, cap;
};

static void id_add(void *cls, int64_t id)
{
  struct ids *l = cls;
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 16;
    l->v = an_realloc(l->v, l->cap * sizeof *l->v);
  }
  l->v[l->n++] = id;
}

/* Rewrites the stored permissions of every holder of role_id (ids first, then one update each:
 * no statement runs inside another's result); *n gets their number. */
static int refresh_holders(const struct an_ctx *ctx, struct an_db *db, int64_t role_id, int64_t *n)
{
  struct ids l = {0};
  int rc = an_store_role_holders(db, an_scope_tenant(ctx), role_id, id_add, &l);
  for (size_t i = 0; rc >= 0 && i < l.n; i++)
    rc = refresh_user(ctx, db, l.v[i], NULL);
  *n = (int64_t)l.n;
  free(l.v);
  return rc < 0 ? rc : 1;
}

static int update_txn(struct an_db *db, void *cls)
{
  struct role_txn *x = cls;
  int64_t t = an_scope_tenant(x->ctx);
  struct an_role_row old;
  int rc = an_store_role_get(db, t, x->r.id, &old);
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  x->found = true;
  rc = an_store_role_update(db, t, &x->r, x->ctx->now);
  if (rc <= 0) {
    x->taken = rc == 0;
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  }
  int64_t holders = 0;
  if ((rc = refresh_holders(x->ctx, db, x->r.id, &holders)) < 0)
    return rc;
  x->r.holders = holders;
  uint64_t before = an_perm_bits_of_keys(old.perms), after = an_perm_bits_of_keys(x->r.perms);
  rc = audit(x->ctx, db, "role.update", "role", x->r.id,
             json_pack("{s:s, s:s, s:o, s:o, s:I}", "name", x->r.name, "old_name", old.name,
                       "added", an_perm_keys_json(after & ~before), "removed",
                       an_perm_keys_json(before & ~after), "holders", (json_int_t)holders));
  uint64_t priv = an_perm_privileged_bits(after & ~before);
  if (rc >= 0 && priv && holders)
    rc = audit(x->ctx, db, "role.privileged_grant", "role", x->r.id,
               json_pack("{s:s, s:o, s:I}", "name", x->r.name, "permissions",
                         an_perm_keys_json(priv), "holders", (json_int_t)holders));
  return rc;
}

enum an_ec an_custom_role_update(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                 const char *name, const json_t *perms, json_t **out, json_t **errs)
{
  struct role_txn x = {.ctx = ctx};
  if (!an_scope_tenant(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  if (!read_role(name, perms, &x.r, errs))
    return AN_EC_GENERIC_INVALID_FIELD;
  x.r.id = id;
  int rc = an_db_txn(db, update_txn, &x);
  if (!x.found)
    return rc < 0 && rc != AN_DB_ROLLBACK ? AN_EC_GENERIC_INTERNAL : AN_EC_GENERIC_NOT_FOUND;
  if (x.taken)
    return AN_EC_ROLE_NAME_TAKEN;
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  *out = role_json(&x.r);
  return AN_EC_OK;
}

static int delete_txn(struct an_db *db, void *cls)
{
  struct role_txn *x = cls;
  int64_t t = an_scope_tenant(x->ctx);
  int rc = an_store_role_get(db, t, x->r.id, &x->r);
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  x->found = true;
  struct ids l = {0};
  rc = an_store_role_holders(db, t, x->r.id, id_add, &l);
  if (rc >= 0)
    rc = an_store_role_delete(db, t, x->r.id);
  for (size_t i = 0; rc >= 0 && i < l.n; i++)
    rc = refresh_user(x->ctx, db, l.v[i], NULL);
  free(l.v);
  if (rc < 0)
    return rc;
  return audit(x->ctx, db, "role.delete", "role", x->r.id,
               json_pack("{s:s, s:I}", "name", x->r.name, "holders", (json_int_t)l.n));
}

enum an_ec an_custom_role_delete(const struct an_ctx *ctx, struct an_db *db, int64_t id)
{
  struct role_txn x = {.ctx = ctx, .r.id = id};
  if (!an_scope_tenant(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  int rc = an_db_txn(db, delete_txn, &x);
  if (!x.found)
    return rc < 0 && rc != AN_DB_ROLLBACK ? AN_EC_GENERIC_INTERNAL : AN_EC_GENERIC_NOT_FOUND;
  return rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}

/* ---- a user's roles ---- */

static void custom_cb(void *cls, const struct an_role_row *r)
{
  json_array_append_new(cls, json_pack("{s:I, s:s}", "id", (json_int_t)r->id, "name", r->name));
}

static int user_roles_json(const struct an_ctx *ctx, struct an_db *db, int64_t user_id,
                           json_t **out)
{
  int64_t t = an_scope_tenant(ctx);
  struct an_user u;
  int rc = an_store_user_by_id(db, t, user_id, &u);
  if (rc <= 0)
    return rc;
  json_t *custom = json_array();
  if ((rc = an_store_role_list_user(db, t, user_id, custom_cb, custom)) < 0) {
    json_decref(custom);
    return rc;
  }
  unsigned bits = 0;
  an_roles_parse(u.roles, &bits);
  uint64_t perms =
      an_perm_bits_of_roles(AN_SUBJECT_USER, bits) | an_perm_bits_of_keys(u.role_perms);
  *out = json_pack("{s:I, s:o, s:o, s:o}", "user_id", (json_int_t)user_id, "roles",
                   an_roles_json(u.roles), "custom_roles", custom, "permissions",
                   an_perm_keys_json(perms));
  return 1;
}

enum an_ec an_user_roles_get(const struct an_ctx *ctx, struct an_db *db, int64_t user_id,
                             json_t **out)
{
  int rc = user_roles_json(ctx, db, user_id, out);
  return rc < 0 ? AN_EC_GENERIC_INTERNAL : rc == 0 ? AN_EC_GENERIC_NOT_FOUND : AN_EC_OK;
}

static bool holds(const struct ids *l, int64_t id)
{
  for (size_t i = 0; i < l->n; i++)
    if (l->v[i] == id)
      return true;
  return false;
}

struct set_txn {
  const struct an_ctx *ctx;
  int64_t user_id;
  unsigned builtin;
  const json_t *names; /* the custom roles asked for, by name */
  struct ids custom;   /* their ids, found in the transaction */
  bool found, last_admin, bad_role;
};

struct by_name {
  const char *name;
  struct an_role_row *out;
  bool found;
};

static void name_cb(void *cls, const struct an_role_row *r)
{
  struct by_name *b = cls;
  if (!b->found && strcmp(r->name, b->name) == 0) {
    *b->out = *r;
    b->found = true;
  }
}

int an_custom_role_by_name(struct an_db *db, int64_t tenant_id, const char *name,
                           struct an_role_row *out)
{
  struct by_name b = {name, out, false};
  int rc = an_store_role_list(db, tenant_id, name_cb, &b);
  return rc < 0 ? rc : b.found;
}

/* The ids of the custom roles named in x->names (each must be the tenant's). */
static int resolve_names(struct set_txn *x, struct an_db *db)
{
  size_t i;
  const json_t *v;
  x->custom.n = 0;
  json_array_foreach(x->names, i, v)
  {
    struct an_role_row r;
    int rc = an_custom_role_by_name(db, an_scope_tenant(x->ctx), json_string_value(v), &r);
    if (rc < 0)
      return rc;
    if (!rc) {
      x->bad_role = true;
      return AN_DB_ROLLBACK;
    }
    if (!holds(&x->custom, r.id))
      id_add(&x->custom, r.id);
  }
  return 1;
}

static void held_cb(void *cls, const struct an_role_row *r)
{
  id_add(cls, r->id);
}

/* One grant or revocation of a custom role, audited (a privileged grant twice: as a grant, and
 * as the privileged grant it is). */
static int change_custom(struct set_txn *x, struct an_db *db, int64_t role_id, bool grant)
{
  int64_t t = an_scope_tenant(x->ctx);
  struct an_role_row r;
  int rc = an_store_role_get(db, t, role_id, &r);
  if (rc <= 0) {
    x->bad_role = rc == 0;
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  }
  rc = grant ? an_store_role_grant(db, t, x->user_id, role_id, x->ctx->now)
             : an_store_role_revoke(db, t, x->user_id, role_id);
  if (rc < 0)
    return rc;
  uint64_t bits = an_perm_bits_of_keys(r.perms);
  rc = audit(x->ctx, db, grant ? "user.role_grant" : "user.role_revoke", "user", x->user_id,
             json_pack("{s:I, s:s, s:o}", "role_id", (json_int_t)role_id, "role", r.name,
                       "permissions", an_perm_keys_json(bits)));
  if (rc >= 0 && grant && an_perm_privileged_bits(bits))
    rc = audit(x->ctx, db, "user.privileged_grant", "user", x->user_id,
               json_pack("{s:s, s:o}", "role", r.name, "permissions",
                         an_perm_keys_json(an_perm_privileged_bits(bits))));
  return rc;
}

static int change_builtin(struct set_txn *x, struct an_db *db, unsigned before)
{
  int rc = 1;
  const unsigned roles[] = {AN_ROLE_TENANT_ADMIN, AN_ROLE_MEMBER};
  for (size_t i = 0; rc >= 0 && i < 2; i++) {
    bool had = before & roles[i], has = x->builtin & roles[i];
    if (had == has)
      continue;
    uint64_t bits = an_perm_bits_of_roles(AN_SUBJECT_USER, roles[i]);
    rc = audit(x->ctx, db, has ? "user.role_grant" : "user.role_revoke", "user", x->user_id,
               json_pack("{s:s, s:o}", "role", an_role_name(roles[i]), "permissions",
                         an_perm_keys_json(bits)));
    if (rc >= 0 && has && an_perm_privileged_bits(bits))
      rc = audit(x->ctx, db, "user.privileged_grant", "user", x->user_id,
                 json_pack("{s:s, s:o}", "role", an_role_name(roles[i]), "permissions",
                           an_perm_keys_json(an_perm_privileged_bits(bits))));
  }
  return rc;
}

static int set_txn(struct an_db *db, void *cls)
{
  struct set_txn *x = cls;
  int64_t t = an_scope_tenant(x->ctx);
  struct an_user u;
  int rc = an_store_user_by_id(db, t, x->user_id, &u);
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  x->found = true;
  unsigned before = 0;
  an_roles_parse(u.roles, &before);
  /* The tenant keeps an active administrator (CHK-13): the last one cannot lose the role. */
  if ((before & AN_ROLE_TENANT_ADMIN) && !(x->builtin & AN_ROLE_TENANT_ADMIN) &&
      strcmp(u.status, "active") == 0) {
    if ((rc = an_store_tenant_admin_count(db, t)) < 0)
      return rc;
    if (rc <= 1) {
      x->last_admin = true;
      return AN_DB_ROLLBACK;
    }
  }
  if ((rc = resolve_names(x, db)) < 0)
    return rc;
  struct ids held = {0};
  rc = an_store_role_list_user(db, t, x->user_id, held_cb, &held);
  for (size_t i = 0; rc >= 0 && i < held.n; i++)
    if (!holds(&x->custom, held.v[i]))
      rc = change_custom(x, db, held.v[i], false);
  for (size_t i = 0; rc >= 0 && i < x->custom.n; i++)
    if (!holds(&held, x->custom.v[i]))
      rc = change_custom(x, db, x->custom.v[i], true);
  free(held.v);
  if (rc >= 0)
    rc = change_builtin(x, db, before);
  char csv[64];
  an_roles_format(x->builtin, csv, sizeof csv);
  return rc < 0 ? rc : refresh_user(x->ctx, db, x->user_id, csv);
}

/* Reads the built-in role names and custom role ids; false with *errs on a refusal. */
static bool read_assignment(const json_t *builtin, const json_t *custom, struct set_txn *x,
                            json_t **errs)
{
  size_t i;
  const json_t *v;
  json_array_foreach(builtin, i, v)
  {
    unsigned bit = 0;
    if (!json_is_string(v) || !an_roles_parse(json_string_value(v), &bit) ||
        (bit & ~AN_ROLES_TENANT) || strchr(json_string_value(v), ',')) {
      *errs = field_error("roles", "ロールは tenant_admin と member から選んでください。",
                          "Roles are tenant_admin and member.");
      return false;
    }
    x->builtin |= bit;
  }
  if (!x->builtin) {
    *errs = field_error("roles", "基本ロールを1つ以上指定してください。",
                        "Give at least one built-in role.");
    return false;
  }
  json_array_foreach(custom, i, v)
  {
    if (!json_is_string(v)) {
      *errs = field_error("custom_roles", "ロール名を指定してください。", "Give role names.");
      return false;
    }
  }
  x->names = custom;
  return true;
}

enum an_ec an_user_roles_set(const struct an_ctx *ctx, struct an_db *db, int64_t user_id,
                             const json_t *builtin, const json_t *custom, json_t **out,
                             json_t **errs)
{
  struct set_txn x = {.ctx = ctx, .user_id = user_id};
  if (!an_scope_tenant(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  if (!read_assignment(builtin, custom, &x, errs)) {
    free(x.custom.v);
    return AN_EC_GENERIC_INVALID_FIELD;
  }
  int rc = an_db_txn(db, set_txn, &x);
  free(x.custom.v);
  if (rc < 0 && rc != AN_DB_ROLLBACK)
    return AN_EC_GENERIC_INTERNAL;
  if (!x.found)
    return AN_EC_GENERIC_NOT_FOUND;
  if (x.last_admin)
    return AN_EC_ROLE_LAST_ADMIN;
  if (x.bad_role) {
    *errs = field_error("custom_roles", "この企業にないロールが指定されています。",
                        "A role is not one of this company's.");
    return AN_EC_GENERIC_INVALID_FIELD;
  }
  return an_user_roles_get(ctx, db, user_id, out);
}
