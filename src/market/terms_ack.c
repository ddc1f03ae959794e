#include "market/terms_ack.h"

#include "market/market.h"
#include "store/terms_ack.h"

enum an_ec an_terms_ack_status(const struct an_ctx *ctx, struct an_db *db, json_t **out)
{
  int64_t tenant = an_scope_tenant(ctx);
  json_t *pending = NULL;
  char today[AN_DATE_STRLEN];
  an_market_date_of(ctx->now, today);
  if (tenant && an_store_terms_ack_pending(db, tenant, today, &pending) < 0)
    return AN_EC_GENERIC_INTERNAL;
  if (pending) { /* the record's id is the document's */
    json_object_set(pending, "document_id", json_object_get(pending, "id"));
    json_object_del(pending, "id");
  }
  *out = json_pack("{s:o?, s:b}", "pending", pending, "can_acknowledge",
                   tenant && (ctx->roles & AN_ROLE_TENANT_ADMIN));
  if (!json_object_get(*out, "pending"))
    json_object_set_new(*out, "pending", json_null());
  return AN_EC_OK;
}

struct ack {
  const struct an_ctx *ctx;
  int64_t tenant, document_id;
  const char *today;
  int recorded;
};

static int ack_txn(struct an_db *db, void *cls)
{
  struct ack *a = cls;
  const struct an_ctx *ctx = a->ctx;
  int rc = an_store_terms_ack_insert(db, a->tenant, a->document_id, a->today, ctx->subject_id,
                                     ctx->client_ip, ctx->now);
  a->recorded = rc;
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  json_t *d =
      json_pack("{s:I, s:s}", "document_id", (json_int_t)a->document_id, "ip", ctx->client_ip);
  rc = an_market_audit(ctx, db, "terms.acknowledge", "document", a->document_id, a->tenant, d);
  json_decref(d);
  return rc;
}

enum an_ec an_terms_acknowledge(const struct an_ctx *ctx, struct an_db *db, int64_t document_id)
{
  int64_t tenant = an_scope_tenant(ctx);
  if (!tenant || !(ctx->roles & AN_ROLE_TENANT_ADMIN))
    return AN_EC_AUTH_FORBIDDEN;
  char today[AN_DATE_STRLEN];
  an_market_date_of(ctx->now, today);
  struct ack a = {ctx, tenant, document_id, today, 0};
  int rc = an_db_txn(db, ack_txn, &a);
  if (a.recorded == 0)
    return AN_EC_GENERIC_CONFLICT; /* not a material version in force, or acknowledged already */
  return rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}
