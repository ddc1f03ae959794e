#include "store/mfa.h"

#include <string.h>

#include "store/placement.h"
#include "store/query.h"

/* A user's rows are in its tenant's database (dedicated tenancy, store/placement.c); a staff
 * member's (tenant 0) in the shared one. */
static int query(struct an_db *db, int64_t tenant_id, enum an_route how, const char *sql,
                 const struct an_db_param *p, size_t n, an_db_row_cb cb, void *cls)
{
  struct an_db *t = db;
  int rc = tenant_id > 0 ? an_store_route(db, tenant_id, how, &t) : 0;
  return rc < 0 ? rc : an_db_query(t, sql, p, n, cb, cls);
}

int an_store_totp_put(struct an_db *db, const char *kind, int64_t subject_id, int64_t tenant_id,
                      const uint8_t *sealed, size_t len, int64_t now)
{
  static const char SQL[] =
      "INSERT INTO mfa_totp (subject_kind, subject_id, tenant_id, secret_sealed, confirmed, "
      "last_step, created_at) VALUES ($1, $2, $3, $4, 0, -1, $5) "
      "ON CONFLICT (subject_kind, subject_id) DO UPDATE SET tenant_id = $3, secret_sealed = $4, "
      "confirmed = 0, last_step = -1, created_at = $5";
  return query(db, tenant_id, AN_ROUTE_WRITE, SQL,
               AN_ARGS(AN_P_TEXT(kind), AN_P_INT(subject_id),
                       tenant_id ? AN_P_INT(tenant_id) : AN_P_NULL, AN_P_BLOB(sealed, len),
                       AN_P_INT(now)),
               NULL, NULL);
}

static void totp_cb(void *cls, const struct an_db_row *row)
{
  struct an_totp_row *t = cls;
  size_t len = 0;
  const void *p = an_db_row_blob(row, 0, &len);
  t->sealed_len = len <= sizeof t->sealed ? len : 0;
  if (p && t->sealed_len)
    memcpy(t->sealed, p, t->sealed_len);
  t->confirmed = an_db_row_int(row, 1) != 0;
  t->last_step = an_db_row_int(row, 2);
}

int an_store_totp_get(struct an_db *db, int64_t tenant_id, const char *kind, int64_t subject_id,
                      struct an_totp_row *out)
{
  static const char SQL[] = "SELECT secret_sealed, confirmed, last_step FROM mfa_totp "
                            "WHERE subject_kind = $1 AND subject_id = $2 "
                            "AND COALESCE(tenant_id, 0) = $3";
  return query(db, tenant_id, AN_ROUTE_READ, SQL,
               AN_ARGS(AN_P_TEXT(kind), AN_P_INT(subject_id), AN_P_INT(tenant_id)), totp_cb, out);
}

/* Runs one statement of the subject's rows ($1 kind, $2 subject, $3 tenant, $4.. extra) on the
 * database that holds them. */
static int write4(struct an_db *db, int64_t tenant_id, const char *sql, const char *kind,
                  int64_t subject_id, const struct an_db_param *extra, int nextra)
{
  struct an_db_param p[5] = {AN_P_TEXT(kind), AN_P_INT(subject_id), AN_P_INT(tenant_id)};
  for (int i = 0; i < nextra && i < 2; i++)
    p[3 + i] = extra[i];
  return query(db, tenant_id, AN_ROUTE_WRITE, sql, p, (size_t)(3 + nextra), NULL, NULL);
}

int an_store_totp_reseal(struct an_db *db, int64_t tenant_id, const char *kind, int64_t subject_id,
                         const uint8_t *sealed, size_t len)
{
  static const char SQL[] = "UPDATE mfa_totp SET secret_sealed = $4 WHERE subject_kind = $1 "
                            "AND subject_id = $2 AND COALESCE(tenant_id, 0) = $3";
  return write4(db, tenant_id, SQL, kind, subject_id, AN_ARGS(AN_P_BLOB(sealed, len)));
}

int an_store_totp_confirm(struct an_db *db, int64_t tenant_id, const char *kind, int64_t subject_id,
                          int64_t step)
{
  static const char SQL[] = "UPDATE mfa_totp SET confirmed = 1, last_step = $4 "
                            "WHERE subject_kind = $1 AND subject_id = $2 "
                            "AND COALESCE(tenant_id, 0) = $3";
  return write4(db, tenant_id, SQL, kind, subject_id, AN_ARGS(AN_P_INT(step)));
}

int an_store_totp_use_step(struct an_db *db, int64_t tenant_id, const char *kind,
                           int64_t subject_id, int64_t step)
{
  static const char SQL[] = "UPDATE mfa_totp SET last_step = $4 WHERE subject_kind = $1 "
                            "AND subject_id = $2 AND COALESCE(tenant_id, 0) = $3 "
                            "AND confirmed = 1 AND last_step < $4";
  return write4(db, tenant_id, SQL, kind, subject_id, AN_ARGS(AN_P_INT(step)));
}

int an_store_totp_delete(struct an_db *db, int64_t tenant_id, const char *kind, int64_t subject_id)
{
  static const char SQL1[] = "DELETE FROM mfa_totp WHERE subject_kind = $1 AND subject_id = $2 "
                             "AND COALESCE(tenant_id, 0) = $3";
  static const char SQL2[] = "DELETE FROM mfa_recovery WHERE subject_kind = $1 "
                             "AND subject_id = $2 AND COALESCE(tenant_id, 0) = $3";
  int rc = write4(db, tenant_id, SQL1, kind, subject_id, NULL, 0);
  return rc < 0 ? rc : write4(db, tenant_id, SQL2, kind, subject_id, NULL, 0);
}

int an_store_recovery_add(struct an_db *db, int64_t tenant_id, const char *kind, int64_t subject_id,
                          const uint8_t hash[32])
{
  static const char SQL[] = "INSERT INTO mfa_recovery (subject_kind, subject_id, tenant_id, "
                            "code_hash) VALUES ($1, $2, NULLIF(CAST($3 AS BIGINT), 0), $4)";
  return write4(db, tenant_id, SQL, kind, subject_id, AN_ARGS(AN_P_BLOB(hash, 32)));
}

int an_store_recovery_use(struct an_db *db, int64_t tenant_id, const char *kind, int64_t subject_id,
                          const uint8_t hash[32], int64_t now)
{
  static const char SQL[] =
      "UPDATE mfa_recovery SET used_at = $5 WHERE subject_kind = $1 AND subject_id = $2 "
      "AND COALESCE(tenant_id, 0) = $3 AND code_hash = $4 AND used_at IS NULL";
  return write4(db, tenant_id, SQL, kind, subject_id, AN_ARGS(AN_P_BLOB(hash, 32), AN_P_INT(now)));
}

static void count_cb(void *cls, const struct an_db_row *row)
{
  *(int64_t *)cls = an_db_row_int(row, 0);
}

int an_store_recovery_left(struct an_db *db, int64_t tenant_id, const char *kind,
                           int64_t subject_id, int64_t *n)
{
  static const char SQL[] = "SELECT COUNT(*) FROM mfa_recovery WHERE subject_kind = $1 "
                            "AND subject_id = $2 AND COALESCE(tenant_id, 0) = $3 "
                            "AND used_at IS NULL";
  *n = 0;
  return query(db, tenant_id, AN_ROUTE_READ, SQL,
               AN_ARGS(AN_P_TEXT(kind), AN_P_INT(subject_id), AN_P_INT(tenant_id)), count_cb, n);
}
