/* Users inside a tenant. Every function takes the tenant id first: there is no way to reach a
 * user row without naming its tenant (CHK-11). */
#ifndef AN_STORE_USERS_H
#define AN_STORE_USERS_H
#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"

struct an_user {
  int64_t id;
  int64_t tenant_id;
  char login[65];
  char display_name[401]; /* 100 characters of UTF-8 */
  char email[255];
  char roles[65]; /* comma-separated: tenant_admin, member */
  char password_hash[129];
  bool must_change_password;
  char status[17]; /* active, suspended */
  int64_t failed_logins;
  int64_t locked_until;
  int64_t password_changed_at;
  int64_t last_login_at;
  int64_t created_at;
  int64_t updated_at;
  bool mfa_email;        /* e-mail one-time codes as the second factor */
  char role_perms[1024]; /* permission keys of its custom roles, comma-separated (CHK-13) */
};

/* Inserts u into u->tenant_id and sets u->id. Returns 1, 0 when the login is taken in that
 * tenant, or an error. */
int an_store_user_insert(struct an_db *db, struct an_user *u);
/* Seals display_name and email into user id of the tenant (store/seal.h) with the address's
 * blind index. Returns 1, 0 when none, or an error (also when the tenant has no key). */
int an_store_user_seal(struct an_db *db, int64_t tenant_id, int64_t id, const char *display_name,
                       const char *email);
/* Calls cb for the tenant's users whose e-mail address equals email (ASCII case and surrounding
 * blanks ignored), through the blind index. Returns the count or an error. */
int an_store_user_by_email(struct an_db *db, int64_t tenant_id, const char *email,
                           void (*cb)(void *cls, const struct an_user *u), void *cls);
/* Loads a user of the tenant by login. Returns 1, 0 when none, or an error. */
int an_store_user_by_login(struct an_db *db, int64_t tenant_id, const char *login,
                           struct an_user *out);
/* Loads a user of the tenant by id. Returns 1, 0 when none (or of another tenant), or an error. */
int an_store_user_by_id(struct an_db *db, int64_t tenant_id, int64_t id, struct an_user *out);
/* Calls cb for the tenant's users ordered by id, at most limit with an id above after (a keyset
 * page: 0 = from the first; index (tenant_id, id), so a page costs the same at any depth).
 * Returns the count or an error. */
int an_store_user_list(struct an_db *db, int64_t tenant_id, int64_t limit, int64_t after,
                       void (*cb)(void *cls, const struct an_user *u), void *cls);
/* Reserves one check of a password or second-factor code before it runs, in one statement so
 * parallel attempts cannot slip past the limit: counts the attempt and, when the count reaches
 * max_failures, locks the account until lock_until (a success then clears both). An expired lock
 * starts a new count. *failures gets the count including this attempt. Returns 1 when the check
 * may run, 0 while the account is locked (or does not exist), or an error. Committed without
 * waiting for the disk flush (an_db_query_unflushed): the count survives the process's death
 * (kill -9) at once, and only an OS crash or power cut right after it could lose this one
 * attempt; the login then does not wait for a flush before its hash. */
int an_store_user_reserve_attempt(struct an_db *db, int64_t tenant_id, int64_t id,
                                  int64_t max_failures, int64_t lock_until, int64_t now,
                                  int64_t *failures);
/* Clears the failure counter and any lock (a check succeeded). Returns 1, 0, or an error. */
int an_store_user_clear_failures(struct an_db *db, int64_t tenant_id, int64_t id);
/* Clears the failure counter and records the login. Returns 1, 0, or an error. */
int an_store_user_login_succeeded(struct an_db *db, int64_t tenant_id, int64_t id, int64_t now);
/* Sets a new password hash and the must-change flag. Returns 1, 0, or an error. */
int an_store_user_set_password(struct an_db *db, int64_t tenant_id, int64_t id, const char *hash,
                               bool must_change, int64_t now);
/* Requires a password change at the next request (the password expired). Returns 1, 0, or an
 * error. */
int an_store_user_require_change(struct an_db *db, int64_t tenant_id, int64_t id, int64_t now);
/* Sets the status (active, suspended). Returns 1, 0, or an error. */
int an_store_user_set_status(struct an_db *db, int64_t tenant_id, int64_t id, const char *status,
                             int64_t now);

/* Turns e-mail one-time codes on or off for the user. Returns 1, 0, or an error. */
int an_store_user_set_mfa_email(struct an_db *db, int64_t tenant_id, int64_t id, bool on,
                                int64_t now);
/* Stores a sent code's hash. Returns 1 or an error. */
int an_store_email_code_add(struct an_db *db, int64_t tenant_id, int64_t user_id,
                            const uint8_t hash[32], int64_t expires_at);
/* Uses an unexpired, unused code once. Returns 1, 0 when none matches, or an error. */
int an_store_email_code_use(struct an_db *db, int64_t tenant_id, int64_t user_id,
                            const uint8_t hash[32], int64_t now);

/* Deletes a user of the tenant with everything that hangs on it (password history, e-mail
 * codes, second factor). Returns 1, 0 when none, or an error. */
int an_store_user_delete(struct an_db *db, int64_t tenant_id, int64_t id);

/* Sets the user's display name and address (issue 10 item 5), for tenant_id (> 0). 1, 0 or an
 * error. */
int an_store_user_set_profile(struct an_db *db, int64_t tenant_id, int64_t id,
                              const char *display_name, const char *email, int64_t now);
#endif
