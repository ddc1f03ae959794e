/* Single-use links to set a password (password_links) and the staff's e-mail address they are sent
 * to. Only the token's hash is stored; the token itself travels in the mail alone. */
#ifndef AN_STORE_PWLINKS_H
#define AN_STORE_PWLINKS_H
#include <stdint.h>

#include "store/db.h"

struct an_pwlink {
  int64_t id;
  char subject_kind[8]; /* "user" or "staff" */
  int64_t subject_id;
  int64_t tenant_id; /* the user's tenant; 0 for staff */
  int64_t created_at, expires_at;
  int64_t used_at;    /* 0 = not used */
  int64_t revoked_at; /* 0 = not replaced */
};

/* Marks every open link of the subject replaced at now (a newer one is about to be issued).
 * Returns the number replaced or an error. */
int an_store_pwlink_revoke_subject(struct an_db *db, const char *kind, int64_t subject_id,
                                   int64_t now);
/* Inserts a link (token_hash: hex of the token's hash) and sets l->id. Returns 1 or an error. */
int an_store_pwlink_insert(struct an_db *db, const char *token_hash, struct an_pwlink *l);
/* Loads the link with this token hash. Returns 1, 0 when there is none, or an error. */
int an_store_pwlink_by_hash(struct an_db *db, const char *token_hash, struct an_pwlink *out);
/* Marks the link used at now if it is still open (not used, not replaced). Returns 1, 0 when it
 * was not open (used meanwhile), or an error. */
int an_store_pwlink_use(struct an_db *db, int64_t id, int64_t now);

/* The staff account's e-mail address ("" when none) into out (cap >= 255). Returns 1, 0 when
 * there is no such account, or an error. */
int an_store_staff_email(struct an_db *db, int64_t id, char *out, size_t cap);
/* Sets the staff account's e-mail address. Returns 1, 0 when there is no such id, or an error. */
int an_store_staff_set_email(struct an_db *db, int64_t id, const char *email);
/* Deletes the staff account (its sessions and tokens are the caller's to end first). Returns 1,
 * 0 when there is no such id, or an error. */
int an_store_staff_delete(struct an_db *db, int64_t id);
/* Number of active staff accounts holding the admin role other than except_id, or an error. */
int an_store_staff_count_other_admins(struct an_db *db, int64_t except_id, int64_t *count);

#endif
