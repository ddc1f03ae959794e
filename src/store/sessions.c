#include "store/sessions.h"
#include "store/poscols.h"
#include "store/query.h"
#include "store/rows.h"

#include <stdio.h>
#include <string.h>

/* clang-format off */
#define SESSION_COLS(F, N)                                                                         \
  F(I, id) N(H, token_hash) N(T, subject_kind) N(I, subject_id) N(I, tenant_id)                    \
  N(T, csrf_token) N(T, client_ip) N(T, user_agent) N(I, created_at) N(I, last_seen_at)            \
  N(I, expires_at) N(B, mfa_pending) N(I, auth_at)
/* clang-format on */
#define COLS SESSION_COLS(AN_POS_NAME1, AN_POS_NAME)

int an_store_session_insert(struct an_db *db, struct an_session *s)
{
  static const char SQL[] =
      "INSERT INTO sessions (token_hash, subject_kind, subject_id, tenant_id, csrf_token, "
      "client_ip, user_agent, created_at, last_seen_at, expires_at, mfa_pending, auth_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $11) RETURNING id";
  return an_db_query(
      db, SQL,
      AN_ARGS(AN_P_BLOB(s->token_hash, sizeof s->token_hash), AN_P_TEXT(s->subject_kind),
              AN_P_INT(s->subject_id), s->tenant_id ? AN_P_INT(s->tenant_id) : AN_P_NULL,
              AN_P_TEXT(s->csrf_token), AN_P_TEXT(s->client_ip), AN_P_TEXT(s->user_agent),
              AN_P_INT(s->created_at), AN_P_INT(s->expires_at), AN_P_BOOL(s->mfa_pending),
              AN_P_INT(s->auth_at)),
      an_store_int_cb, &s->id);
}

AN_POS_READERS(struct an_session, SESSION_COLS)

int an_store_session_by_hash(struct an_db *db, const uint8_t hash[32], struct an_session *out)
{
  static const char SQL[] = "SELECT " COLS " FROM sessions "
                            "WHERE token_hash = $1 AND revoked_at IS NULL";
  return an_db_query(db, SQL, AN_ARGS(AN_P_BLOB(hash, 32)), read_cb, out);
}

int an_store_session_touch(struct an_db *db, int64_t id, int64_t now)
{
  static const char SQL[] =
      "UPDATE sessions SET last_seen_at = $2 WHERE id = $1 AND last_seen_at < $2";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(id), AN_P_INT(now)), NULL, NULL);
}

int an_store_session_touch_until(struct an_db *db, int64_t id, int64_t now, int64_t expires_at)
{
  static const char SQL[] = "UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE id = $1 "
                            "AND last_seen_at < $2";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(id), AN_P_INT(now), AN_P_INT(expires_at)), NULL,
                     NULL);
}

int an_store_session_revoke(struct an_db *db, int64_t id, int64_t now)
{
  static const char SQL[] =
      "UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(id), AN_P_INT(now)), NULL, NULL);
}

int an_store_session_revoke_subject(struct an_db *db, const char *kind, int64_t subject_id,
                                    int64_t except_id, int64_t now)
{
  static const char SQL[] =
      "UPDATE sessions SET revoked_at = $3 "
      "WHERE subject_kind = $1 AND subject_id = $2 AND id <> $4 AND revoked_at IS NULL";
  return an_db_query(
      db, SQL, AN_ARGS(AN_P_TEXT(kind), AN_P_INT(subject_id), AN_P_INT(now), AN_P_INT(except_id)),
      NULL, NULL);
}

int an_store_session_revoke_tenant(struct an_db *db, int64_t tenant_id, int64_t now)
{
  static const char SQL[] =
      "UPDATE sessions SET revoked_at = $2 WHERE tenant_id = $1 AND revoked_at IS NULL";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(now)), NULL, NULL);
}

int an_store_session_list_subject(struct an_db *db, const char *kind, int64_t subject_id,
                                  int64_t now, void (*cb)(void *cls, const struct an_session *s),
                                  void *cls)
{
  static const char SQL[] =
      "SELECT " COLS " FROM sessions "
      "WHERE subject_kind = $1 AND subject_id = $2 AND revoked_at IS NULL AND expires_at > $3 "
      "ORDER BY id DESC LIMIT 100";
  struct list_ctx l = {cb, cls};
  return an_db_query(db, SQL, AN_ARGS(AN_P_TEXT(kind), AN_P_INT(subject_id), AN_P_INT(now)),
                     list_cb, &l);
}

int an_store_session_revoke_own(struct an_db *db, const char *kind, int64_t subject_id, int64_t id,
                                int64_t now)
{
  static const char SQL[] =
      "UPDATE sessions SET revoked_at = $4 WHERE id = $3 AND subject_kind = $1 "
      "AND subject_id = $2 AND revoked_at IS NULL";
  return an_db_query(db, SQL,
                     AN_ARGS(AN_P_TEXT(kind), AN_P_INT(subject_id), AN_P_INT(id), AN_P_INT(now)),
                     NULL, NULL);
}

int an_store_session_purge(struct an_db *db, int64_t before)
{
  static const char SQL[] = "DELETE FROM sessions WHERE expires_at < $1 OR revoked_at < $1";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(before)), NULL, NULL);
}

int an_store_session_set_auth(struct an_db *db, int64_t id, int64_t now)
{
  static const char SQL[] = "UPDATE sessions SET auth_at = $2 WHERE id = $1 AND revoked_at IS NULL";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(id), AN_P_INT(now)), NULL, NULL);
}
