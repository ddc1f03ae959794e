/* Custom roles of a tenant (CHK-13, WP-7, WP-8): named sets of permission keys, and which users
 * hold them. Every function takes the tenant id first and names it in every WHERE; 0 finds and
 * changes nothing. */
#ifndef AN_STORE_ROLES_H
#define AN_STORE_ROLES_H
#include <stdint.h>

#include "store/db.h"

struct an_role_row {
  int64_t id;
  int64_t tenant_id;
  char name[201];   /* 50 characters of UTF-8 */
  char perms[1024]; /* comma-separated permission keys */
  int64_t holders;  /* users holding it (lists only) */
};

/* Inserts a role and sets r->id. Returns 1, 0 when the name is taken in the tenant, or an error. */
int an_store_role_insert(struct an_db *db, int64_t tenant_id, struct an_role_row *r, int64_t now);
/* Renames a role and replaces its permissions. Returns 1, 0 when none (or the name is taken), or
 * an error. */
int an_store_role_update(struct an_db *db, int64_t tenant_id, const struct an_role_row *r,
                         int64_t now);
/* Deletes a role and every grant of it. Returns 1, 0 when none, or an error. */
int an_store_role_delete(struct an_db *db, int64_t tenant_id, int64_t id);
/* Loads one role. Returns 1, 0 when none, or an error. */
int an_store_role_get(struct an_db *db, int64_t tenant_id, int64_t id, struct an_role_row *out);
/* Calls cb for the tenant's roles by name, with their holder counts. Returns the count or an
 * error. */
int an_store_role_list(struct an_db *db, int64_t tenant_id,
                       void (*cb)(void *cls, const struct an_role_row *r), void *cls);
/* Calls cb for the roles a user holds, by name. Returns the count or an error. */
int an_store_role_list_user(struct an_db *db, int64_t tenant_id, int64_t user_id,
                            void (*cb)(void *cls, const struct an_role_row *r), void *cls);
/* Calls cb with the id of each user holding role_id. Returns the count or an error. */
int an_store_role_holders(struct an_db *db, int64_t tenant_id, int64_t role_id,
                          void (*cb)(void *cls, int64_t user_id), void *cls);
/* Grants (1 when new, 0 when already held) or revokes (1 when it was held, 0 when not) a role. */
int an_store_role_grant(struct an_db *db, int64_t tenant_id, int64_t user_id, int64_t role_id,
                        int64_t now);
int an_store_role_revoke(struct an_db *db, int64_t tenant_id, int64_t user_id, int64_t role_id);
/* Revokes every role of a user (the user is deleted). Returns the number revoked or an error. */
int an_store_role_revoke_user(struct an_db *db, int64_t tenant_id, int64_t user_id);
/* Sets a user's built-in roles and the union of its custom roles' permission keys. Returns 1, 0
 * when none, or an error. */
int an_store_user_set_roles(struct an_db *db, int64_t tenant_id, int64_t user_id, const char *roles,
                            const char *role_perms, int64_t now);
/* The number of the tenant's active users holding the built-in tenant_admin role, or an error. */
int an_store_tenant_admin_count(struct an_db *db, int64_t tenant_id);

#endif
