#include "store/compliance_live.h"

#include "store/query.h"
#include "store/rows.h"

int an_store_cstatus_get(struct an_db *db, const char *requirement, json_t **out)
{
  static const char SQL[] =
      "SELECT status, since_at AS since_us FROM compliance_status WHERE requirement = $1";
  return an_store_row(db, SQL, AN_ARGS(AN_P_TEXT(requirement)), out);
}

int an_store_cstatus_put(struct an_db *db, const struct an_store_cstatus *s)
{
  static const char SQL[] =
      "INSERT INTO compliance_status (requirement, status, source, reason_key, reason_vars, "
      "evidence, since_at, evaluated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
      "ON CONFLICT (requirement) DO UPDATE SET status = excluded.status, source = excluded.source, "
      "reason_key = excluded.reason_key, reason_vars = excluded.reason_vars, "
      "evidence = excluded.evidence, since_at = excluded.since_at, "
      "evaluated_at = excluded.evaluated_at";
  int rc = an_db_query(db, SQL,
                       AN_ARGS(AN_P_TEXT(s->requirement), AN_P_TEXT(s->status),
                               AN_P_TEXT(s->source), AN_P_TEXT(s->reason_key), AN_P_TEXT(s->vars),
                               AN_P_TEXT(s->evidence), AN_P_INT(s->since), AN_P_INT(s->evaluated)),
                       NULL, NULL);
  return rc < 0 ? rc : 1;
}

int an_store_cstatus_list_all(struct an_db *db, json_t *out)
{
  static const char SQL[] =
      "SELECT requirement, status, source, reason_key, reason_vars, evidence, since_at, "
      "evaluated_at FROM compliance_status ORDER BY requirement";
  return an_store_rows(db, SQL, NULL, 0, out);
}

int an_store_chistory_add(struct an_db *db, const struct an_store_cstatus *s, const char *previous,
                          bool alerted)
{
  static const char SQL[] =
      "INSERT INTO compliance_history (requirement, status, previous, reason_key, reason_vars, "
      "evidence, alerted, changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
  int rc = an_db_query(db, SQL,
                       AN_ARGS(AN_P_TEXT(s->requirement), AN_P_TEXT(s->status), AN_P_TEXT(previous),
                               AN_P_TEXT(s->reason_key), AN_P_TEXT(s->vars), AN_P_TEXT(s->evidence),
                               AN_P_BOOL(alerted), AN_P_INT(s->evaluated)),
                       NULL, NULL);
  return rc < 0 ? rc : 1;
}

int an_store_chistory_list_all(struct an_db *db, const char *requirement, int64_t limit,
                               json_t *out)
{
  static const char ALL[] =
      "SELECT id, requirement, status, previous, reason_key, reason_vars, evidence, alerted, "
      "changed_at FROM compliance_history ORDER BY id DESC LIMIT $1";
  static const char ONE[] =
      "SELECT id, requirement, status, previous, reason_key, reason_vars, evidence, alerted, "
      "changed_at FROM compliance_history WHERE requirement = $2 ORDER BY id DESC LIMIT $1";
  struct an_db_param p[] = {AN_P_INT(limit), AN_P_TEXT(requirement)};
  return requirement[0] ? an_store_rows(db, ONE, p, 2, out) : an_store_rows(db, ALL, p, 1, out);
}

int an_store_attest_add(struct an_db *db, const struct an_store_attest *a, int64_t *id)
{
  static const char SQL[] =
      "INSERT INTO compliance_attestations (requirement, attested_by, role, attested_on, "
      "expires_on, document_ref, note, recorded_by, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
  struct an_db_param p[] = {
      AN_P_TEXT(a->requirement), AN_P_TEXT(a->attested_by), AN_P_TEXT(a->role),
      AN_P_TEXT(a->attested_on), AN_P_TEXT(a->expires_on),  AN_P_TEXT(a->document_ref),
      AN_P_TEXT(a->note),        AN_P_TEXT(a->recorded_by), AN_P_INT(a->created)};
  *id = 0;
  int rc = an_db_query(db, SQL, p, 9, an_store_int_cb, id);
  return rc < 0 ? rc : 1;
}

#define ATTEST_COLS                                                                                \
  "id, requirement, attested_by, role, attested_on, expires_on, document_ref, note, "              \
  "recorded_by, created_at"

int an_store_attest_list_all(struct an_db *db, json_t *out)
{
  static const char SQL[] = "SELECT " ATTEST_COLS " FROM compliance_attestations "
                            "WHERE revoked_at IS NULL ORDER BY requirement, id DESC";
  return an_store_rows(db, SQL, NULL, 0, out);
}

int an_store_attest_get(struct an_db *db, int64_t id, json_t **out)
{
  static const char SQL[] = "SELECT " ATTEST_COLS " FROM compliance_attestations "
                            "WHERE id = $1 AND revoked_at IS NULL";
  return an_store_row(db, SQL, AN_ARGS(AN_P_INT(id)), out);
}

int an_store_attest_revoke(struct an_db *db, int64_t id, const char *by, int64_t now)
{
  static const char SQL[] = "UPDATE compliance_attestations SET revoked_at = $2, revoked_by = $3 "
                            "WHERE id = $1 AND revoked_at IS NULL";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(id), AN_P_INT(now), AN_P_TEXT(by)), NULL, NULL);
}

int an_store_compliance_contracts_all(struct an_db *db, int64_t *total, int64_t *no_consent,
                                      int64_t *no_document)
{
  static const char SQL[] =
      "SELECT COUNT(*) AS total, CAST(COALESCE(SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM "
      "applications a WHERE a.contract_id = c.id AND a.consent_at > 0) THEN 1 ELSE 0 END), 0) "
      "AS BIGINT) AS no_consent, CAST(COALESCE(SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM notices n "
      "WHERE n.tenant_id = c.tenant_id AND n.kind = 'contract' AND n.ref = 'contract:' || c.id) "
      "THEN 1 ELSE 0 END), 0) AS BIGINT) AS no_document FROM contracts c";
  static const char *const NAMES[] = {"total", "no_consent", "no_document"};
  return an_store_counts(db, SQL, NULL, 0, NAMES,
                         (int64_t *const[]){total, no_consent, no_document}, 3);
}

int an_store_compliance_erasures_all(struct an_db *db, int64_t *missing, int64_t *issued)
{
  static const char SQL[] =
      "SELECT (SELECT COUNT(*) FROM tenants t WHERE t.status = 'erased' AND NOT EXISTS (SELECT 1 "
      "FROM deletion_certificates d WHERE d.tenant_id = t.id)) AS missing, "
      "(SELECT COUNT(*) FROM deletion_certificates) AS issued";
  static const char *const NAMES[] = {"missing", "issued"};
  return an_store_counts(db, SQL, NULL, 0, NAMES, (int64_t *const[]){missing, issued}, 2);
}

int an_store_compliance_pd_requests_all(struct an_db *db, json_t *out)
{
  static const char SQL[] =
      "SELECT id, status, due_on, COALESCE(completed_at, 0) AS completed_us FROM pd_requests "
      "WHERE status <> 'unverified' ORDER BY id LIMIT 10000";
  return an_store_rows(db, SQL, NULL, 0, out);
}
