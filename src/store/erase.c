#include "store/erase.h"

#include <string.h>

#include "store/placement.h"
#include "store/query.h"
#include "store/rows.h"
#include "store/seal.h"

#define TENANT_COLS                                                                                \
  "SELECT t.id, t.company_code, t.name, t.status, t.responsible_name, t.responsible_email, "       \
  "t.lang, COALESCE((SELECT string_agg(c.number, ',') FROM contracts c WHERE c.tenant_id = "       \
  "t.id), "                                                                                        \
  "'') AS contracts FROM tenants t "

int an_store_erase_tenant_get(struct an_db *db, int64_t tenant_id, json_t **out)
{
  static const char PG[] = TENANT_COLS "WHERE t.id = $1";
  static const char LITE[] =
      "SELECT t.id, t.company_code, t.name, t.status, t.responsible_name, t.responsible_email, "
      "t.lang, COALESCE((SELECT group_concat(c.number, ',') FROM contracts c "
      "WHERE c.tenant_id = t.id), '') AS contracts FROM tenants t WHERE t.id = $1";
  if (!an_store_scoped(tenant_id, __func__))
    return 0;
  int rc = an_store_seal_need(db, tenant_id);
  if (rc < 0)
    return rc;
  rc = an_store_row(db, an_db_is_postgres(db) ? PG : LITE, AN_ARGS(AN_P_INT(tenant_id)), out);
  static const char *const sealed[] = {"responsible_name", "responsible_email", NULL};
  if (rc == 1)
    an_store_open_rec(*out, tenant_id, "tenants", tenant_id, sealed);
  return rc;
}

int an_store_erase_tenant_by_code(struct an_db *db, const char *code, json_t **out)
{
  static const char SQL[] = "SELECT id FROM tenants WHERE company_code = $1";
  json_t *row = NULL;
  int rc = an_store_row(db, SQL, AN_ARGS(AN_P_TEXT(code)), &row);
  if (rc == 1)
    rc = an_store_erase_tenant_get(db, an_rec_int(row, "id"), out);
  json_decref(row);
  return rc;
}

/* One count per kind; each statement names the tenant. */
static const struct {
  const char *kind;
  const char *sql;
} counts[] = {
    {"users", "SELECT COUNT(*) AS n FROM users WHERE tenant_id = $1"},
    {"sessions", "SELECT COUNT(*) AS n FROM sessions WHERE tenant_id = $1"},
    {"password_history", "SELECT COUNT(*) AS n FROM password_history WHERE tenant_id = $1"},
    {"second_factors", "SELECT COUNT(*) AS n FROM mfa_totp WHERE tenant_id = $1"},
    {"recovery_codes",
     "SELECT COUNT(*) AS n FROM mfa_recovery WHERE subject_kind = 'user' AND tenant_id = $1"},
    {"email_codes", "SELECT COUNT(*) AS n FROM email_codes WHERE tenant_id = $1"},
    {"api_tokens", "SELECT COUNT(*) AS n FROM api_tokens WHERE tenant_id = $1"},
    {"policies", "SELECT COUNT(*) AS n FROM tenant_policies WHERE tenant_id = $1"},
    {"contracts", "SELECT COUNT(*) AS n FROM contracts WHERE tenant_id = $1"},
    {"change_requests", "SELECT COUNT(*) AS n FROM change_requests WHERE tenant_id = $1"},
    {"notices", "SELECT COUNT(*) AS n FROM notices WHERE tenant_id = $1"},
    {"handovers", "SELECT COUNT(*) AS n FROM handovers WHERE tenant_id = $1"},
    {"applications", "SELECT COUNT(*) AS n FROM applications WHERE tenant_id = $1"},
    {"mails", "SELECT COUNT(*) AS n FROM mail_outbox WHERE tenant_id = $1"},
};

/* A kind whose rows move with a dedicated tenant into its own database. */
static bool is_moved(const char *kind)
{
  static const char *const moved[] = {"users", "password_history", "second_factors",
                                      "recovery_codes", "email_codes"};
  for (size_t i = 0; i < sizeof moved / sizeof moved[0]; i++)
    if (!strcmp(kind, moved[i]))
      return true;
  return false;
}

int an_store_erase_counts(struct an_db *db, int64_t tenant_id, json_t *out)
{
  if (!an_store_scoped(tenant_id, __func__))
    return 0;
  struct an_db_param p[] = {AN_P_INT(tenant_id)};
  struct an_db *own; /* a dedicated tenant's own rows (placement.c's moved tables) are there */
  int orc = an_store_route(db, tenant_id, AN_ROUTE_READ, &own);
  if (orc < 0)
    return orc;
  for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
    json_t *row = NULL;
    bool moved = is_moved(counts[i].kind);
    int rc = an_store_row(moved ? own : db, counts[i].sql, p, 1, &row);
    if (rc < 0)
      return rc;
    json_object_set_new(out, counts[i].kind, json_integer(an_rec_int(row, "n")));
    json_decref(row);
  }
  return 1;
}

/* Children before parents (foreign keys). */
static const char *const deletes[] = {
    "DELETE FROM mfa_recovery WHERE subject_kind = 'user' AND tenant_id = $1",
    "DELETE FROM mfa_totp WHERE tenant_id = $1",
    "DELETE FROM email_codes WHERE tenant_id = $1",
    "DELETE FROM sessions WHERE tenant_id = $1",
    "DELETE FROM password_history WHERE tenant_id = $1",
    "DELETE FROM api_tokens WHERE tenant_id = $1",
    "DELETE FROM tenant_policies WHERE tenant_id = $1",
    "DELETE FROM change_requests WHERE tenant_id = $1",
    "DELETE FROM contracts WHERE tenant_id = $1",
    "DELETE FROM notices WHERE tenant_id = $1",
    "DELETE FROM handovers WHERE tenant_id = $1",
    "DELETE FROM applications WHERE tenant_id = $1",
    "DELETE FROM mail_deliveries WHERE mail_id IN (SELECT id FROM mail_outbox WHERE tenant_id = "
    "$1)",
    "DELETE FROM mail_outbox WHERE tenant_id = $1",
    "DELETE FROM users WHERE tenant_id = $1",
    "DELETE FROM tenant_client_cas WHERE tenant_id = $1", /* client certificates (issue 11) */
    "DELETE FROM idempotency_keys WHERE tenant_id = $1",  /* kept answers (issue 15 item 1) */
};

int an_store_erase_tenant(struct an_db *db, int64_t tenant_id, int64_t now)
{
  static const char TOMBSTONE[] =
      "UPDATE tenants SET name = '', responsible_name = '', responsible_email = '', "
      "address = '', phone = '', status_reason = '', ip_allowlist = '', basic_user = '', "
      "basic_hash = '', dek_wrapped = $2, status = 'erased', updated_at = $3 "
      "WHERE id = $1 AND status <> 'erased'";
  if (!an_store_scoped(tenant_id, __func__))
    return 0;
  /* A dedicated tenant's own rows go in its database, in this transaction (joined to it). */
  struct an_db *own;
  int orc = an_store_route(db, tenant_id, AN_ROUTE_WRITE, &own);
  if (orc < 0 || (own != db && (orc = an_store_placement_purge(own, tenant_id)) < 0))
    return orc;
  struct an_db_param p[] = {AN_P_INT(tenant_id)};
  for (size_t i = 0; i < sizeof deletes / sizeof deletes[0]; i++) {
    int rc = an_db_query(db, deletes[i], p, 1, NULL, NULL);
    if (rc < 0)
      return rc;
  }
  /* Crypto-shredding: the wrapped key leaves the key store (which data backups do not hold), so
   * what was sealed under it is unreadable in every backup as well. */
  int krc = an_store_key_destroy(db, tenant_id);
  if (krc < 0)
    return krc;
  static const unsigned char none[1] = {0};
  return an_db_query(db, TOMBSTONE, AN_ARGS(AN_P_INT(tenant_id), AN_P_BLOB(none, 0), AN_P_INT(now)),
                     NULL, NULL);
}

int an_store_erase_secure_delete(struct an_db *db)
{
  return an_db_is_postgres(db) ? 0 : an_db_exec_script(db, "PRAGMA secure_delete = ON");
}

int an_store_erase_compact(struct an_db *db)
{
  /* The tables deletion touched, by their names on the search path: a bare VACUUM would go
   * through every table of the database, other schemas' too. */
  if (an_db_is_postgres(db))
    return an_db_exec_script(db, "VACUUM mfa_recovery, mfa_totp, email_codes, sessions, "
                                 "password_history, api_tokens, tenant_policies, "
                                 "change_requests, contracts, notices, handovers, applications, "
                                 "mail_deliveries, mail_outbox, users, tenants, tenant_keys, "
                                 "idempotency_keys");
  int rc = an_db_exec_script(db, "VACUUM");
  return rc < 0 ? rc : an_db_exec_script(db, "PRAGMA wal_checkpoint(TRUNCATE)");
}

int an_store_erase_due_all(struct an_db *db, const char *today, json_t *out)
{
  static const char SQL[] =
      "SELECT t.id FROM tenants t WHERE t.status <> 'erased' "
      "AND EXISTS (SELECT 1 FROM contracts c WHERE c.tenant_id = t.id) "
      "AND NOT EXISTS (SELECT 1 FROM contracts c WHERE c.tenant_id = t.id "
      "AND c.deletion_due_on IS NULL) "
      "AND (SELECT MAX(c.deletion_due_on) FROM contracts c WHERE c.tenant_id = t.id) <= $1 "
      "ORDER BY t.id";
  return an_store_rows(db, SQL, AN_ARGS(AN_P_TEXT(today)), out);
}

int an_store_erasure_request(struct an_db *db, int64_t tenant_id, const char *reason,
                             const char *by, int64_t now, int64_t *id)
{
  static const char SQL[] = "INSERT INTO tenant_erasures (tenant_id, reason, requested_by, "
                            "requested_at) VALUES ($1, $2, $3, $4) RETURNING id";
  if (!an_store_scoped(tenant_id, __func__))
    return 0;
  return an_store_insert_id(
      db, SQL, AN_ARGS(AN_P_INT(tenant_id), AN_P_TEXT(reason), AN_P_TEXT(by), AN_P_INT(now)), id);
}

int an_store_erasure_get(struct an_db *db, int64_t id, json_t **out)
{
  static const char SQL[] =
      "SELECT id, tenant_id, reason, requested_by, requested_at, requested_at AS requested_us, "
      "approved_by, approved_at, status FROM tenant_erasures WHERE id = $1";
  return an_store_row(db, SQL, AN_ARGS(AN_P_INT(id)), out);
}

int an_store_erasure_approve(struct an_db *db, int64_t id, const char *by, int64_t now)
{
  static const char SQL[] = "UPDATE tenant_erasures SET approved_by = $2, approved_at = $3, "
                            "status = 'approved' WHERE id = $1 AND status = 'requested'";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(id), AN_P_TEXT(by), AN_P_INT(now)), NULL, NULL);
}

int an_store_erasure_list_all(struct an_db *db, json_t *out)
{
  static const char SQL[] =
      "SELECT e.id, e.tenant_id, t.company_code, e.reason, e.requested_by, e.requested_at, "
      "e.approved_by, e.approved_at, e.status FROM tenant_erasures e "
      "JOIN tenants t ON t.id = e.tenant_id ORDER BY e.id DESC LIMIT 200";
  return an_store_rows(db, SQL, NULL, 0, out);
}

int an_store_certificate_add(struct an_db *db, int64_t tenant_id, const char *company_code,
                             int64_t issued_at, const char *content, const char *signature,
                             const char *file_name, int64_t *id)
{
  static const char SQL[] =
      "INSERT INTO deletion_certificates (tenant_id, company_code, issued_at, content, "
      "signature, file_name) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
  return an_store_insert_id(db, SQL,
                            AN_ARGS(AN_P_INT(tenant_id), AN_P_TEXT(company_code),
                                    AN_P_INT(issued_at), AN_P_TEXT(content), AN_P_TEXT(signature),
                                    AN_P_TEXT(file_name)),
                            id);
}

int an_store_certificate_get_all(struct an_db *db, int64_t id, json_t **out)
{
  static const char SQL[] = "SELECT id, tenant_id, company_code, issued_at, content, signature, "
                            "file_name FROM deletion_certificates WHERE id = $1";
  return an_store_row(db, SQL, AN_ARGS(AN_P_INT(id)), out);
}

int an_store_certificate_list_all(struct an_db *db, json_t *out)
{
  static const char SQL[] = "SELECT id, tenant_id, company_code, issued_at, file_name "
                            "FROM deletion_certificates ORDER BY id DESC LIMIT 200";
  return an_store_rows(db, SQL, NULL, 0, out);
}
