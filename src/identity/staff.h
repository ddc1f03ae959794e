/* Operator staff accounts: creation (from the command line or by an admin) and listing. */
#ifndef AN_IDENTITY_STAFF_H
#define AN_IDENTITY_STAFF_H
#include <jansson.h>
#include <stdbool.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "identity/pwlink.h"
#include "store/db.h"
#include "store/staff.h"

struct an_staff_new {
  const char *login;            /* 3..64 of [A-Za-z0-9._-] */
  const char *display_name;     /* 1..256 bytes; the login when NULL or empty */
  unsigned roles;               /* an_role bits, at least one */
  int64_t shop_id;              /* with role shop (alone): the shop; else 0 */
  const char *password;         /* NULL: generate a one-time password that must be changed */
  const char *email;            /* NULL or "": none; else a link to set the password is mailed */
  struct an_mail_outcome *mail; /* NULL, or gets the link mail's outcome */
};

/* Creates an account and audits it (staff.create). When the password is generated, it is written
 * to out_password (>= 25 bytes) and the account must change it at first login; a given password is
 * checked against the staff policy (errors in *policy_errors, owned by the caller). Sets *out.
 * Returns AN_EC_OK, AN_EC_STAFF_LOGIN_TAKEN, AN_EC_GENERIC_INVALID_FIELD,
 * AN_EC_AUTH_PASSWORD_POLICY or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_staff_create(const struct an_ctx *ctx, struct an_db *db,
                           const struct an_staff_new *in, struct an_staff *out, char *out_password,
                           json_t **policy_errors);

/* Suspends (active = false) or reinstates the staff account with this login (the operator's or
 * a shop's). Suspending ends its sessions and revokes the API tokens it created, in the same
 * transaction (H1); reinstating brings neither back. Audits staff.suspend / staff.reinstate
 * (and token.revoke). Suspending the last active operator admin is refused.
 * Returns AN_EC_OK, AN_EC_GENERIC_NOT_FOUND, AN_EC_STAFF_LAST_ADMIN or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_staff_set_active(const struct an_ctx *ctx, struct an_db *db, const char *login,
                               bool active);

/* Deletes a staff account (MARK-7-1-1, leavers removed): ends its sessions, revokes the API tokens
 * it created, removes the account and its secrets; its audit events stay. Audits staff.delete.
 * Neither this nor suspension may remove the last active operator admin.
 * Returns AN_EC_OK, AN_EC_GENERIC_NOT_FOUND, AN_EC_STAFF_LAST_ADMIN or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_staff_delete(const struct an_ctx *ctx, struct an_db *db, int64_t id);

/* True when login is 3..64 characters of [A-Za-z0-9._-]. */
bool an_staff_login_valid(const char *login);

/* The account as JSON for the API (no secrets). */
json_t *an_staff_json(const struct an_staff *s);
/* A store list callback: appends the JSON of s to the array cls. */
void an_staff_append(void *cls, const struct an_staff *s);

#endif
