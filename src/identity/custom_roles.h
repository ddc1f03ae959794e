/* Custom roles of a tenant (CHK-13, WP-7, WP-8): its admins create, rename and delete named sets
 * of permissions from the catalogue (identity/roles.h; only those a tenant role can hold), and
 * grant and revoke them, with the built-in roles tenant_admin and member, to its users. A grant
 * of a privileged permission is audited as its own event (user.privileged_grant,
 * role.privileged_grant); the tenant always keeps an active tenant_admin. A user's permissions are
 * kept with its row, so a revocation takes effect at its next request. Every function acts on
 * ctx's tenant (an_scope_tenant) only. */
#ifndef AN_IDENTITY_CUSTOM_ROLES_H
#define AN_IDENTITY_CUSTOM_ROLES_H
#include <jansson.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"
#include "store/roles.h"

/* *out = {items: [{id, name, permissions: [key], holders}], catalogue: [{key, label_ja, label_en,
 * privileged}], builtin: [{role, permissions}]}. Returns AN_EC_OK or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_custom_roles_list(const struct an_ctx *ctx, struct an_db *db, json_t **out);
/* Creates a role of name (1..50 characters) with the permission keys perms (a JSON array of
 * strings). *out = the role; *errs lists refused fields (400). Audited role.create. Returns
 * AN_EC_OK, AN_EC_GENERIC_INVALID_FIELD, AN_EC_ROLE_NAME_TAKEN or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_custom_role_create(const struct an_ctx *ctx, struct an_db *db, const char *name,
                                 const json_t *perms, json_t **out, json_t **errs);
/* Renames role id and replaces its permissions; its holders' rights follow at once. Audited
 * role.update (and role.privileged_grant when held privileged permissions were added). Returns
 * as an_custom_role_create, or AN_EC_GENERIC_NOT_FOUND. */
enum an_ec an_custom_role_update(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                 const char *name, const json_t *perms, json_t **out,
                                 json_t **errs);
/* Deletes role id, revoking it from its holders. Audited role.delete. Returns AN_EC_OK,
 * AN_EC_GENERIC_NOT_FOUND or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_custom_role_delete(const struct an_ctx *ctx, struct an_db *db, int64_t id);
/* *out = {user_id, roles: [built-in name], custom_roles: [{id, name}], permissions: [key]}.
 * Returns AN_EC_OK, AN_EC_GENERIC_NOT_FOUND or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_user_roles_get(const struct an_ctx *ctx, struct an_db *db, int64_t user_id,
                             json_t **out);
/* Sets user_id's built-in roles (a non-empty array of "tenant_admin", "member") and custom roles
 * (an array of the names of the tenant's roles): each grant and revocation audited
 * (user.role_grant, user.role_revoke, and user.privileged_grant for a privileged one). Returns
 * AN_EC_OK, AN_EC_GENERIC_INVALID_FIELD (*errs), AN_EC_GENERIC_NOT_FOUND, AN_EC_ROLE_LAST_ADMIN or
 * AN_EC_GENERIC_INTERNAL; *out as an_user_roles_get. */
enum an_ec an_user_roles_set(const struct an_ctx *ctx, struct an_db *db, int64_t user_id,
                             const json_t *builtin, const json_t *custom, json_t **out,
                             json_t **errs);

/* The privileged permissions (an_perm_privileged) among the permission bits of bits. */
uint64_t an_perm_privileged_bits(uint64_t bits);

/* The custom role of tenant_id called name (names are unique within a tenant): 1 with *out, 0
 * when there is none (*out untouched), below 0 an AN_DB_* error. */
int an_custom_role_by_name(struct an_db *db, int64_t tenant_id, const char *name,
                           struct an_role_row *out);

#endif
