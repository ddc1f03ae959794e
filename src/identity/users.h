/* Users inside a tenant, managed by the tenant's admins (CHK-12, WP-6, SLA-19). */
#ifndef AN_IDENTITY_USERS_H
#define AN_IDENTITY_USERS_H
#include <jansson.h>
#include <stdbool.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"
#include "store/tenants.h"
#include "store/users.h"

struct an_user_new {
  const char *login; /* 3..64 of [A-Za-z0-9._-], unique in the tenant */
  const char *display_name;
  const char *email;
  unsigned roles; /* tenant roles only; default member */
};

/* Registers a user in ctx's tenant with a one-time password (written to password, >= 25 bytes)
 * that must be changed at first login; audits user.create. Returns AN_EC_OK,
 * AN_EC_USER_LOGIN_TAKEN, AN_EC_GENERIC_INVALID_FIELD or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_user_create(const struct an_ctx *ctx, struct an_db *db, const struct an_user_new *in,
                          struct an_user *out, char *password);

/* Inserts a user row and its audit event; for use inside a caller's transaction. Returns 1, 0
 * when the login is taken, or an error. */
int an_user_insert_audited(const struct an_ctx *ctx, struct an_db *db, struct an_user *u);

/* Suspends (active = false) or reinstates a user of ctx's tenant; suspending ends all the user's
 * sessions and revokes the API tokens it created (reinstating brings neither back). A tenant
 * admin cannot suspend itself. Audits user.suspend / user.reinstate (and token.revoke).
 * Returns AN_EC_OK, AN_EC_GENERIC_NOT_FOUND, AN_EC_GENERIC_CONFLICT or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_user_set_active(const struct an_ctx *ctx, struct an_db *db, int64_t id, bool active);

/* Deletes a user of ctx's tenant (CHK-12, WP-6): ends its sessions, revokes the API tokens it
 * created and removes the account and its secrets; its audit events stay. A tenant admin cannot
 * delete itself. Audits user.delete (and token.revoke).
 * Returns AN_EC_OK, AN_EC_GENERIC_NOT_FOUND, AN_EC_GENERIC_CONFLICT or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_user_delete(const struct an_ctx *ctx, struct an_db *db, int64_t id);

/* Gives a user of ctx's tenant a new one-time password (written to password, >= 25 bytes) that
 * must be changed at the next login, and ends the user's sessions (SLA-18). Audits
 * user.password_reset. Returns AN_EC_OK, AN_EC_GENERIC_NOT_FOUND or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_user_force_reset(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                               char *password);

/* Inside the caller's transaction: queues the invitation mail (addressed to the user by name,
 * with company, company code, user ID and a single-use link to set the password; never a
 * password) to u's address. first_admin: the mail of a new contractor's first administrator
 * (welcome_admin), who was not created by "an administrator". Returns 1 (also when the mailer
 * refuses the address) or an error. */
int an_user_invite(const struct an_ctx *ctx, struct an_db *db, const struct an_tenant *t,
                   const struct an_user *u, bool first_admin);

/* The user as JSON (no secrets). */
json_t *an_user_json(const struct an_user *u);
/* A store list callback: appends the JSON of u to the array cls. */
void an_user_append(void *cls, const struct an_user *u);

/* A tenant admin edits a user of ctx's tenant (issue 10 item 5): display_name and/or email (NULL:
 * unchanged; "" display name: the login). Audits user.update with each changed field's old and
 * new value. *out gets the user. AN_EC_OK, AN_EC_GENERIC_NOT_FOUND, AN_EC_GENERIC_INVALID_FIELD
 * (an address that is not one, a name too long) or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_user_update(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                          const char *display_name, const char *email, struct an_user *out);
#endif
