#include "store/market_ops.h"

#include <stdlib.h>

#include "core/utf8.h"
#include "store/columns.h"
#include "store/query.h"
#include "store/rows.h"

/* The rows of the lists below, as their replies show them. */
struct notice {
  int64_t id;
  char *kind, *title, *body, *ref;
  int64_t created_at;
  uint64_t nulls;
};
/* English when asked for ($2) and written (notices older than migration 021 have Japanese only). */
/* clang-format off */
#define NOTICE_LIST(F, N)                                                                          \
  F(id, I, "id") N(kind, T, "kind")                                                                \
  N(title, T, "CASE WHEN $2 = 'en' AND title_en <> '' THEN title_en ELSE title END")               \
  N(body, T, "CASE WHEN $2 = 'en' AND body_en <> '' THEN body_en ELSE body END")                   \
  N(ref, T, "ref") N(created_at, TM, "created_at")
/* clang-format on */
#define NOTICE_COLS NOTICE_LIST(AN_COL_SQL1, AN_COL_SQL)
#define T struct notice
AN_COL_SPEC(static, notice_spec, NOTICE_LIST);
#undef T

struct delivery {
  int64_t id;
  char *event, *payload, *status;
  int64_t attempts;
  char *last_error;
  int64_t created_at, delivered_at;
  uint64_t nulls;
};
/* clang-format off */
#define DELIVERY_LIST(F, N)                                                                        \
  F(id, I, "id") N(event, T, "event") N(payload, T, "payload") N(status, T, "status")              \
  N(attempts, I, "attempts") N(last_error, T, "last_error") N(created_at, TM, "created_at")        \
  N(delivered_at, TM0, "delivered_at")
/* clang-format on */
#define DELIVERY_COLS DELIVERY_LIST(AN_COL_SQL1, AN_COL_SQL)
#define T struct delivery
AN_COL_SPEC(static, delivery_spec, DELIVERY_LIST);
#undef T

struct handover {
  int64_t id;
  char *recipient_kind, *recipient;
  int64_t tenant_id;
  char *purpose, *fields;
  int64_t records;
  char *actor;
  int64_t created_at;
  uint64_t nulls;
};
/* clang-format off */
#define HANDOVER_LIST(F, N)                                                                        \
  F(id, I, "id") N(recipient_kind, T, "recipient_kind") N(recipient, T, "recipient")               \
  N(tenant_id, I0, "tenant_id") N(purpose, T, "purpose") N(fields, T, "fields")                    \
  N(records, I, "records") N(actor, T, "actor") N(created_at, TM, "created_at")
/* clang-format on */
#define HANDOVER_COLS HANDOVER_LIST(AN_COL_SQL1, AN_COL_SQL)
#define T struct handover
AN_COL_SPEC(static, handover_spec, HANDOVER_LIST);
#undef T

int an_store_notice_insert(struct an_db *db, int64_t tenant_id, const char *kind,
                           const struct an_notice_text *text, const char *ref, int64_t now)
{
  static const char SQL[] =
      "INSERT INTO notices (tenant_id, kind, title, body, title_en, body_en, ref, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
  /* Whole characters only: PostgreSQL refuses text that is not UTF-8. */
  char *body = an_utf8_whole_dup(text->body), *body_en = an_utf8_whole_dup(text->body_en);
  int rc = an_db_query(db, SQL,
                       AN_ARGS(tenant_id ? AN_P_INT(tenant_id) : AN_P_NULL, AN_P_TEXT(kind),
                               AN_P_TEXT(text->title), AN_P_TEXT(body), AN_P_TEXT(text->title_en),
                               AN_P_TEXT(body_en), AN_P_TEXT(ref), AN_P_INT(now)),
                       NULL, NULL);
  free(body);
  free(body_en);
  return rc;
}

int an_store_notice_list(struct an_db *db, int64_t tenant_id, const char *lang, json_t *out)
{
  static const char SQL[] = "SELECT " NOTICE_COLS " FROM notices "
                            "WHERE tenant_id IS NULL OR tenant_id = $1 ORDER BY id DESC LIMIT 200";
  return an_store_typed_rows_json(db, SQL, AN_ARGS(AN_P_INT(tenant_id), AN_P_TEXT(lang)),
                                  &notice_spec, out);
}

int an_store_webhook_insert(struct an_db *db, int64_t shop_id, const char *event,
                            const char *payload, int64_t now)
{
  static const char SQL[] =
      "INSERT INTO webhook_deliveries (shop_id, event, payload, next_at, created_at) "
      "VALUES ($1, $2, $3, $4, $4)";
  return an_db_query(
      db, SQL, AN_ARGS(AN_P_INT(shop_id), AN_P_TEXT(event), AN_P_TEXT(payload), AN_P_INT(now)),
      NULL, NULL);
}

#define T struct an_webhook_due
static const struct an_field WEBHOOK_DUE_FIELDS[] = {
    AN_FIELD(T, id, AN_F_INT, false),       AN_FIELD(T, shop_id, AN_F_INT, false),
    AN_FIELD(T, event, AN_F_TEXT, false),   AN_FIELD(T, payload, AN_F_TEXT, false),
    AN_FIELD(T, attempts, AN_F_INT, false), AN_FIELD(T, url, AN_F_TEXT, false),
};
const struct an_spec an_webhook_due_spec = AN_SPEC(T, WEBHOOK_DUE_FIELDS, nulls);
#undef T

int an_store_webhook_due(struct an_db *db, int64_t now, int64_t limit,
                         struct an_webhook_due **items, size_t *n)
{
  static const char SQL[] =
      "SELECT w.id, w.shop_id, w.event, w.payload, w.attempts, sh.webhook_url AS url "
      "FROM webhook_deliveries w JOIN shops sh ON sh.id = w.shop_id "
      "WHERE w.status = 'pending' AND w.next_at <= $1 ORDER BY w.next_at, w.id LIMIT $2";
  return an_store_typed_rows(db, SQL, AN_ARGS(AN_P_INT(now), AN_P_INT(limit)), &an_webhook_due_spec,
                             (void **)items, n);
}

int an_store_webhook_result(struct an_db *db, int64_t id, const char *status, int64_t attempts,
                            int64_t next_at, int64_t http_status, const char *error, int64_t now)
{
  static const char SQL[] =
      "UPDATE webhook_deliveries SET status = $2, attempts = $3, next_at = $4, last_status = $5, "
      "last_error = $6, delivered_at = CASE WHEN $2 = 'delivered' THEN $7 ELSE delivered_at END "
      "WHERE id = $1";
  return an_db_query(db, SQL,
                     AN_ARGS(AN_P_INT(id), AN_P_TEXT(status), AN_P_INT(attempts), AN_P_INT(next_at),
                             AN_P_INT(http_status), AN_P_TEXT(error), AN_P_INT(now)),
                     NULL, NULL);
}

int an_store_webhook_list(struct an_db *db, int64_t shop_id, json_t *out)
{
  static const char SQL[] = "SELECT " DELIVERY_COLS " FROM webhook_deliveries "
                            "WHERE shop_id = $1 ORDER BY id DESC LIMIT 200";
  return an_store_typed_rows_json(db, SQL, AN_ARGS(AN_P_INT(shop_id)), &delivery_spec, out);
}

int an_store_handover_insert(struct an_db *db, const char *recipient_kind, const char *recipient,
                             int64_t tenant_id, const char *purpose, const char *fields,
                             int64_t records, const char *actor, int64_t now)
{
  static const char SQL[] =
      "INSERT INTO handovers (recipient_kind, recipient, tenant_id, purpose, fields, records, "
      "actor, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
  return an_db_query(db, SQL,
                     AN_ARGS(AN_P_TEXT(recipient_kind), AN_P_TEXT(recipient),
                             tenant_id ? AN_P_INT(tenant_id) : AN_P_NULL, AN_P_TEXT(purpose),
                             AN_P_TEXT(fields), AN_P_INT(records), AN_P_TEXT(actor), AN_P_INT(now)),
                     NULL, NULL);
}

int an_store_handover_list_all(struct an_db *db, json_t *out)
{
  static const char SQL[] = "SELECT " HANDOVER_COLS " FROM handovers ORDER BY id DESC LIMIT 500";
  return an_store_typed_rows_json(db, SQL, NULL, 0, &handover_spec, out);
}
