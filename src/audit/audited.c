#include "audit/audited.h"

#include <stdlib.h>

#include "audit/audit.h"

/* One run of either kind of write: exactly one of num and txt is set. */
struct audited {
  const struct an_ctx *ctx;
  const struct an_audited_number *num;
  const struct an_audited_text *txt;
  int64_t id;
  int64_t number;
  const char *text;
};

/* The event's details: the value written under the op's field, or NULL for {}. */
static json_t *details_of(const struct audited *a)
{
  if (a->num)
    return a->num->field ? json_pack("{s:I}", a->num->field, (json_int_t)a->number) : NULL;
  return a->txt->field ? json_pack("{s:s}", a->txt->field, a->text) : NULL;
}

static int audited_txn(struct an_db *db, void *cls)
{
  struct audited *a = cls;
  int64_t now = a->ctx->now;
  int rc =
      a->num ? a->num->write(db, a->id, a->number, now) : a->txt->write(db, a->id, a->text, now);
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  const char *action = a->num ? a->num->action : a->txt->action;
  const char *kind = a->num ? a->num->kind : a->txt->kind;
  return an_audit_changed(a->ctx, db, action, kind, a->id, 0, details_of(a));
}

int an_audited_set_number(const struct an_ctx *ctx, struct an_db *db,
                          const struct an_audited_number *op, int64_t id, int64_t number)
{
  struct audited a = {.ctx = ctx, .num = op, .id = id, .number = number};
  return an_db_txn(db, audited_txn, &a);
}

int an_audited_set_text(const struct an_ctx *ctx, struct an_db *db,
                        const struct an_audited_text *op, int64_t id, const char *text)
{
  struct audited a = {.ctx = ctx, .txt = op, .id = id, .text = text};
  return an_db_txn(db, audited_txn, &a);
}

enum an_ec an_audited_tenant_number(const struct an_ctx *ctx, struct an_db *db,
                                    const struct an_audited_number *op, int64_t number, bool valid)
{
  int64_t t = an_scope_tenant(ctx);
  if (!t)
    return AN_EC_AUTH_FORBIDDEN;
  if (!valid)
    return AN_EC_GENERIC_INVALID_FIELD;
  return an_audited_set_number(ctx, db, op, t, number) < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}

enum an_ec an_audited_tenant_text(const struct an_ctx *ctx, struct an_db *db,
                                  const struct an_audited_text *op, const char *text)
{
  int64_t t = an_scope_tenant(ctx);
  if (!t)
    return AN_EC_AUTH_FORBIDDEN;
  return an_audited_set_text(ctx, db, op, t, text) < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}

int an_audited_record(const struct an_ctx *ctx, struct an_db *db, const struct an_audited_note *n,
                      int64_t id, json_t *details)
{
  char *target = an_audit_target(n->kind, id);
  struct an_audit_rec rec = {.action = n->action,
                             .target = target,
                             .outcome = n->outcome,
                             .details = details,
                             .actor_label = n->actor_label,
                             .tenant_id = n->tenant_id};
  int rc = an_audit_record(ctx, db, &rec);
  json_decref(details);
  free(target);
  return rc;
}
