#include "store/idempotency.h"
#include "store/query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

static void row_cb(void *cls, const struct an_db_row *row)
{
  struct an_idem_row *out = cls;
  snprintf(out->fingerprint, sizeof out->fingerprint, "%s", an_db_row_text(row, 0));
  out->answered = !an_db_row_is_null(row, 1);
  out->status = out->answered ? an_db_row_int(row, 1) : 0;
  if (!an_db_row_is_null(row, 2))
    out->ctype = an_strdup(an_db_row_text(row, 2));
  size_t len = 0;
  const void *b = an_db_row_is_null(row, 3) ? NULL : an_db_row_blob(row, 3, &len);
  if (b) {
    out->body = an_calloc(len ? len : 1);
    memcpy(out->body, b, len);
    out->body_len = len;
  }
}

int an_store_idem_get(struct an_db *db, int64_t tenant_id, const char *scope, const char *key,
                      int64_t now, struct an_idem_row *out)
{
  static const char SQL[] = "SELECT fingerprint, status, content_type, body FROM idempotency_keys "
                            "WHERE tenant_id = $1 AND scope = $2 AND key = $3 AND expires_at > $4";
  struct an_db_param p[] = {AN_P_INT(tenant_id), AN_P_TEXT(scope), AN_P_TEXT(key), AN_P_INT(now)};
  memset(out, 0, sizeof *out);
  return an_db_query(db, SQL, p, 4, row_cb, out);
}

void an_idem_row_clear(struct an_idem_row *row)
{
  free(row->ctype);
  free(row->body);
  memset(row, 0, sizeof *row);
}

static void count_cb(void *cls, const struct an_db_row *row)
{
  (void)row;
  ++*(int *)cls;
}

int an_store_idem_claim(struct an_db *db, int64_t tenant_id, const char *scope, const char *key,
                        const char *fingerprint, int64_t now, int64_t expires_at)
{
  /* An expired row is taken over in place; a live one is left alone (no row returned). */
  static const char SQL[] =
      "INSERT INTO idempotency_keys (tenant_id, scope, key, fingerprint, created_at, expires_at) "
      "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (tenant_id, scope, key) DO UPDATE SET "
      "fingerprint = excluded.fingerprint, created_at = excluded.created_at, "
      "expires_at = excluded.expires_at, status = NULL, content_type = NULL, body = NULL "
      "WHERE idempotency_keys.expires_at <= excluded.created_at RETURNING 1";
  int n = 0;
  int rc = an_db_query(db, SQL,
                       AN_ARGS(AN_P_INT(tenant_id), AN_P_TEXT(scope), AN_P_TEXT(key),
                               AN_P_TEXT(fingerprint), AN_P_INT(now), AN_P_INT(expires_at)),
                       count_cb, &n);
  return rc < 0 ? rc : n > 0;
}

int an_store_idem_answer(struct an_db *db, int64_t tenant_id, const char *scope, const char *key,
                         int64_t status, const char *ctype, const uint8_t *body, size_t len)
{
  static const char SQL[] = "UPDATE idempotency_keys SET status = $4, content_type = $5, body = $6 "
                            "WHERE tenant_id = $1 AND scope = $2 AND key = $3";
  return an_db_query(db, SQL,
                     AN_ARGS(AN_P_INT(tenant_id), AN_P_TEXT(scope), AN_P_TEXT(key),
                             AN_P_INT(status), AN_P_TEXT(ctype),
                             body ? AN_P_BLOB(body, len) : AN_P_NULL),
                     NULL, NULL);
}

int an_store_idem_sweep(struct an_db *db, int64_t before)
{
  static const char SQL[] = "DELETE FROM idempotency_keys WHERE expires_at < $1";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(before)), NULL, NULL);
}
