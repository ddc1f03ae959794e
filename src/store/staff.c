#include "store/staff.h"
#include "store/poscols.h"
#include "store/query.h"
#include "store/rows.h"
#include "store/seal.h"
#include "store/seal_fields.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */
#define STAFF_COLS(F, N)                                                                           \
  F(I, id) N(T, login) N(S, display_name) N(T, roles) N(T, password_hash)                          \
  N(B, must_change_password) N(T, status) N(I, failed_logins) N(I, password_changed_at)            \
  N(I, last_login_at) N(I, created_at) N(I, updated_at) N(I, shop_id) N(I, locked_until)           \
  N(T, allowed_networks)
/* clang-format on */
#define COLS STAFF_COLS(AN_POS_NAME1, AN_POS_NAME)

/* Sealed under the operator key (store/seal_fields.h). */
#define OPEN_SEALED(m, stored) an_store_open_into(o->m, sizeof o->m, 0, "staff", 0, #m, stored)

int an_store_staff_insert(struct an_db *db, struct an_staff *s)
{
  static const char SQL[] =
      "INSERT INTO staff (login, display_name, roles, password_hash, must_change_password, "
      "status, password_changed_at, created_at, updated_at, shop_id) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7, $8) ON CONFLICT (login) DO NOTHING RETURNING id";
  char *name = an_store_seal_for(db, 0, "staff", "display_name", s->display_name);
  if (!name)
    return AN_DB_HARD;
  int rc = an_db_query(db, SQL,
                       AN_ARGS(AN_P_TEXT(s->login), AN_P_TEXT(name), AN_P_TEXT(s->roles),
                               AN_P_TEXT(s->password_hash), AN_P_BOOL(s->must_change_password),
                               AN_P_TEXT(s->status), AN_P_INT(s->created_at),
                               s->shop_id ? AN_P_INT(s->shop_id) : AN_P_NULL),
                       an_store_int_cb, &s->id);
  free(name);
  return rc;
}

AN_POS_READERS(struct an_staff, STAFF_COLS)

int an_store_staff_by_login(struct an_db *db, const char *login, struct an_staff *out)
{
  static const char SQL[] = "SELECT " COLS " FROM staff WHERE login = $1";
  return an_db_query(db, SQL, AN_ARGS(AN_P_TEXT(login)), read_cb, out);
}

int an_store_staff_by_id(struct an_db *db, int64_t id, struct an_staff *out)
{
  static const char SQL[] = "SELECT " COLS " FROM staff WHERE id = $1";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(id)), read_cb, out);
}

int an_store_staff_list(struct an_db *db, int64_t limit, int64_t offset,
                        void (*cb)(void *cls, const struct an_staff *s), void *cls)
{
  static const char SQL[] = "SELECT " COLS " FROM staff ORDER BY id LIMIT $1 OFFSET $2";
  struct list_ctx l = {cb, cls};
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(limit), AN_P_INT(offset)), list_cb, &l);
}

int an_store_staff_set_password(struct an_db *db, int64_t id, const char *hash, bool must_change,
                                int64_t now)
{
  static const char SQL[] = "UPDATE staff SET password_hash = $2, must_change_password = $3, "
                            "password_changed_at = $4, updated_at = $4 WHERE id = $1";
  return an_db_query(db, SQL,
                     AN_ARGS(AN_P_INT(id), AN_P_TEXT(hash), AN_P_BOOL(must_change), AN_P_INT(now)),
                     NULL, NULL);
}

/* Runs sql, which sets one text column of staff member id to $2 and updated_at to $3 ($1 the
 * id). */
static int staff_set(struct an_db *db, const char *sql, int64_t id, const char *text, int64_t now)
{
  return an_db_query(db, sql, AN_ARGS(AN_P_INT(id), AN_P_TEXT(text), AN_P_INT(now)), NULL, NULL);
}

int an_store_staff_rehash(struct an_db *db, int64_t id, const char *hash, int64_t now)
{
  static const char SQL[] = "UPDATE staff SET password_hash = $2, updated_at = $3 WHERE id = $1";
  return staff_set(db, SQL, id, hash, now);
}

int an_store_staff_login_succeeded(struct an_db *db, int64_t id, int64_t now)
{
  static const char SQL[] =
      "UPDATE staff SET failed_logins = 0, locked_until = 0, last_login_at = $2 WHERE id = $1";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(id), AN_P_INT(now)), NULL, NULL);
}

int an_store_staff_reserve_attempt(struct an_db *db, int64_t id, int64_t max_failures,
                                   int64_t lock_until, int64_t now, int64_t *failures)
{
  /* The same statement as users' (store/users.c): count first, check after. */
  static const char SQL[] =
      "UPDATE staff SET "
      "failed_logins = CASE WHEN failed_logins >= $2 THEN 1 ELSE failed_logins + 1 END, "
      "locked_until = CASE WHEN (CASE WHEN failed_logins >= $2 THEN 1 ELSE failed_logins + 1 END)"
      " >= $2 THEN CAST($3 AS BIGINT) ELSE 0 END, updated_at = $4 "
      "WHERE id = $1 AND NOT (failed_logins >= $2 AND locked_until > $4) "
      "RETURNING failed_logins";
  struct an_db_param p[] = {AN_P_INT(id), AN_P_INT(max_failures), AN_P_INT(lock_until),
                            AN_P_INT(now)};
  *failures = 0;
  return an_db_query_unflushed(db, SQL, p, 4, an_store_int_cb, failures); /* as users' */
}

int an_store_staff_clear_failures(struct an_db *db, int64_t id)
{
  static const char SQL[] = "UPDATE staff SET failed_logins = 0, locked_until = 0 WHERE id = $1";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(id)), NULL, NULL);
}

int an_store_staff_count(struct an_db *db, int64_t *count)
{
  static const char SQL[] = "SELECT COUNT(*) FROM staff";
  *count = 0;
  return an_db_query(db, SQL, NULL, 0, an_store_int_cb, count);
}

int an_store_staff_set_status(struct an_db *db, int64_t id, const char *status, int64_t now)
{
  static const char SQL[] = "UPDATE staff SET status = $2, updated_at = $3 WHERE id = $1";
  return staff_set(db, SQL, id, status, now);
}

int an_store_staff_require_change(struct an_db *db, int64_t id, int64_t now)
{
  static const char SQL[] =
      "UPDATE staff SET must_change_password = 1, updated_at = $2 WHERE id = $1";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(id), AN_P_INT(now)), NULL, NULL);
}

int an_store_staff_set_networks(struct an_db *db, int64_t id, const char *csv, int64_t now)
{
  static const char SQL[] = "UPDATE staff SET allowed_networks = $2, updated_at = $3 WHERE id = $1";
  return staff_set(db, SQL, id, csv, now);
}

int an_store_staff_set_profile(struct an_db *db, int64_t id, const char *display_name,
                               const char *roles, int64_t now)
{
  static const char SQL[] =
      "UPDATE staff SET display_name = $2, roles = $3, updated_at = $4 WHERE id = $1";
  char *name = an_store_seal_for(db, 0, "staff", "display_name", display_name);
  if (!name)
    return AN_DB_HARD;
  int rc = an_db_query(
      db, SQL, AN_ARGS(AN_P_INT(id), AN_P_TEXT(name), AN_P_TEXT(roles), AN_P_INT(now)), NULL, NULL);
  free(name);
  return rc;
}
