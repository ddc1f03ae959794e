#include "store/exports.h"

#include "store/placement.h"

#include <stdlib.h>

#include "store/query.h"
#include "store/rows.h"
#include "store/seal.h"
#include "store/seal_fields.h"

#define EXPORT_COLS                                                                                \
  "SELECT id, tenant_id, requested_by, status, progress, file_name, bytes, error, created_at, "    \
  "ready_at, expires_at, downloaded_at FROM exports "

/* The readers of a tenant's export files that are one statement ($1 the tenant) and, where
 * personal data is sealed, its fields to open: a table, so each file's reader says only that. */
enum {
  EX_CONTRACTS,
  EX_CHANGE_REQUESTS,
  EX_HANDOVERS,
  EX_INVOICES,
  EX_TICKETS,
  EX_TICKET_MESSAGES
};
static const char *const SEALED_CHANGE_REQUESTS[] = {"details", "details", NULL};
static const char *const SEALED_TICKETS[] = {
    "subject",         "subject", "requester_name", "requester_name", "requester_email",
    "requester_email", NULL};
static const char *const SEALED_TICKET_MESSAGES[] = {"author_label", "author_label", "body", "body",
                                                     NULL};
static const struct export_reader {
  const char *sql;
  struct an_store_sealed sealed;
} READERS[] = {
    [EX_CONTRACTS] =
        {"SELECT c.id, c.number, s.name AS service, p.name AS plan, c.status, c.status_reason, "
         "c.start_on, c.requested_end_on, c.end_on, c.access_end_on, c.billing_end_on, "
         "c.deletion_due_on, c.created_at, c.updated_at FROM contracts c "
         "JOIN services s ON s.id = c.service_id JOIN plans p ON p.id = c.plan_id "
         "WHERE c.tenant_id = $1 ORDER BY c.id",
         {NULL, NULL, NULL}},
    [EX_CHANGE_REQUESTS] =
        {"SELECT id, contract_id, kind, plan_id, details, effective_on, status, requested_by, "
         "decided_by, decision_message, decided_at, applied_at, created_at FROM change_requests "
         "WHERE tenant_id = $1 ORDER BY id",
         {"change_requests", NULL, SEALED_CHANGE_REQUESTS}},
    [EX_HANDOVERS] =
        {"SELECT id, recipient_kind, recipient, purpose, fields, records, actor, created_at "
         "FROM handovers WHERE tenant_id = $1 ORDER BY id",
         {NULL, NULL, NULL}},
    [EX_INVOICES] =
        {"SELECT i.id, i.number, i.kind, sh.name AS shop, i.month, c.number AS corrects, "
         "i.issuer_name, i.issuer_registration, i.recipient_name, i.subtotal_10, i.tax_10, "
         "i.subtotal_8, i.tax_8, i.total, i.reason, i.issued_on, i.due_on, i.lines "
         "FROM invoices i JOIN shops sh ON sh.id = i.shop_id "
         "LEFT JOIN invoices c ON c.id = i.corrects_id AND c.tenant_id = i.tenant_id "
         "WHERE i.tenant_id = $1 ORDER BY i.id",
         {NULL, NULL, NULL}},
    [EX_TICKETS] =
        {"SELECT id, ref, channel, category, status, subject, requester_name, requester_email, "
         "lang, contract_id, first_response_at, resolved_at, closed_at, created_at "
         "FROM tickets WHERE tenant_id = $1 ORDER BY id",
         {"tickets", NULL, SEALED_TICKETS}},
    /* What the contractor could read of each ticket: its steps without the operator's internal
     * notes. */
    [EX_TICKET_MESSAGES] =
        {"SELECT e.id, e.ticket_id, t.ref, e.kind, e.author_kind, e.author_label, e.body, "
         "e.created_at FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id "
         "AND t.tenant_id = e.tenant_id WHERE e.tenant_id = $1 AND e.internal = 0 "
         "ORDER BY e.id",
         {"ticket_events", NULL, SEALED_TICKET_MESSAGES}},
};

/* Appends to out the rows of r's statement for tenant_id, its sealed fields opened; fn is the
 * exported caller, named when tenant_id is 0 (store/rows.h). */
static int tenant_rows(struct an_db *db, int64_t tenant_id, const char *fn,
                       const struct export_reader *r, json_t *out)
{
  if (!an_store_scoped(tenant_id, fn))
    return 0;
  if (!r->sealed.table)
    return an_store_rows(db, r->sql, AN_ARGS(AN_P_INT(tenant_id)), out);
  return an_store_rows_opened(db, r->sql, AN_ARGS(AN_P_INT(tenant_id)), &r->sealed, tenant_id, out);
}

int an_store_export_add(struct an_db *db, int64_t tenant_id, const char *by, int64_t now,
                        int64_t *id)
{
  static const char SQL[] = "INSERT INTO exports (tenant_id, requested_by, created_at) "
                            "VALUES ($1, $2, $3) RETURNING id";
  if (!an_store_scoped(tenant_id, __func__))
    return 0;
  return an_store_insert_id(db, SQL, AN_ARGS(AN_P_INT(tenant_id), AN_P_TEXT(by), AN_P_INT(now)),
                            id);
}

int an_store_export_counts(struct an_db *db, int64_t tenant_id, int64_t since, int64_t *recent,
                           int64_t *open)
{
  static const char SQL[] =
      "SELECT COUNT(*) AS recent, COALESCE(SUM(CASE WHEN status IN ('queued', 'running') "
      "THEN 1 ELSE 0 END), 0) AS open FROM exports WHERE tenant_id = $1 AND created_at >= $2";
  if (!an_store_scoped(tenant_id, __func__))
    return 0;
  json_t *row = NULL;
  int rc = an_store_row(db, SQL, AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(since)), &row);
  *recent = rc == 1 ? an_rec_int(row, "recent") : 0;
  *open = rc == 1 ? an_rec_int(row, "open") : 0;
  json_decref(row);
  return rc;
}

int an_store_export_list(struct an_db *db, int64_t tenant_id, json_t *out)
{
  static const char SQL[] = EXPORT_COLS "WHERE tenant_id = $1 ORDER BY id DESC LIMIT 50";
  return an_store_scoped_rows(db, tenant_id, __func__, SQL, AN_ARGS(AN_P_INT(tenant_id)), out);
}

int an_store_export_get(struct an_db *db, int64_t tenant_id, int64_t id, json_t **out)
{
  static const char SQL[] = EXPORT_COLS "WHERE tenant_id = $1 AND id = $2";
  if (!an_store_scoped(tenant_id, __func__))
    return 0;
  return an_store_row(db, SQL, AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(id)), out);
}

int an_store_export_claim_all(struct an_db *db, json_t **out)
{
  static const char PICK[] =
      "SELECT id, tenant_id, requested_by FROM exports WHERE status = 'queued' ORDER BY id LIMIT 1";
  static const char TAKE[] =
      "UPDATE exports SET status = 'running' WHERE id = $1 AND status = 'queued'";
  int rc = an_store_row(db, PICK, NULL, 0, out);
  if (rc != 1)
    return rc;
  rc = an_db_query(db, TAKE, AN_ARGS(AN_P_INT(an_rec_int(*out, "id"))), NULL, NULL);
  if (rc != 1) {
    json_decref(*out);
    *out = NULL;
  }
  return rc;
}

int an_store_export_progress(struct an_db *db, int64_t tenant_id, int64_t id, int64_t progress)
{
  static const char SQL[] = "UPDATE exports SET progress = $3 WHERE tenant_id = $1 AND id = $2";
  if (!an_store_scoped(tenant_id, __func__))
    return 0;
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(id), AN_P_INT(progress)), NULL,
                     NULL);
}

int an_store_export_ready(struct an_db *db, int64_t tenant_id, int64_t id, const char *file_name,
                          int64_t bytes, int64_t now, int64_t expires_at)
{
  static const char SQL[] =
      "UPDATE exports SET status = 'ready', progress = 100, file_name = $3, bytes = $4, "
      "ready_at = $5, expires_at = $6 WHERE tenant_id = $1 AND id = $2";
  if (!an_store_scoped(tenant_id, __func__))
    return 0;
  return an_db_query(db, SQL,
                     AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(id), AN_P_TEXT(file_name),
                             AN_P_INT(bytes), AN_P_INT(now), AN_P_INT(expires_at)),
                     NULL, NULL);
}

int an_store_export_failed(struct an_db *db, int64_t tenant_id, int64_t id, const char *error)
{
  static const char SQL[] =
      "UPDATE exports SET status = 'failed', error = $3 WHERE tenant_id = $1 AND id = $2";
  if (!an_store_scoped(tenant_id, __func__))
    return 0;
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(id), AN_P_TEXT(error)), NULL,
                     NULL);
}

int an_store_export_set_token(struct an_db *db, int64_t tenant_id, int64_t id,
                              const char *token_hash)
{
  static const char SQL[] = "UPDATE exports SET token_hash = $3 WHERE tenant_id = $1 AND id = $2 "
                            "AND status = 'ready'";
  if (!an_store_scoped(tenant_id, __func__))
    return 0;
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(id), AN_P_TEXT(token_hash)),
                     NULL, NULL);
}

int an_store_export_by_token(struct an_db *db, int64_t tenant_id, const char *token_hash,
                             int64_t now, json_t **out)
{
  static const char SQL[] = EXPORT_COLS "WHERE tenant_id = $1 AND token_hash = $2 "
                                        "AND status = 'ready' AND expires_at > $3";
  if (!an_store_scoped(tenant_id, __func__) || !token_hash[0])
    return 0;
  return an_store_row(db, SQL, AN_ARGS(AN_P_INT(tenant_id), AN_P_TEXT(token_hash), AN_P_INT(now)),
                      out);
}

int an_store_export_downloaded(struct an_db *db, int64_t tenant_id, int64_t id, int64_t now)
{
  static const char SQL[] =
      "UPDATE exports SET status = 'downloaded', downloaded_at = $3, token_hash = '' "
      "WHERE tenant_id = $1 AND id = $2 AND status = 'ready'";
  if (!an_store_scoped(tenant_id, __func__))
    return 0;
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(id), AN_P_INT(now)), NULL,
                     NULL);
}

int an_store_export_expire_all(struct an_db *db, int64_t now, json_t *out)
{
  static const char PICK[] = "SELECT id, tenant_id, file_name FROM exports "
                             "WHERE status = 'ready' AND expires_at <= $1";
  static const char SET[] = "UPDATE exports SET status = 'expired', token_hash = '' "
                            "WHERE status = 'ready' AND expires_at <= $1";
  struct an_db_param p[] = {AN_P_INT(now)};
  int rc = an_store_rows(db, PICK, p, 1, out);
  return rc <= 0 ? rc : an_db_query(db, SET, p, 1, NULL, NULL);
}

int an_store_export_users(struct an_db *db, int64_t tenant_id, json_t *out)
{
  static const char SQL[] =
      "SELECT id, login, display_name, email, roles, status, lang, created_at, updated_at, "
      "last_login_at, password_changed_at FROM users WHERE tenant_id = $1 ORDER BY id";
  if (!an_store_scoped(tenant_id, __func__))
    return 0;
  struct an_db_param p[] = {AN_P_INT(tenant_id)};
  static const char *const sealed[] = {"display_name", "display_name", "email", "email", NULL};
  int rc = an_store_tenant_rows_opened(db, tenant_id, SQL, p, 1, "users", sealed, out);
  return rc;
}

int an_store_export_audit(struct an_db *db, int64_t tenant_id, json_t *out)
{
  static const char SQL[] =
      "SELECT at AS event_at, actor_kind, actor_label, action, target, outcome, client_ip, "
      "request_id, details FROM audit_events WHERE tenant_id = $1 ORDER BY at";
  if (!an_store_scoped(tenant_id, __func__))
    return 0;
  struct an_db_param p[] = {AN_P_INT(tenant_id)};
  int rc = an_store_seal_need(db, tenant_id);
  size_t from = json_array_size(out);
  rc = rc < 0 ? rc : an_store_rows(db, SQL, p, 1, out);
  for (size_t i = from; i < json_array_size(out); i++) { /* the details opened */
    json_t *r = json_array_get(out, i);
    char *d = an_store_open_details_text(tenant_id, an_rec_str(r, "details"));
    json_object_set_new(r, "details", json_string(d));
    free(d);
  }
  return rc;
}

/* The exported readers that are one row of READERS each (store/exports.h):
 * an_store_export_<name>(db, tenant_id, out) reads READERS[index] for the tenant. */
#define TABLE_READER(name, index)                                                                  \
  int an_store_export_##name(struct an_db *db, int64_t tenant_id, json_t *out)                     \
  {                                                                                                \
    return tenant_rows(db, tenant_id, __func__, &READERS[index], out);                             \
  }
TABLE_READER(contracts, EX_CONTRACTS)
TABLE_READER(change_requests, EX_CHANGE_REQUESTS)
TABLE_READER(handovers, EX_HANDOVERS)
TABLE_READER(invoices, EX_INVOICES)
TABLE_READER(tickets, EX_TICKETS)
TABLE_READER(ticket_messages, EX_TICKET_MESSAGES)
