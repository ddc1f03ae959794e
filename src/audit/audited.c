#include "audit/audited.h"

#include "audit/audit.h"

/* One run of either kind of write: exactly one of num and txt is set. */
struct audited {
  const struct an_ctx *ctx;
  const struct an_audited_number *num;
  const struct an_audited_text *txt;
  int64_t id;
  int64_t number;
  const char *text;
  json_t *details;
};

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
  /* a retried transaction records the event again: each attempt takes its own reference */
  return an_audit_changed(a->ctx, db, action, kind, a->id, 0, json_incref(a->details));
}

static int run(struct audited *a, struct an_db *db)
{
  int rc = an_db_txn(db, audited_txn, a);
  json_decref(a->details);
  return rc;
}

int an_audited_set_number(const struct an_ctx *ctx, struct an_db *db,
                          const struct an_audited_number *op, int64_t id, int64_t number,
                          json_t *details)
{
  struct audited a = {.ctx = ctx, .num = op, .id = id, .number = number, .details = details};
  return run(&a, db);
}

int an_audited_set_text(const struct an_ctx *ctx, struct an_db *db,
                        const struct an_audited_text *op, int64_t id, const char *text,
                        json_t *details)
{
  struct audited a = {.ctx = ctx, .txt = op, .id = id, .text = text, .details = details};
  return run(&a, db);
}

enum an_ec an_audited_ec(int rc, bool found)
{
  if (rc < 0 && rc != AN_DB_ROLLBACK)
    return AN_EC_GENERIC_INTERNAL;
  return found ? AN_EC_OK : AN_EC_GENERIC_NOT_FOUND;
}
