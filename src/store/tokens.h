/* API tokens. A tenant's tokens carry its id; operator tokens have none (0). Every token names
 * the account that created it (created_by_kind and created_by_id): a tenant user ("user") for a
 * tenant's tokens, a staff account ("staff": the operator's, or a shop's) otherwise. */
#ifndef AN_STORE_TOKENS_H
#define AN_STORE_TOKENS_H
#include <stdint.h>

#include "store/db.h"

struct an_api_token {
  int64_t id;
  int64_t tenant_id;
  int64_t shop_id; /* a shop's integration token: sees only that shop's contracts */
  char name[401];  /* 100 characters of UTF-8 */
  uint8_t token_hash[32];
  char prefix[16];
  char permissions[512];   /* comma-separated permission keys */
  char created_by[128];    /* the creator's login when it was created (a label) */
  char created_by_kind[8]; /* "user" or "staff" */
  int64_t created_by_id;   /* users.id or staff.id; 0 for an old token whose creator was gone */
  int64_t created_at;
  int64_t expires_at;
  int64_t last_used_at;
  int64_t revoked_at;
};

/* Inserts t and sets t->id. Returns 1 or an error. */
int an_store_token_insert(struct an_db *db, struct an_api_token *t);
/* Loads an unrevoked token by hash. Returns 1, 0 when none, or an error. */
int an_store_token_by_hash(struct an_db *db, const uint8_t hash[32], struct an_api_token *out);
/* Lists one tenant's tokens (tenant_id 0 = the operator's), newest first. */
int an_store_token_list(struct an_db *db, int64_t tenant_id,
                        void (*cb)(void *cls, const struct an_api_token *t), void *cls);
/* Revokes a token of that tenant. Returns 1, 0 when none, or an error. */
int an_store_token_revoke(struct an_db *db, int64_t tenant_id, int64_t id, int64_t now);
/* Records use at most once a minute. Returns >= 0 or an error. */
int an_store_token_touch(struct an_db *db, int64_t id, int64_t now);

/* A shop's tokens, newest first. Returns the count or an error. */
int an_store_token_list_shop(struct an_db *db, int64_t shop_id,
                             void (*cb)(void *cls, const struct an_api_token *t), void *cls);
/* Revokes a token of that shop. Returns 1, 0 when none, or an error. */
int an_store_token_revoke_shop(struct an_db *db, int64_t shop_id, int64_t id, int64_t now);

/* Revokes every unrevoked token created by the account (kind "user" or "staff", id) and calls cb
 * (may be NULL) with each token id revoked. Returns the number revoked or an error. */
int an_store_token_revoke_creator(struct an_db *db, const char *kind, int64_t creator_id,
                                  int64_t now, void (*cb)(void *cls, int64_t id), void *cls);

#endif
