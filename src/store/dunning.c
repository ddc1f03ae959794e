#include "store/dunning.h"

#include "store/columns.h"
#include "store/query.h"
#include "store/rows.h"

/* Runs the write sql for tenant_id's rows; a tenant id of 0 is a bug of the caller fn (logged,
 * store/rows.h) and an error here, never a write on no tenant's rows. */
static int tenant_write(struct an_db *db, int64_t tenant_id, const char *fn, const char *sql,
                        const struct an_db_param *p, size_t n)
{
  return an_store_scoped(tenant_id, fn) ? an_db_query(db, sql, p, n, NULL, NULL) : AN_DB_HARD;
}

int an_store_dunning_claim(struct an_db *db, const struct an_dunning_claim *c)
{
  static const char SQL[] =
      "INSERT INTO dunning_reminders (invoice_id, step, tenant_id, days_past_due, open_amount, "
      "admins, sent_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
      "ON CONFLICT (invoice_id, step) DO NOTHING";
  return tenant_write(db, c->tenant_id, __func__, SQL,
                      AN_ARGS(AN_P_INT(c->invoice_id), AN_P_INT(c->step), AN_P_INT(c->tenant_id),
                              AN_P_INT(c->days_past_due), AN_P_INT(c->open_amount),
                              AN_P_INT(c->admins), AN_P_INT(c->sent_at)));
}

int an_store_dunning_set_admins(struct an_db *db, int64_t tenant_id, int64_t invoice_id,
                                int64_t step, int64_t admins)
{
  static const char SQL[] = "UPDATE dunning_reminders SET admins = $4 "
                            "WHERE tenant_id = $1 AND invoice_id = $2 AND step = $3";
  return tenant_write(
      db, tenant_id, __func__, SQL,
      AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(invoice_id), AN_P_INT(step), AN_P_INT(admins)));
}

int an_store_dunning_count(struct an_db *db, int64_t tenant_id, int64_t invoice_id)
{
  static const char SQL[] =
      "SELECT COUNT(*) FROM dunning_reminders WHERE tenant_id = $1 AND invoice_id = $2";
  if (!an_store_scoped(tenant_id, __func__))
    return AN_DB_HARD;
  int64_t count = 0;
  int rc = an_db_query(db, SQL, AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(invoice_id)), an_store_int_cb,
                       &count);
  return rc < 0 ? rc : (int)count;
}

/* clang-format off */
#define PROPOSAL_COLS(F, N)                                                                        \
  F(id, I, "p.id") N(invoice_id, I, "p.invoice_id") N(tenant_id, I, "p.tenant_id")                 \
  N(shop_id, I, "p.shop_id") N(days_past_due, I, "p.days_past_due")                                \
  N(open_amount, I, "p.open_amount") N(reminders, I, "p.reminders") N(status, T, "p.status")       \
  N(reason, T, "p.reason") N(decided_by, T, "p.decided_by") N(decided_at, TM0, "p.decided_at")     \
  N(created_at, TM, "p.created_at") N(number, T, "i.number")                                       \
  N(company_code, T, "t.company_code") N(company_name, T, "i.recipient_name")                      \
  N(shop_name, T, "i.issuer_name") N(due_on, T, "i.due_on") N(total, I, "i.total")                 \
  N(open_now, I, "CAST(i.total - COALESCE((SELECT SUM(a.amount) FROM payment_allocations a "       \
      "WHERE a.invoice_id = i.id), 0) + COALESCE((SELECT SUM(c.total) FROM "                       \
      "invoices c WHERE c.corrects_id = i.id), 0) AS BIGINT)")
/* clang-format on */
#define T struct an_suspension_proposal
AN_COL_SPEC(, an_suspension_proposal_spec, PROPOSAL_COLS);
#undef T

/* The invoice's particulars as issued (recipient and issuer names), and what is open of it now:
 * its total less the payments allocated to it and the credit notes that correct it. */
#define PROPOSAL_SELECT                                                                            \
  "SELECT " PROPOSAL_COLS(AN_COL_SQL1,                                                             \
                          AN_COL_SQL) " FROM suspension_proposals p JOIN invoices i ON i.id = "    \
                                      "p.invoice_id JOIN tenants t ON t.id = p.tenant_id "

int an_store_proposal_insert(struct an_db *db, const struct an_proposal_new *v)
{
  static const char SQL[] =
      "INSERT INTO suspension_proposals (invoice_id, tenant_id, shop_id, days_past_due, "
      "open_amount, reminders, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
      "ON CONFLICT (invoice_id) DO NOTHING";
  return tenant_write(db, v->tenant_id, __func__, SQL,
                      AN_ARGS(AN_P_INT(v->invoice_id), AN_P_INT(v->tenant_id), AN_P_INT(v->shop_id),
                              AN_P_INT(v->days_past_due), AN_P_INT(v->open_amount),
                              AN_P_INT(v->reminders), AN_P_INT(v->created_at)));
}

int an_store_proposals_all(struct an_db *db, struct an_suspension_proposal **items, size_t *n)
{
  static const char SQL[] =
      PROPOSAL_SELECT "ORDER BY CASE WHEN p.status = 'open' THEN 0 ELSE 1 END, p.id DESC LIMIT 500";
  return an_store_typed_rows(db, SQL, NULL, 0, &an_suspension_proposal_spec, (void **)items, n);
}

int an_store_proposal_get_all(struct an_db *db, int64_t id, struct an_suspension_proposal *out)
{
  static const char SQL[] = PROPOSAL_SELECT "WHERE p.id = $1";
  return an_store_typed_row(db, SQL, AN_ARGS(AN_P_INT(id)), &an_suspension_proposal_spec, out);
}

int an_store_proposal_decide(struct an_db *db, int64_t tenant_id, int64_t id, const char *status,
                             const char *reason, const char *by, int64_t now)
{
  static const char SQL[] =
      "UPDATE suspension_proposals SET status = $3, reason = $4, decided_by = $5, "
      "decided_at = $6 WHERE tenant_id = $1 AND id = $2 AND status = 'open'";
  return tenant_write(db, tenant_id, __func__, SQL,
                      AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(id), AN_P_TEXT(status),
                              AN_P_TEXT(reason), AN_P_TEXT(by), AN_P_INT(now)));
}
