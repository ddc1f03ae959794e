#include "store/users.h"

#include <stdio.h>
#include <stdlib.h>

#include "store/placement.h"
#include "store/routed.h"
#include "store/seal.h"

#include "store/poscols.h"
#include "store/query.h"
#include "store/rows.h"

/* clang-format off */
#define USER_COLS(F, N)                                                                            \
  F(I, id) N(I, tenant_id) N(T, login) N(S, display_name) N(S, email) N(T, roles)                  \
  N(T, password_hash) N(B, must_change_password) N(T, status) N(I, failed_logins)                  \
  N(I, locked_until) N(I, password_changed_at) N(I, last_login_at) N(I, created_at)                \
  N(I, updated_at) N(B, mfa_email) N(T, role_perms)
/* clang-format on */
#define COLS USER_COLS(AN_POS_NAME1, AN_POS_NAME)

/* Sealed (store/seal.h) with the row's id and tenant, read before them: the caller made sure the
 * tenant's key is cached. */
#define OPEN_SEALED(m, stored)                                                                     \
  an_store_open_into(o->m, sizeof o->m, o->tenant_id, "users", o->id, #m, stored)

int an_store_user_seal(struct an_db *db, int64_t tenant_id, int64_t id, const char *display_name,
                       const char *email)
{
  static const char SQL[] = "UPDATE users SET display_name = $3, email = $4, email_bidx = $5 "
                            "WHERE tenant_id = $1 AND id = $2";
  int rc = an_store_seal_need(db, tenant_id);
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_HARD; /* a tenant without a key cannot hold personal data */
  struct an_db *t;
  if ((rc = an_store_route(db, tenant_id, AN_ROUTE_WRITE, &t)) < 0)
    return rc;
  char *n = an_store_seal_text(tenant_id, "users", id, "display_name", display_name);
  char *e = an_store_seal_text(tenant_id, "users", id, "email", email);
  char bidx[AN_BLIND_HEX] = "";
  if (n && e && (!email[0] || an_store_blind(tenant_id, email, bidx))) {
    rc = an_db_query(
        t, SQL,
        AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(id), AN_P_TEXT(n), AN_P_TEXT(e), AN_P_TEXT(bidx)),
        NULL, NULL);
  } else {
    rc = AN_DB_HARD;
  }
  free(n);
  free(e);
  return rc;
}

int an_store_user_insert(struct an_db *db, struct an_user *u)
{
  /* The row first (its id is part of each sealed value's associated data), then the sealed
   * name and address: one transaction of the caller's. */
  static const char SQL[] =
      "INSERT INTO users (tenant_id, login, display_name, email, roles, password_hash, "
      "must_change_password, status, password_changed_at, created_at, updated_at) "
      "VALUES ($1, $2, '', '', $3, $4, $5, $6, $7, $7, $7) "
      "ON CONFLICT (tenant_id, login) DO NOTHING RETURNING id";
  static const char SQL_ID[] =
      "INSERT INTO users (id, tenant_id, login, display_name, email, roles, password_hash, "
      "must_change_password, status, password_changed_at, created_at, updated_at) "
      "VALUES ($8, $1, $2, '', '', $3, $4, $5, $6, $7, $7, $7) "
      "ON CONFLICT (tenant_id, login) DO NOTHING RETURNING id";
  struct an_db_param p[] = {AN_P_INT(u->tenant_id),
                            AN_P_TEXT(u->login),
                            AN_P_TEXT(u->roles),
                            AN_P_TEXT(u->password_hash),
                            AN_P_BOOL(u->must_change_password),
                            AN_P_TEXT(u->status),
                            AN_P_INT(u->created_at)};
  struct an_db *t;
  int rc = an_store_route(db, u->tenant_id, AN_ROUTE_WRITE, &t);
  if (rc < 0)
    return rc;
  if (t == db) {
    rc = an_db_query(db, SQL, p, 7, an_store_int_cb, &u->id);
  } else { /* the tenant's own database: the id from the shared sequence, unique everywhere */
    int64_t id = 0;
    struct an_db_param q[] = {p[0], p[1], p[2], p[3], p[4], p[5], p[6], AN_P_INT(0)};
    if ((rc = an_store_placement_next_id(db, "users", &id)) < 0)
      return rc;
    q[7] = AN_P_INT(id);
    rc = an_db_query(t, SQL_ID, q, 8, an_store_int_cb, &u->id);
  }
  if (rc <= 0)
    return rc;
  rc = an_store_user_seal(db, u->tenant_id, u->id, u->display_name, u->email);
  return rc < 0 ? rc : 1;
}

AN_POS_READERS(struct an_user, USER_COLS)

int an_store_user_by_email(struct an_db *db, int64_t tenant_id, const char *email,
                           void (*cb)(void *cls, const struct an_user *u), void *cls)
{
  static const char SQL[] =
      "SELECT " COLS " FROM users WHERE tenant_id = $1 AND email_bidx = $2 ORDER BY id";
  char bidx[AN_BLIND_HEX];
  int rc = an_store_seal_need(db, tenant_id);
  if (rc <= 0 || !email[0] || !an_store_blind(tenant_id, email, bidx))
    return rc < 0 ? rc : 0;
  struct list_ctx l = {cb, cls};
  return an_store_routed_query(db, tenant_id, AN_ROUTE_READ, SQL,
                               AN_ARGS(AN_P_INT(tenant_id), AN_P_TEXT(bidx)), list_cb, &l);
}

int an_store_user_by_login(struct an_db *db, int64_t tenant_id, const char *login,
                           struct an_user *out)
{
  static const char SQL[] = "SELECT " COLS " FROM users WHERE tenant_id = $1 AND login = $2";
  return an_store_sealed_query(db, tenant_id, AN_ROUTE_READ, SQL,
                               AN_ARGS(AN_P_INT(tenant_id), AN_P_TEXT(login)), read_cb, out);
}

int an_store_user_by_id(struct an_db *db, int64_t tenant_id, int64_t id, struct an_user *out)
{
  static const char SQL[] = "SELECT " COLS " FROM users WHERE tenant_id = $1 AND id = $2";
  return an_store_sealed_query(db, tenant_id, AN_ROUTE_READ, SQL,
                               AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(id)), read_cb, out);
}

int an_store_user_list(struct an_db *db, int64_t tenant_id, int64_t limit, int64_t after,
                       void (*cb)(void *cls, const struct an_user *u), void *cls)
{
  static const char SQL[] =
      "SELECT " COLS " FROM users WHERE tenant_id = $1 AND id > $3 ORDER BY id LIMIT $2";
  struct list_ctx l = {cb, cls};
  return an_store_sealed_query(db, tenant_id, AN_ROUTE_READ, SQL,
                               AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(limit), AN_P_INT(after)),
                               list_cb, &l);
}

static void count_cb(void *cls, const struct an_db_row *row)
{
  *(int64_t *)cls = an_db_row_int(row, 0);
}

int an_store_user_reserve_attempt(struct an_db *db, int64_t tenant_id, int64_t id,
                                  int64_t max_failures, int64_t lock_until, int64_t now,
                                  int64_t *failures)
{
  static const char SQL[] =
      "UPDATE users SET "
      "failed_logins = CASE WHEN failed_logins >= $3 THEN 1 ELSE failed_logins + 1 END, "
      "locked_until = CASE WHEN (CASE WHEN failed_logins >= $3 THEN 1 ELSE failed_logins + 1 END)"
      " >= $3 THEN CAST($4 AS BIGINT) ELSE 0 END, updated_at = $5 "
      "WHERE tenant_id = $1 AND id = $2 AND NOT (failed_logins >= $3 AND locked_until > $5) "
      "RETURNING failed_logins";
  struct an_db_param p[] = {AN_P_INT(tenant_id), AN_P_INT(id), AN_P_INT(max_failures),
                            AN_P_INT(lock_until), AN_P_INT(now)};
  *failures = 0;
  /* Not flushed before the check runs: see an_store_user_reserve_attempt in store/users.h. */
  return an_store_routed_query_unflushed(db, tenant_id, AN_ROUTE_WRITE, SQL, p, 5, count_cb,
                                         failures);
}

int an_store_user_clear_failures(struct an_db *db, int64_t tenant_id, int64_t id)
{
  static const char SQL[] =
      "UPDATE users SET failed_logins = 0, locked_until = 0 WHERE tenant_id = $1 AND id = $2";
  return an_store_routed_query(db, tenant_id, AN_ROUTE_WRITE, SQL,
                               AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(id)), NULL, NULL);
}

int an_store_user_login_succeeded(struct an_db *db, int64_t tenant_id, int64_t id, int64_t now)
{
  static const char SQL[] =
      "UPDATE users SET failed_logins = 0, locked_until = 0, last_login_at = $3 "
      "WHERE tenant_id = $1 AND id = $2";
  return an_store_routed_query(db, tenant_id, AN_ROUTE_WRITE, SQL,
                               AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(id), AN_P_INT(now)), NULL,
                               NULL);
}

int an_store_user_set_password(struct an_db *db, int64_t tenant_id, int64_t id, const char *hash,
                               bool must_change, int64_t now)
{
  static const char SQL[] =
      "UPDATE users SET password_hash = $3, must_change_password = $4, password_changed_at = $5, "
      "updated_at = $5 WHERE tenant_id = $1 AND id = $2";
  return an_store_routed_query(db, tenant_id, AN_ROUTE_WRITE, SQL,
                               AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(id), AN_P_TEXT(hash),
                                       AN_P_BOOL(must_change), AN_P_INT(now)),
                               NULL, NULL);
}

/* Runs sql, which sets one column of tenant_id's user id to value ($3) and updated_at to now ($4),
 * where the tenant's rows live ($1 the tenant, $2 the user). */
static int user_set(struct an_db *db, int64_t tenant_id, int64_t id, const char *sql,
                    struct an_db_param value, int64_t now)
{
  return an_store_routed_query(db, tenant_id, AN_ROUTE_WRITE, sql,
                               AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(id), value, AN_P_INT(now)),
                               NULL, NULL);
}

int an_store_user_set_status(struct an_db *db, int64_t tenant_id, int64_t id, const char *status,
                             int64_t now)
{
  static const char SQL[] =
      "UPDATE users SET status = $3, updated_at = $4 WHERE tenant_id = $1 AND id = $2";
  return user_set(db, tenant_id, id, SQL, AN_P_TEXT(status), now);
}

int an_store_user_require_change(struct an_db *db, int64_t tenant_id, int64_t id, int64_t now)
{
  static const char SQL[] =
      "UPDATE users SET must_change_password = 1, updated_at = $3 WHERE tenant_id = $1 AND id = $2";
  return an_store_routed_query(db, tenant_id, AN_ROUTE_WRITE, SQL,
                               AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(id), AN_P_INT(now)), NULL,
                               NULL);
}

int an_store_user_set_mfa_email(struct an_db *db, int64_t tenant_id, int64_t id, bool on,
                                int64_t now)
{
  static const char SQL[] =
      "UPDATE users SET mfa_email = $3, updated_at = $4 WHERE tenant_id = $1 AND id = $2";
  return user_set(db, tenant_id, id, SQL, AN_P_BOOL(on), now);
}

int an_store_email_code_add(struct an_db *db, int64_t tenant_id, int64_t user_id,
                            const uint8_t hash[32], int64_t expires_at)
{
  static const char SQL[] = "INSERT INTO email_codes (tenant_id, user_id, code_hash, expires_at) "
                            "VALUES ($1, $2, $3, $4)";
  return an_store_routed_query(
      db, tenant_id, AN_ROUTE_WRITE, SQL,
      AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(user_id), AN_P_BLOB(hash, 32), AN_P_INT(expires_at)),
      NULL, NULL);
}

int an_store_email_code_use(struct an_db *db, int64_t tenant_id, int64_t user_id,
                            const uint8_t hash[32], int64_t now)
{
  static const char SQL[] =
      "UPDATE email_codes SET used_at = $4 WHERE tenant_id = $1 AND user_id = $2 "
      "AND code_hash = $3 AND used_at IS NULL AND expires_at > $4";
  return an_store_routed_query(
      db, tenant_id, AN_ROUTE_WRITE, SQL,
      AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(user_id), AN_P_BLOB(hash, 32), AN_P_INT(now)), NULL,
      NULL);
}

int an_store_user_delete(struct an_db *db, int64_t tenant_id, int64_t id)
{
  static const char HIST[] = "DELETE FROM password_history WHERE tenant_id = $1 AND user_id = $2";
  static const char CODES[] = "DELETE FROM email_codes WHERE tenant_id = $1 AND user_id = $2";
  static const char TOTP[] = "DELETE FROM mfa_totp WHERE subject_kind = 'user' AND tenant_id = $1 "
                             "AND subject_id = $2";
  static const char REC[] = "DELETE FROM mfa_recovery WHERE subject_kind = 'user' "
                            "AND tenant_id = $1 AND subject_id = $2";
  static const char ROLES[] = "DELETE FROM user_roles WHERE tenant_id = $1 AND user_id = $2";
  static const char USER[] = "DELETE FROM users WHERE tenant_id = $1 AND id = $2";
  static const char MINE[] = "SELECT 1 FROM users WHERE tenant_id = $1 AND id = $2";
  struct an_db *t; /* every row of the user is in its tenant's database (shared or its own) */
  int rc = an_store_route(db, tenant_id, AN_ROUTE_WRITE, &t);
  if (rc < 0)
    return rc;
  struct an_db_param p[] = {AN_P_INT(tenant_id), AN_P_INT(id)};
  if (t != db && (rc = an_db_query(t, MINE, p, 2, NULL, NULL)) <= 0)
    return rc;
  const char *const steps[] = {HIST, CODES, TOTP, REC, ROLES, USER};
  for (size_t i = 0; i < sizeof steps / sizeof steps[0] && rc >= 0; i++)
    rc = an_db_query(t, steps[i], p, 2, NULL, NULL);
  return rc;
}

int an_store_user_set_profile(struct an_db *db, int64_t tenant_id, int64_t id,
                              const char *display_name, const char *email, int64_t now)
{
  /* The name and address are sealed under the tenant's key, the address's blind index renewed
   * (an_store_user_seal): never written in the clear. */
  static const char SQL[] = "UPDATE users SET updated_at = $3 WHERE tenant_id = $1 AND id = $2";
  if (!an_store_scoped(tenant_id, __func__))
    return 0;
  int rc = an_store_user_seal(db, tenant_id, id, display_name, email);
  struct an_db *t = db;
  if (rc > 0 && (rc = an_store_route(db, tenant_id, AN_ROUTE_WRITE, &t)) >= 0)
    rc = 1;
  return rc <= 0 ? rc
                 : an_db_query(t, SQL, AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(id), AN_P_INT(now)),
                               NULL, NULL);
}
