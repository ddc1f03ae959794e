#include "store/tokens.h"
#include "store/poscols.h"
#include "store/query.h"
#include "store/rows.h"

#include <stdio.h>
#include <string.h>

/* clang-format off */
#define TOKEN_COLS(F, N)                                                                           \
  F(I, id) N(I, tenant_id) N(T, name) N(H, token_hash) N(T, prefix) N(T, permissions)              \
  N(T, created_by) N(I, created_at) N(I, expires_at) N(I, last_used_at) N(I, revoked_at)           \
  N(I, shop_id) N(T, created_by_kind) N(I, created_by_id)
/* clang-format on */
#define COLS TOKEN_COLS(AN_POS_NAME1, AN_POS_NAME)

int an_store_token_insert(struct an_db *db, struct an_api_token *t)
{
  static const char SQL[] =
      "INSERT INTO api_tokens (tenant_id, name, token_hash, prefix, permissions, created_by, "
      "created_at, expires_at, shop_id, created_by_kind, created_by_id) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";
  return an_db_query(db, SQL,
                     AN_ARGS(t->tenant_id ? AN_P_INT(t->tenant_id) : AN_P_NULL, AN_P_TEXT(t->name),
                             AN_P_BLOB(t->token_hash, 32), AN_P_TEXT(t->prefix),
                             AN_P_TEXT(t->permissions), AN_P_TEXT(t->created_by),
                             AN_P_INT(t->created_at), AN_P_INT(t->expires_at),
                             t->shop_id ? AN_P_INT(t->shop_id) : AN_P_NULL,
                             AN_P_TEXT(t->created_by_kind), AN_P_INT(t->created_by_id)),
                     an_store_int_cb, &t->id);
}

AN_POS_READERS(struct an_api_token, TOKEN_COLS)

int an_store_token_by_hash(struct an_db *db, const uint8_t hash[32], struct an_api_token *out)
{
  static const char SQL[] =
      "SELECT " COLS " FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL";
  return an_db_query(db, SQL, AN_ARGS(AN_P_BLOB(hash, 32)), read_cb, out);
}

int an_store_token_list(struct an_db *db, int64_t tenant_id,
                        void (*cb)(void *cls, const struct an_api_token *t), void *cls)
{
  static const char SQL[] = "SELECT " COLS " FROM api_tokens WHERE COALESCE(tenant_id, 0) = $1 "
                            "ORDER BY id DESC LIMIT 500";
  struct list_ctx l = {cb, cls};
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(tenant_id)), list_cb, &l);
}

int an_store_token_revoke(struct an_db *db, int64_t tenant_id, int64_t id, int64_t now)
{
  static const char SQL[] = "UPDATE api_tokens SET revoked_at = $3 WHERE id = $2 AND "
                            "COALESCE(tenant_id, 0) = $1 AND revoked_at IS NULL";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(id), AN_P_INT(now)), NULL,
                     NULL);
}

int an_store_token_touch(struct an_db *db, int64_t id, int64_t now)
{
  static const char SQL[] = "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1 AND "
                            "(last_used_at IS NULL OR last_used_at < $3)";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(id), AN_P_INT(now), AN_P_INT(now - 60000000LL)),
                     NULL, NULL);
}

int an_store_token_list_shop(struct an_db *db, int64_t shop_id,
                             void (*cb)(void *cls, const struct an_api_token *t), void *cls)
{
  static const char SQL[] =
      "SELECT " COLS " FROM api_tokens WHERE shop_id = $1 ORDER BY id DESC LIMIT 500";
  struct list_ctx l = {cb, cls};
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(shop_id)), list_cb, &l);
}

int an_store_token_revoke_shop(struct an_db *db, int64_t shop_id, int64_t id, int64_t now)
{
  static const char SQL[] = "UPDATE api_tokens SET revoked_at = $3 WHERE id = $2 AND "
                            "shop_id = $1 AND revoked_at IS NULL";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(shop_id), AN_P_INT(id), AN_P_INT(now)), NULL, NULL);
}

struct revoked_ctx {
  void (*cb)(void *, int64_t);
  void *cls;
};

static void revoked_cb(void *cls, const struct an_db_row *row)
{
  struct revoked_ctx *r = cls;
  if (r->cb)
    r->cb(r->cls, an_db_row_int(row, 0));
}

int an_store_token_revoke_creator(struct an_db *db, const char *kind, int64_t creator_id,
                                  int64_t now, void (*cb)(void *cls, int64_t id), void *cls)
{
  static const char SQL[] = "UPDATE api_tokens SET revoked_at = $3 WHERE created_by_kind = $1 "
                            "AND created_by_id = $2 AND revoked_at IS NULL RETURNING id";
  struct revoked_ctx r = {cb, cls};
  return an_db_query(db, SQL, AN_ARGS(AN_P_TEXT(kind), AN_P_INT(creator_id), AN_P_INT(now)),
                     revoked_cb, &r);
}
