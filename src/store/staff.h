/* Operator staff accounts. Not tenant data: operator staff belong to no tenant. */
#ifndef AN_STORE_STAFF_H
#define AN_STORE_STAFF_H
#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"

struct an_staff {
  int64_t id;
  char login[65];
  char display_name[401]; /* 100 characters of UTF-8 */
  char roles[65];         /* comma-separated: admin,support,auditor */
  char password_hash[129];
  bool must_change_password;
  char status[17]; /* active, suspended */
  int64_t failed_logins;
  int64_t password_changed_at;
  int64_t last_login_at; /* 0 = never */
  int64_t created_at;
  int64_t updated_at;
  int64_t shop_id;             /* a shop's staff (role shop): that shop; 0 for the operator's */
  int64_t locked_until;        /* locked after repeated failures until then (0 = not locked) */
  char allowed_networks[2048]; /* CIDRs this account may work from; "" = any (CHK-9) */
};

/* Inserts s (id ignored) and sets s->id. Returns 1, 0 when the login is taken, or an error. */
int an_store_staff_insert(struct an_db *db, struct an_staff *s);
/* Loads the account with this login into out. Returns 1, 0 when there is none, or an error. */
int an_store_staff_by_login(struct an_db *db, const char *login, struct an_staff *out);
/* Loads the account with this id into out. Returns 1, 0 when there is none, or an error. */
int an_store_staff_by_id(struct an_db *db, int64_t id, struct an_staff *out);
/* Calls cb for each account ordered by id, at most limit from offset. Returns the count or an
 * error. */
int an_store_staff_list(struct an_db *db, int64_t limit, int64_t offset,
                        void (*cb)(void *cls, const struct an_staff *s), void *cls);
/* Sets a new password hash and the must-change flag. Returns 1, 0 when there is no such id, or an
 * error. */
int an_store_staff_set_password(struct an_db *db, int64_t id, const char *hash, bool must_change,
                                int64_t now);
/* Replaces only the hash (re-hash at login with new parameters). Returns 1, 0, or an error. */
int an_store_staff_rehash(struct an_db *db, int64_t id, const char *hash, int64_t now);
/* Records a successful login: clears the failure counter and any lock. Returns 1, 0, or an
 * error. */
int an_store_staff_login_succeeded(struct an_db *db, int64_t id, int64_t now);
/* Reserves one check of a password or code, as an_store_user_reserve_attempt does for users:
 * counts it, locks until lock_until when the count reaches max_failures, and writes the count
 * including this attempt into *failures. Returns 1 when the check may run, 0 while locked, or an
 * error. Committed without waiting for the disk flush, as users' is. */
int an_store_staff_reserve_attempt(struct an_db *db, int64_t id, int64_t max_failures,
                                   int64_t lock_until, int64_t now, int64_t *failures);
/* Clears the failure counter and any lock. Returns 1, 0, or an error. */
int an_store_staff_clear_failures(struct an_db *db, int64_t id);
/* Requires a password change at the next request (the password expired). Returns 1, 0, or an
 * error. */
int an_store_staff_require_change(struct an_db *db, int64_t id, int64_t now);
/* Sets the status ("active" or "suspended"). Returns 1, 0 when there is no such id, or an
 * error. */
int an_store_staff_set_status(struct an_db *db, int64_t id, const char *status, int64_t now);
/* Number of staff accounts, or an error. */
int an_store_staff_count(struct an_db *db, int64_t *count);

/* Replaces the networks (comma-separated CIDRs, "" = any) staff account id may work from (CHK-9).
 * Returns 1, 0 when none, or an error. */
int an_store_staff_set_networks(struct an_db *db, int64_t id, const char *csv, int64_t now);

/* Sets the display name and roles (comma-separated) of staff account id (issue 10 item 5).
 * Returns 1, 0 when there is no such id, or an error. */
int an_store_staff_set_profile(struct an_db *db, int64_t id, const char *display_name,
                               const char *roles, int64_t now);

#endif
