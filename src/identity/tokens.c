#include "identity/tokens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/time.h"
#include "crypto/token.h"
#include "identity/custom_roles.h"
#include "identity/roles.h"
#include "store/roles.h"
#include "store/staff.h"
#include "store/tenants.h"
#include "store/users.h"

/* What a shop's integration token carries: exactly what a shop's integration needs. */

/* The permission bits of a list of keys; false when a key is unknown or not the creator's. */
static bool perms_from_keys(const struct an_ctx *ctx, json_t *keys, uint64_t *bits, char *csv,
                            size_t csvlen)
{
  size_t n, i;
  json_t *v;
  const struct an_perm_info *cat = an_perm_catalogue(&n);
  *bits = 0;
  csv[0] = '\0';
  json_array_foreach(keys, i, v)
  {
    const char *key = json_string_value(v);
    size_t k = 0;
    while (k < n && strcmp(cat[k].key, key) != 0)
      k++;
    if (k == n || !an_perm_allows(ctx, cat[k].perm))
      return false;
    *bits |= 1ull << cat[k].perm;
    size_t used = strlen(csv);
    snprintf(csv + used, csvlen - used, "%s%s", used ? "," : "", key);
  }
  return *bits != 0;
}

struct create {
  const struct an_ctx *ctx;
  struct an_api_token *t;
};

static int create_txn(struct an_db *db, void *cls)
{
  struct create *c = cls;
  int rc = an_store_token_insert(db, c->t);
  if (rc < 0)
    return rc;
  return an_audit_changed(
      c->ctx, db, "token.create", "token", c->t->id, 0,
      json_pack("{s:s, s:s}", "name", c->t->name, "permissions", c->t->permissions));
}

/* Mints the secret into token_out, fills the rest of out (permissions, tenant and shop already
 * set by the caller) and stores it with its audit event. The token names its creator, ctx's
 * subject: only a person (a tenant user or a staff account) makes tokens. */
static enum an_ec mint(const struct an_ctx *ctx, struct an_db *db, const char *name, long days,
                       struct an_api_token *out, char token_out[AN_API_TOKEN_STR])
{
  if ((ctx->subject != AN_SUBJECT_USER && ctx->subject != AN_SUBJECT_STAFF) || ctx->subject_id <= 0)
    return AN_EC_AUTH_FORBIDDEN;
  snprintf(out->created_by_kind, sizeof out->created_by_kind, "%s", an_subject_name(ctx->subject));
  out->created_by_id = ctx->subject_id;
  char raw[AN_TOKEN_STR];
  an_token_new(raw);
  snprintf(token_out, AN_API_TOKEN_STR, AN_API_TOKEN_PREFIX "%s", raw);
  an_token_hash(token_out, out->token_hash);
  snprintf(out->prefix, sizeof out->prefix, "%.12s", token_out);
  snprintf(out->name, sizeof out->name, "%s", name);
  snprintf(out->created_by, sizeof out->created_by, "%s", ctx->actor);
  out->created_at = ctx->now;
  out->expires_at = ctx->now + (int64_t)days * 86400 * 1000000;
  struct create c = {ctx, out};
  return an_db_txn(db, create_txn, &c) < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}

static bool name_and_days_valid(const char *name, long days, size_t cap)
{
  return name && name[0] && strlen(name) < cap && days >= 1 && days <= 730;
}

enum an_ec an_api_token_create(const struct an_ctx *ctx, struct an_db *db, const char *name,
                               json_t *perms, long days, struct an_api_token *out,
                               char token_out[AN_API_TOKEN_STR])
{
  memset(out, 0, sizeof *out);
  uint64_t bits;
  if (!name_and_days_valid(name, days, sizeof out->name) ||
      !perms_from_keys(ctx, perms, &bits, out->permissions, sizeof out->permissions))
    return AN_EC_GENERIC_INVALID_FIELD;
  out->tenant_id = ctx->tenant_id;
  return mint(ctx, db, name, days, out, token_out);
}

/* The keys of a role's comma-separated list that ctx holds itself, as a JSON array. */
static json_t *held_keys(const struct an_ctx *ctx, const char *csv)
{
  size_t n;
  const struct an_perm_info *cat = an_perm_catalogue(&n);
  json_t *keys = json_array();
  for (const char *p = csv; keys && p && *p;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    for (size_t k = 0; k < n; k++)
      if (strlen(cat[k].key) == len && strncmp(cat[k].key, p, len) == 0 &&
          an_perm_allows(ctx, cat[k].perm))
        json_array_append_new(keys, json_string(cat[k].key));
    p = comma ? comma + 1 : NULL;
  }
  return keys;
}

enum an_ec an_api_token_create_for_role(const struct an_ctx *ctx, struct an_db *db,
                                        const char *name, const char *role, long days,
                                        struct an_api_token *out, char token_out[AN_API_TOKEN_STR])
{
  memset(out, 0, sizeof *out);
  int64_t tenant = an_scope_tenant(ctx);
  if (!tenant)
    return AN_EC_AUTH_FORBIDDEN; /* custom roles are a tenant's */
  static struct an_role_row none;
  struct an_role_row r = none;
  int found = an_custom_role_by_name(db, tenant, role, &r);
  if (found <= 0)
    return found < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_GENERIC_NOT_FOUND;
  json_t *keys = held_keys(ctx, r.perms);
  if (!keys)
    return AN_EC_GENERIC_INTERNAL;
  enum an_ec ec = json_array_size(keys)
                      ? an_api_token_create(ctx, db, name, keys, days, out, token_out)
                      : AN_EC_GENERIC_INVALID_FIELD;
  json_decref(keys);
  return ec;
}

enum an_ec an_shop_token_create(const struct an_ctx *ctx, struct an_db *db, int64_t shop_id,
                                const char *name, long days, struct an_api_token *out,
                                char token_out[AN_API_TOKEN_STR])
{
  memset(out, 0, sizeof *out);
  if (!shop_id || !name_and_days_valid(name, days, sizeof out->name))
    return AN_EC_GENERIC_INVALID_FIELD;
  /* A shop's token holds exactly what a shop's integration needs, and only for its shop. */
  snprintf(out->permissions, sizeof out->permissions, "%s", AN_SHOP_TOKEN_PERMS);
  out->shop_id = shop_id;
  return mint(ctx, db, name, days, out, token_out);
}

static int revoke_txn(struct an_db *db, void *cls)
{
  struct an_ctx_row *r = cls;
  int rc = an_store_token_revoke(db, r->ctx->tenant_id, r->id, r->ctx->now);
  return an_audit_row_changed(r, db, rc, "token.revoke", "token");
}

enum an_ec an_api_token_revoke(const struct an_ctx *ctx, struct an_db *db, int64_t id)
{
  return an_audit_row_txn(ctx, db, id, revoke_txn);
}

struct id_list {
  int64_t *ids;
  size_t n, cap;
  bool failed;
};

static void collect_id(void *cls, int64_t id)
{
  struct id_list *l = cls;
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 8;
    int64_t *grown = realloc(l->ids, cap * sizeof *grown);
    if (!grown) {
      l->failed = true;
      return;
    }
    l->ids = grown;
    l->cap = cap;
  }
  l->ids[l->n++] = id;
}

/* Audits one token revoked because of what happened to its creator. */
static int audit_revoked(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                         const char *creator, const char *reason)
{
  json_t *d = json_pack("{s:s, s:s}", "reason", reason, "creator", creator);
  if (!d)
    return AN_DB_HARD;
  char *target = an_audit_target("token", id);
  struct an_audit_rec rec = {
      .action = "token.revoke", .target = target, .outcome = "success", .details = d};
  int rc = an_audit_append(ctx, db, &rec);
  json_decref(d);
  free(target);
  return rc;
}

int an_api_token_revoke_creator(const struct an_ctx *ctx, struct an_db *db, const char *kind,
                                int64_t creator_id, const char *reason)
{
  struct id_list l = {0};
  int rc = an_store_token_revoke_creator(db, kind, creator_id, ctx->now, collect_id, &l);
  if (rc >= 0 && l.failed)
    rc = AN_DB_HARD;
  char *creator = an_audit_target(kind, creator_id);
  for (size_t i = 0; rc >= 0 && i < l.n; i++) {
    int arc = audit_revoked(ctx, db, l.ids[i], creator, reason);
    if (arc < 0)
      rc = arc;
  }
  free(creator);
  free(l.ids);
  return rc;
}

void an_api_token_append(void *cls, const struct an_api_token *t)
{
  json_array_append_new(cls, an_api_token_json(t));
}

json_t *an_api_token_json(const struct an_api_token *t)
{
  char created[40], expires[40], used[40];
  an_time_format_utc(t->created_at, created, sizeof created);
  an_time_format_utc(t->expires_at, expires, sizeof expires);
  an_time_format_utc(t->last_used_at, used, sizeof used);
  json_t *perms = json_array();
  char buf[512];
  snprintf(buf, sizeof buf, "%s", t->permissions);
  for (char *save = NULL, *k = strtok_r(buf, ",", &save); k; k = strtok_r(NULL, ",", &save))
    json_array_append_new(perms, json_string(k));
  json_t *o = json_pack("{s:I, s:s, s:s, s:o, s:s, s:s, s:s, s:s?, s:b}", "id", (json_int_t)t->id,
                        "name", t->name, "prefix", t->prefix, "permissions", perms, "created_by",
                        t->created_by, "created_at", created, "expires_at", expires, "last_used_at",
                        t->last_used_at ? used : NULL, "revoked", t->revoked_at != 0);
  if (!o)
    return NULL;
  if (t->shop_id)
    json_object_set_new(o, "shop_id", json_integer(t->shop_id));
  json_object_set_new(o, "created_by_kind", json_string(t->created_by_kind));
  json_object_set_new(o, "created_by_id",
                      t->created_by_id ? json_integer(t->created_by_id) : json_null());
  return o;
}
