#include "store/contracts.h"

#include <stdlib.h>
#include <string.h>

#include "store/columns.h"
#include "store/query.h"
#include "store/rows.h"
#include "store/seal.h"
#include "store/seal_fields.h"

/* An applicant's particulars, sealed under the operator key (an application has no tenant yet;
 * store/seal_fields.h). */
static const char *const APP_SEALED[] = {"address", "phone", "responsible_name",
                                         "responsible_email", "consent_by"};

int an_store_application_insert(struct an_db *db, const struct an_application_form *f,
                                const struct an_application_consent *c, int64_t now, int64_t *id)
{
  static const char SQL[] =
      "INSERT INTO applications (company_name, company_code, address, phone, responsible_name, "
      "responsible_email, admin_login, plan_id, terms_document_id, consent_at, consent_ip, "
      "consent_by, created_at, status, confirm_hash, confirm_expires_at, "
      "important_matters_document_id, privacy_confirmed, antisocial_declared) VALUES ($1, $2, $3, "
      "$4, $5, $6, $7, $8, $9, $10, $11, $12, $10, 'unconfirmed', $13, $14, $15, $16, $17) "
      "RETURNING id";
  const char *plain[] = {f->address, f->phone, f->responsible_name, f->responsible_email, c->by};
  char *v[5];
  bool ok = true;
  for (int k = 0; k < 5; k++)
    ok = (v[k] = an_store_seal_for(db, 0, "applications", APP_SEALED[k], plain[k])) != NULL && ok;
  int rc =
      ok ? an_db_query(
               db, SQL,
               AN_ARGS(AN_P_TEXT(f->company_name), AN_P_TEXT(f->company_code), AN_P_TEXT(v[0]),
                       AN_P_TEXT(v[1]), AN_P_TEXT(v[2]), AN_P_TEXT(v[3]), AN_P_TEXT(f->admin_login),
                       AN_P_INT(f->plan_id), AN_P_INT(f->terms_document_id), AN_P_INT(now),
                       AN_P_TEXT(c->ip), AN_P_TEXT(v[4]), AN_P_TEXT(c->confirm_hash),
                       AN_P_INT(c->confirm_expires_at),
                       f->important_matters_document_id ? AN_P_INT(f->important_matters_document_id)
                                                        : AN_P_NULL,
                       AN_P_INT(f->privacy_confirmed ? 1 : 0),
                       AN_P_INT(f->antisocial_declared ? 1 : 0)),
               an_store_int_cb, id)
         : AN_DB_HARD;
  for (int k = 0; k < 5; k++)
    free(v[k]);
  return rc;
}

static void open_application(struct an_application *a)
{
  char **f[] = {&a->address, &a->phone, &a->responsible_name, &a->responsible_email,
                &a->consent_by};
  for (int k = 0; k < 5; k++)
    an_store_open_str(f[k], 0, "applications", APP_SEALED[k]);
}

/* clang-format off */
#define APP_COLUMNS(F, N)                                                                          \
  F(id, I, "a.id") N(status, T, "a.status") N(company_name, T, "a.company_name")                   \
  N(company_code, T, "a.company_code") N(address, T, "a.address") N(phone, T, "a.phone")           \
  N(responsible_name, T, "a.responsible_name") N(responsible_email, T, "a.responsible_email")      \
  N(admin_login, T, "a.admin_login") N(plan_id, I, "a.plan_id") N(plan_name, T, "p.name")          \
  N(service_name, T, "s.name") N(terms_document_id, I, "a.terms_document_id")                      \
  N(terms_version, I, "d.version") N(consent_at, TM, "a.consent_at")                               \
  N(consent_ip, T, "a.consent_ip") N(consent_by, T, "a.consent_by")                                \
  N(refusal_reason, T, "a.refusal_reason") N(decision_message, T, "a.decision_message")            \
  N(decided_by, T, "a.decided_by") N(decided_at, TM0, "a.decided_at")                              \
  N(tenant_id, I0, "a.tenant_id") N(contract_id, I0, "a.contract_id")                              \
  N(created_at, TM, "a.created_at") N(confirmed_at, TM0, "a.confirmed_at")                         \
  N(important_matters_document_id, I0, "a.important_matters_document_id")                          \
  N(company_code_taken, I, "CASE WHEN EXISTS (SELECT 1 FROM tenants t WHERE t.company_code = "     \
      "a.company_code) THEN 1 ELSE 0 END")                                                         \
  N(privacy_confirmed, B, "a.privacy_confirmed")                                                   \
  N(antisocial_declared, B, "a.antisocial_declared")
/* clang-format on */
#define T struct an_application
AN_COL_SPEC(, an_application_spec, APP_COLUMNS);
#undef T

#define APP_COLS                                                                                   \
  APP_COLUMNS(AN_COL_SQL1, AN_COL_SQL)                                                             \
  " FROM applications a JOIN plans p ON p.id = a.plan_id JOIN services s ON s.id = p.service_id "  \
  "JOIN documents d ON d.id = a.terms_document_id"

int an_store_application_get(struct an_db *db, int64_t id, struct an_application *out)
{
  static const char SQL[] = "SELECT " APP_COLS " WHERE a.id = $1";
  int rc = an_store_typed_row(db, SQL, AN_ARGS(AN_P_INT(id)), &an_application_spec, out);
  if (rc > 0)
    open_application(out);
  return rc;
}

int an_store_application_list(struct an_db *db, const char *status, int64_t limit, int64_t offset,
                              struct an_application **items, size_t *n)
{
  static const char SQL[] =
      "SELECT " APP_COLS " WHERE a.status <> 'unconfirmed' AND ($1 = '' OR a.status = $1) "
      "ORDER BY a.id DESC LIMIT $2 OFFSET $3";
  int rc =
      an_store_typed_rows(db, SQL, AN_ARGS(AN_P_TEXT(status), AN_P_INT(limit), AN_P_INT(offset)),
                          &an_application_spec, (void **)items, n);
  for (size_t i = 0; rc >= 0 && i < *n; i++)
    open_application(&(*items)[i]);
  return rc;
}

int an_store_application_confirm(struct an_db *db, const char *hash, int64_t now, int64_t *id)
{
  static const char SQL[] =
      "UPDATE applications SET status = 'pending', confirm_hash = '', confirmed_at = $2 "
      "WHERE confirm_hash = $1 AND $1 <> '' AND status = 'unconfirmed' "
      "AND confirm_expires_at > $2 RETURNING id";
  struct an_db_param p[] = {AN_P_TEXT(hash), AN_P_INT(now)};
  *id = 0;
  int rc = an_db_query(db, SQL, p, 2, an_store_int_cb, id);
  return rc < 0 ? rc : *id > 0;
}

int an_store_application_purge_unconfirmed(struct an_db *db, int64_t before)
{
  static const char SQL[] =
      "DELETE FROM applications WHERE status = 'unconfirmed' AND confirm_expires_at < $1";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(before)), NULL, NULL);
}

int an_store_application_decide(struct an_db *db, int64_t id, const char *status,
                                const char *reason, const char *message, const char *by,
                                int64_t tenant_id, int64_t contract_id, int64_t now)
{
  static const char SQL[] =
      "UPDATE applications SET status = $2, refusal_reason = $3, decision_message = $4, "
      "decided_by = $5, tenant_id = $6, contract_id = $7, decided_at = $8 "
      "WHERE id = $1 AND status = 'pending'";
  return an_db_query(db, SQL,
                     AN_ARGS(AN_P_INT(id), AN_P_TEXT(status), AN_P_TEXT(reason), AN_P_TEXT(message),
                             AN_P_TEXT(by), tenant_id ? AN_P_INT(tenant_id) : AN_P_NULL,
                             contract_id ? AN_P_INT(contract_id) : AN_P_NULL, AN_P_INT(now)),
                     NULL, NULL);
}

int an_store_contract_insert(struct an_db *db, const struct an_contract_new *c, int64_t now,
                             int64_t *id)
{
  static const char SQL[] =
      "INSERT INTO contracts (tenant_id, number, shop_id, service_id, plan_id, "
      "terms_document_id, start_on, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id";
  return an_db_query(db, SQL,
                     AN_ARGS(AN_P_INT(c->tenant_id), AN_P_TEXT(c->number), AN_P_INT(c->shop_id),
                             AN_P_INT(c->service_id), AN_P_INT(c->plan_id),
                             AN_P_INT(c->terms_document_id), AN_P_TEXT(c->start_on), AN_P_INT(now)),
                     an_store_int_cb, id);
}

#define CONTRACT_COLS                                                                              \
  "c.id, c.tenant_id, t.company_code, t.name AS company_name, c.number, c.shop_id, "               \
  "sh.name AS shop_name, c.service_id, s.code AS service_code, s.name AS service_name, "           \
  "c.plan_id, p.name AS plan_name, "                                                               \
  "p.monthly_fee, p.initial_fee, p.tax_rate, p.billing_cycle, p.max_users, p.storage_gb, "         \
  "c.terms_document_id, d.version AS terms_version, c.status, c.status_reason, c.area, "           \
  "c.start_on, c.requested_end_on, c.cancel_notice_at, c.end_on, c.access_end_on, "                \
  "c.billing_end_on, c.deletion_due_on, c.created_at, c.updated_at, s.url AS service_url, "        \
  "c.service_area "                                                                                \
  "FROM contracts c "                                                                              \
  "JOIN tenants t ON t.id = c.tenant_id JOIN shops sh ON sh.id = c.shop_id "                       \
  "JOIN services s ON s.id = c.service_id JOIN plans p ON p.id = c.plan_id "                       \
  "JOIN documents d ON d.id = c.terms_document_id"

#define T struct an_contract
static const struct an_field CONTRACT_FIELDS[] = {
    AN_FIELD(T, id, AN_F_INT, false),
    AN_FIELD(T, tenant_id, AN_F_INT, false),
    AN_FIELD(T, company_code, AN_F_TEXT, false),
    AN_FIELD(T, company_name, AN_F_TEXT, false),
    AN_FIELD(T, number, AN_F_TEXT, false),
    AN_FIELD(T, shop_id, AN_F_INT, false),
    AN_FIELD(T, shop_name, AN_F_TEXT, false),
    AN_FIELD(T, service_id, AN_F_INT, false),
    AN_FIELD(T, service_code, AN_F_TEXT, false),
    AN_FIELD(T, service_name, AN_F_TEXT, false),
    AN_FIELD(T, plan_id, AN_F_INT, false),
    AN_FIELD(T, plan_name, AN_F_TEXT, false),
    AN_FIELD(T, monthly_fee, AN_F_INT, false),
    AN_FIELD(T, initial_fee, AN_F_INT, false),
    AN_FIELD(T, tax_rate, AN_F_INT, false),
    AN_FIELD(T, billing_cycle, AN_F_TEXT, false),
    AN_FIELD(T, max_users, AN_F_INT, false),
    AN_FIELD(T, storage_gb, AN_F_INT, false),
    AN_FIELD(T, terms_document_id, AN_F_INT, false),
    AN_FIELD(T, terms_version, AN_F_INT, false),
    AN_FIELD(T, status, AN_F_TEXT, false),
    AN_FIELD(T, status_reason, AN_F_TEXT, false),
    AN_FIELD(T, area, AN_F_TEXT, false),
    AN_FIELD(T, start_on, AN_F_TEXT, false),
    AN_FIELD(T, requested_end_on, AN_F_TEXT, true),
    AN_FIELD(T, cancel_notice_at, AN_F_TIME, true),
    AN_FIELD(T, end_on, AN_F_TEXT, true),
    AN_FIELD(T, access_end_on, AN_F_TEXT, true),
    AN_FIELD(T, billing_end_on, AN_F_TEXT, true),
    AN_FIELD(T, deletion_due_on, AN_F_TEXT, true),
    AN_FIELD(T, created_at, AN_F_TIME, false),
    AN_FIELD(T, updated_at, AN_F_TIME, false),
    AN_FIELD(T, service_url, AN_F_TEXT, true),
    AN_FIELD(T, service_area, AN_F_TEXT, true),
};
const struct an_spec an_contract_spec = AN_SPEC(T, CONTRACT_FIELDS, nulls);
#undef T

/* $1 scope, $2 status, $3 the cursor, $4 limit, $5 offset. The cursor is a plain bound (never
 * "zero means no cursor" in SQL, which would keep the planner from reading the index range below
 * it: SQLite then walks the scope's index from its newest row, a cost that grows with the depth of
 * the page). */
#define PAGE_TAIL                                                                                  \
  " AND ($2 = '' OR c.status = $2) AND c.id < $3 ORDER BY c.id DESC LIMIT $4 OFFSET $5"

/* The cursor bound: ids below before, or every id when there is none (0). */
static int64_t below(int64_t before)
{
  return before > 0 ? before : INT64_MAX;
}

/* Reads the page of contracts sql selects (its $1 scope, then PAGE_TAIL's parameters) for scope
 * (0 is fn's bug and reads nothing, store/query.h) into a new array *items of *n. */
static int page(struct an_db *db, const char *sql, int64_t scope, const char *fn,
                const char *status, int64_t before, int64_t limit, int64_t offset,
                struct an_contract **items, size_t *n)
{
  return an_store_scoped_typed_rows(db, scope, fn, sql,
                                    AN_ARGS(AN_P_INT(scope), AN_P_TEXT(status),
                                            AN_P_INT(below(before)), AN_P_INT(limit),
                                            AN_P_INT(offset)),
                                    &an_contract_spec, (void **)items, n);
}

int an_store_contract_page(struct an_db *db, int64_t tenant_id, const char *status, int64_t before,
                           int64_t limit, int64_t offset, struct an_contract **items, size_t *n)
{
  static const char SQL[] = "SELECT " CONTRACT_COLS " WHERE c.tenant_id = $1" PAGE_TAIL;
  return page(db, SQL, tenant_id, __func__, status, before, limit, offset, items, n);
}

int an_store_contract_page_shop(struct an_db *db, int64_t shop_id, const char *status,
                                int64_t before, int64_t limit, int64_t offset,
                                struct an_contract **items, size_t *n)
{
  static const char SQL[] = "SELECT " CONTRACT_COLS " WHERE c.shop_id = $1" PAGE_TAIL;
  return page(db, SQL, shop_id, __func__, status, before, limit, offset, items, n);
}

int an_store_contract_page_all(struct an_db *db, const char *status, int64_t before, int64_t limit,
                               int64_t offset, struct an_contract **items, size_t *n)
{
  /* $1 is always 1 here, so the three scopes share one tail. */
  static const char SQL[] = "SELECT " CONTRACT_COLS " WHERE $1 = 1" PAGE_TAIL;
  return page(db, SQL, 1, __func__, status, before, limit, offset, items, n);
}

int an_store_contract_get(struct an_db *db, int64_t tenant_id, int64_t id, struct an_contract *out)
{
  static const char SQL[] = "SELECT " CONTRACT_COLS " WHERE c.id = $1 AND c.tenant_id = $2";
  struct an_db_param p[] = {AN_P_INT(id), AN_P_INT(tenant_id)};
  memset(out, 0, sizeof *out);
  return an_store_scoped_typed_row(db, tenant_id, __func__, SQL, p, 2, &an_contract_spec, out);
}

int an_store_contract_get_shop(struct an_db *db, int64_t shop_id, int64_t id,
                               struct an_contract *out)
{
  static const char SQL[] = "SELECT " CONTRACT_COLS " WHERE c.id = $1 AND c.shop_id = $2";
  struct an_db_param p[] = {AN_P_INT(id), AN_P_INT(shop_id)};
  memset(out, 0, sizeof *out);
  return an_store_scoped_typed_row(db, shop_id, __func__, SQL, p, 2, &an_contract_spec, out);
}

int an_store_contract_get_all(struct an_db *db, int64_t id, struct an_contract *out)
{
  static const char SQL[] = "SELECT " CONTRACT_COLS " WHERE c.id = $1";
  return an_store_typed_row(db, SQL, AN_ARGS(AN_P_INT(id)), &an_contract_spec, out);
}

int an_store_contract_list_shop_tenant(struct an_db *db, int64_t shop_id, int64_t tenant_id,
                                       int64_t limit, struct an_contract **items, size_t *n)
{
  static const char SQL[] = "SELECT " CONTRACT_COLS " WHERE c.shop_id = $1 AND c.tenant_id = $2 "
                            "ORDER BY c.id DESC LIMIT $3";
  struct an_db_param p[] = {AN_P_INT(shop_id), AN_P_INT(tenant_id), AN_P_INT(limit)};
  *items = NULL;
  *n = 0;
  return an_store_scoped(shop_id, __func__) && an_store_scoped(tenant_id, __func__)
             ? an_store_typed_rows(db, SQL, p, 3, &an_contract_spec, (void **)items, n)
             : 0;
}

int an_store_contract_list_service_all(struct an_db *db, int64_t service_id, int64_t limit,
                                       struct an_contract **items, size_t *n)
{
  static const char SQL[] =
      "SELECT " CONTRACT_COLS " WHERE c.service_id = $1 ORDER BY c.id DESC LIMIT $2";
  return an_store_typed_rows(db, SQL, AN_ARGS(AN_P_INT(service_id), AN_P_INT(limit)),
                             &an_contract_spec, (void **)items, n);
}

int an_store_contract_list_plan_live_all(struct an_db *db, int64_t plan_id, int64_t limit,
                                         struct an_contract **items, size_t *n)
{
  static const char SQL[] = "SELECT " CONTRACT_COLS " WHERE c.plan_id = $1 AND c.status NOT IN "
                            "('ended', 'terminated') ORDER BY c.id DESC LIMIT $2";
  return an_store_typed_rows(db, SQL, AN_ARGS(AN_P_INT(plan_id), AN_P_INT(limit)),
                             &an_contract_spec, (void **)items, n);
}

int an_store_contract_set_service_area(struct an_db *db, int64_t tenant_id, int64_t id,
                                       const char *area, int64_t now)
{
  static const char SQL[] = "UPDATE contracts SET service_area = $3, updated_at = $4 "
                            "WHERE tenant_id = $1 AND id = $2";
  return an_store_scoped(tenant_id, __func__)
             ? an_db_query(
                   db, SQL,
                   AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(id), AN_P_TEXT(area), AN_P_INT(now)), NULL,
                   NULL)
             : 0;
}

int an_store_contract_count(struct an_db *db, int64_t *n)
{
  static const char SQL[] = "SELECT COUNT(*) FROM contracts";
  *n = 0;
  return an_db_query(db, SQL, NULL, 0, an_store_int_cb, n);
}

int an_store_contract_set_status(struct an_db *db, int64_t tenant_id, int64_t id,
                                 const char *status, const char *reason, int64_t now)
{
  static const char SQL[] = "UPDATE contracts SET status = $2, status_reason = $3, updated_at = $4 "
                            "WHERE id = $1 AND tenant_id = $5";
  return an_store_scoped(tenant_id, __func__)
             ? an_db_query(db, SQL,
                           AN_ARGS(AN_P_INT(id), AN_P_TEXT(status), AN_P_TEXT(reason),
                                   AN_P_INT(now), AN_P_INT(tenant_id)),
                           NULL, NULL)
             : 0;
}

int an_store_contract_set_plan(struct an_db *db, int64_t tenant_id, int64_t id, int64_t plan_id,
                               int64_t now)
{
  static const char SQL[] =
      "UPDATE contracts SET plan_id = $2, updated_at = $3 WHERE id = $1 AND tenant_id = $4";
  return an_store_scoped(tenant_id, __func__)
             ? an_db_query(
                   db, SQL,
                   AN_ARGS(AN_P_INT(id), AN_P_INT(plan_id), AN_P_INT(now), AN_P_INT(tenant_id)),
                   NULL, NULL)
             : 0;
}

int an_store_contract_set_dates(struct an_db *db, int64_t tenant_id, int64_t id,
                                const char *requested_end_on, int64_t notice_at, const char *end_on,
                                const char *access_end_on, const char *billing_end_on,
                                const char *deletion_due_on, int64_t now)
{
  static const char SQL[] =
      "UPDATE contracts SET requested_end_on = COALESCE($2, requested_end_on), "
      "cancel_notice_at = COALESCE($3, cancel_notice_at), end_on = COALESCE($4, end_on), "
      "access_end_on = COALESCE($5, access_end_on), billing_end_on = COALESCE($6, "
      "billing_end_on), deletion_due_on = COALESCE($7, deletion_due_on), updated_at = $8 "
      "WHERE id = $1 AND tenant_id = $9";
  return an_store_scoped(tenant_id, __func__)
             ? an_db_query(db, SQL,
                           AN_ARGS(AN_P_INT(id), AN_P_TEXT(requested_end_on),
                                   notice_at ? AN_P_INT(notice_at) : AN_P_NULL, AN_P_TEXT(end_on),
                                   AN_P_TEXT(access_end_on), AN_P_TEXT(billing_end_on),
                                   AN_P_TEXT(deletion_due_on), AN_P_INT(now), AN_P_INT(tenant_id)),
                           NULL, NULL)
             : 0;
}

int an_store_contract_clear_cancel(struct an_db *db, int64_t tenant_id, int64_t id, int64_t now)
{
  static const char SQL[] =
      "UPDATE contracts SET requested_end_on = NULL, cancel_notice_at = NULL, end_on = NULL, "
      "access_end_on = NULL, billing_end_on = NULL, deletion_due_on = NULL, updated_at = $3 "
      "WHERE id = $1 AND tenant_id = $2 AND status = 'active'";
  return an_store_scoped(tenant_id, __func__)
             ? an_db_query(db, SQL, AN_ARGS(AN_P_INT(id), AN_P_INT(tenant_id), AN_P_INT(now)), NULL,
                           NULL)
             : 0;
}

int an_store_change_insert(struct an_db *db, int64_t tenant_id, int64_t contract_id,
                           const char *kind, int64_t plan_id, const char *details,
                           const char *effective_on, bool late, const char *by, int64_t now,
                           int64_t *id)
{
  static const char SQL[] =
      "INSERT INTO change_requests (tenant_id, contract_id, kind, plan_id, details, effective_on, "
      "late_notice, requested_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
      "RETURNING id";
  char *sealed = an_store_seal_for(db, tenant_id, "change_requests", "details", details);
  int rc = sealed ? an_db_query(db, SQL,
                                AN_ARGS(AN_P_INT(tenant_id),
                                        contract_id ? AN_P_INT(contract_id) : AN_P_NULL,
                                        AN_P_TEXT(kind), plan_id ? AN_P_INT(plan_id) : AN_P_NULL,
                                        AN_P_TEXT(sealed), AN_P_TEXT(effective_on), AN_P_BOOL(late),
                                        AN_P_TEXT(by), AN_P_INT(now)),
                                an_store_int_cb, id)
                  : AN_DB_HARD;
  free(sealed);
  return rc;
}

/* The requested particulars (a JSON text naming people, addresses and phones) are sealed under
 * the tenant's key (store/seal_fields.h). */
static int open_changes(struct an_change *items, size_t n, int rc)
{
  for (size_t i = 0; rc >= 0 && i < n; i++)
    an_store_open_str(&items[i].details, items[i].tenant_id, "change_requests", "details");
  return rc;
}

/* clang-format off */
#define CHANGE_COLUMNS(F, N)                                                                       \
  F(id, I, "r.id") N(tenant_id, I, "r.tenant_id") N(company_name, T, "t.name")                     \
  N(contract_id, I0, "r.contract_id") N(kind, T, "r.kind") N(plan_id, I0, "r.plan_id")             \
  N(plan_name, T0, "p.name") N(details, T, "r.details") N(effective_on, T, "r.effective_on")       \
  N(late_notice, I, "r.late_notice") N(status, T, "r.status")                                      \
  N(requested_by, T, "r.requested_by") N(decided_by, T, "r.decided_by")                            \
  N(decision_message, T, "r.decision_message") N(decided_at, TM0, "r.decided_at")                  \
  N(applied_at, TM0, "r.applied_at") N(created_at, TM, "r.created_at")                             \
  N(refusal_reason, T0, "r.refusal_reason")
/* clang-format on */
#define CHANGE_COLS                                                                                \
  CHANGE_COLUMNS(AN_COL_SQL1, AN_COL_SQL)                                                          \
  " FROM change_requests r JOIN tenants t ON t.id = r.tenant_id LEFT JOIN plans p ON p.id = "      \
  "r.plan_id"

#define T struct an_change
AN_COL_SPEC(, an_change_spec, CHANGE_COLUMNS);
#undef T

int an_store_change_get(struct an_db *db, int64_t tenant_id, int64_t id, struct an_change *out)
{
  static const char SQL[] = "SELECT " CHANGE_COLS " WHERE r.id = $1 AND r.tenant_id = $2";
  struct an_db_param p[] = {AN_P_INT(id), AN_P_INT(tenant_id)};
  memset(out, 0, sizeof *out);
  return an_store_scoped(tenant_id, __func__)
             ? open_changes(out, 1, an_store_typed_row(db, SQL, p, 2, &an_change_spec, out))
             : 0;
}

int an_store_change_get_all(struct an_db *db, int64_t id, struct an_change *out)
{
  static const char SQL[] = "SELECT " CHANGE_COLS " WHERE r.id = $1";
  int rc = an_store_typed_row(db, SQL, AN_ARGS(AN_P_INT(id)), &an_change_spec, out);
  return rc > 0 ? open_changes(out, 1, rc) : rc;
}

int an_store_change_list(struct an_db *db, int64_t tenant_id, const char *status,
                         struct an_change **items, size_t *n)
{
  static const char SQL[] = "SELECT " CHANGE_COLS " WHERE r.tenant_id = $1 "
                            "AND ($2 = '' OR r.status = $2) ORDER BY r.id DESC LIMIT 500";
  struct an_db_param p[] = {AN_P_INT(tenant_id), AN_P_TEXT(status)};
  *items = NULL;
  *n = 0;
  return an_store_scoped(tenant_id, __func__)
             ? open_changes(*items, *n,
                            an_store_typed_rows(db, SQL, p, 2, &an_change_spec, (void **)items, n))
             : 0;
}

int an_store_change_list_all(struct an_db *db, const char *status, struct an_change **items,
                             size_t *n)
{
  static const char SQL[] =
      "SELECT " CHANGE_COLS " WHERE ($1 = '' OR r.status = $1) ORDER BY r.id DESC LIMIT 500";
  int rc =
      an_store_typed_rows(db, SQL, AN_ARGS(AN_P_TEXT(status)), &an_change_spec, (void **)items, n);
  return open_changes(*items, *n, rc);
}

int an_store_change_set_status(struct an_db *db, int64_t tenant_id, int64_t id, const char *from,
                               const char *to, const char *by, const char *message, int64_t now)
{
  static const char SQL[] =
      "UPDATE change_requests SET status = $3, "
      "decided_by = CASE WHEN $3 = 'applied' THEN decided_by ELSE $4 END, "
      "decision_message = CASE WHEN $3 = 'applied' THEN decision_message ELSE $5 END, "
      "decided_at = CASE WHEN $3 = 'applied' THEN decided_at ELSE $6 END, "
      "applied_at = CASE WHEN $3 = 'applied' THEN $6 ELSE applied_at END "
      "WHERE id = $1 AND status = $2 AND tenant_id = $7";
  return an_store_scoped(tenant_id, __func__)
             ? an_db_query(db, SQL,
                           AN_ARGS(AN_P_INT(id), AN_P_TEXT(from), AN_P_TEXT(to), AN_P_TEXT(by),
                                   AN_P_TEXT(message), AN_P_INT(now), AN_P_INT(tenant_id)),
                           NULL, NULL)
             : 0;
}

int an_store_change_set_refusal(struct an_db *db, int64_t tenant_id, int64_t id, const char *reason)
{
  static const char SQL[] =
      "UPDATE change_requests SET refusal_reason = $3 WHERE id = $1 AND tenant_id = $2";
  return an_store_scoped(tenant_id, __func__)
             ? an_db_query(db, SQL, AN_ARGS(AN_P_INT(id), AN_P_INT(tenant_id), AN_P_TEXT(reason)),
                           NULL, NULL)
             : 0;
}

/* clang-format off */
#define HOLDER_COLS(F, N)                                                                          \
  F(id, I, "t.id") N(name, T, "t.name") N(responsible_name, T, "t.responsible_name")               \
  N(responsible_email, T, "t.responsible_email")
/* clang-format on */
#define T struct an_holder
AN_COL_SPEC(, an_holder_spec, HOLDER_COLS);
#undef T

/* Opens a holder's sealed responsible person (store/seal.h) in place. */
static void open_holder(struct an_holder *h)
{
  char **fields[] = {&h->responsible_name, &h->responsible_email};
  static const char *const columns[] = {"responsible_name", "responsible_email"};
  for (size_t i = 0; i < 2; i++) {
    char *plain = an_store_open_text(h->id, "tenants", h->id, columns[i], *fields[i], NULL);
    free(*fields[i]);
    *fields[i] = plain;
  }
}

int an_store_contract_holders_all(struct an_db *db, struct an_holder **items, size_t *n)
{
  static const char SQL[] = "SELECT DISTINCT " HOLDER_COLS(
      AN_COL_SQL1,
      AN_COL_SQL) " FROM contracts c "
                  "JOIN tenants t ON t.id = c.tenant_id WHERE c.status IN ('active', 'suspended') "
                  "ORDER BY t.id";
  int rc = an_store_seal_sync(db);
  rc = rc < 0 ? rc : an_store_typed_rows(db, SQL, NULL, 0, &an_holder_spec, (void **)items, n);
  for (size_t i = 0; rc >= 0 && i < *n; i++)
    open_holder(&(*items)[i]);
  return rc;
}
