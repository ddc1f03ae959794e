/* An operator admin edits a staff account's display name and roles (issue 10 item 5). */
#ifndef AN_IDENTITY_STAFF_EDIT_H
#define AN_IDENTITY_STAFF_EDIT_H
#include <stdint.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"
#include "store/staff.h"

/* Sets staff account id's display name (NULL: unchanged; "": the login) and roles (0: unchanged;
 * else an_role bits: the operator's staff any of admin, support, auditor; a shop's staff keep
 * the shop role alone). Taking the admin role from the last active operator admin is refused.
 * Roles are read from the account at every request, so a session of an account whose rights
 * shrink loses them at its next request. Audits staff.update with each changed field's old and
 * new value; *out gets the account. Returns AN_EC_OK, AN_EC_GENERIC_NOT_FOUND,
 * AN_EC_GENERIC_INVALID_FIELD, AN_EC_STAFF_LAST_ADMIN or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_staff_update(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                           const char *display_name, unsigned roles, struct an_staff *out);

#endif
