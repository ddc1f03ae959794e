/* The live side of the self-assessment (migration 049): each requirement's current status, the
 * history of its changes, and the operator's attestations. No tenant owns these rows: every read
 * is operator-wide. Records come back through store/rows.h ("*_at" columns as RFC 3339). */
#ifndef AN_STORE_COMPLIANCE_LIVE_H
#define AN_STORE_COMPLIANCE_LIVE_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"

/* One requirement's evaluated state, as written. vars and evidence are JSON texts. */
struct an_store_cstatus {
  const char *requirement, *status, *source, *reason_key, *vars, *evidence;
  int64_t since, evaluated;
};

/* The stored status of requirement: {status, since_us} in *out. Returns 1, 0 or an error. */
int an_store_cstatus_get(struct an_db *db, const char *requirement, json_t **out);
/* Creates or replaces requirement's status. Returns 1 or an error. */
int an_store_cstatus_put(struct an_db *db, const struct an_store_cstatus *s);
/* Every stored status ordered by requirement, as records {requirement, status, source,
 * reason_key, reason_vars, evidence, since_at, evaluated_at}. Returns the count or an error. */
int an_store_cstatus_list_all(struct an_db *db, json_t *out);
/* Records a change of status (previous "" for the first evaluation). */
int an_store_chistory_add(struct an_db *db, const struct an_store_cstatus *s, const char *previous,
                          bool alerted);
/* The newest changes (of requirement, or of all when it is ""), at most limit, newest first, as
 * records {id, requirement, status, previous, reason_key, reason_vars, evidence, alerted,
 * changed_at}. Returns the count or an error. */
int an_store_chistory_list_all(struct an_db *db, const char *requirement, int64_t limit,
                               json_t *out);

/* An attestation to record. Dates are "YYYY-MM-DD". */
struct an_store_attest {
  const char *requirement, *attested_by, *role, *attested_on, *expires_on, *document_ref, *note,
      *recorded_by;
  int64_t created;
};
/* Inserts a; *id gets its id. Returns 1 or an error. */
int an_store_attest_add(struct an_db *db, const struct an_store_attest *a, int64_t *id);
/* The attestations not revoked, ordered by requirement and newest first, as records {id,
 * requirement, attested_by, role, attested_on, expires_on, document_ref, note, recorded_by,
 * created_at}. Returns the count or an error. */
int an_store_attest_list_all(struct an_db *db, json_t *out);
/* One attestation not revoked, by id. Returns 1, 0 or an error. */
int an_store_attest_get(struct an_db *db, int64_t id, json_t **out);
/* Revokes attestation id (not revoked yet) by `by` at now. Returns 1, 0 when none, or an error. */
int an_store_attest_revoke(struct an_db *db, int64_t id, const char *by, int64_t now);

/* Figures over every contract for the checks of MARK-4-1-3 and 4-1-4: how many contracts there
 * are, how many have no application with a recorded consent, and how many were never sent their
 * contract document (the portal notice of kind "contract" that carries it). */
int an_store_compliance_contracts_all(struct an_db *db, int64_t *total, int64_t *no_consent,
                                      int64_t *no_document);
/* Erased tenants without a deletion certificate (*missing) and certificates issued (*issued). */
int an_store_compliance_erasures_all(struct an_db *db, int64_t *missing, int64_t *issued);
/* Personal-data requests that were verified, as records {id, status, due_on, completed_us}
 * (completed_us 0 while open), at most 10,000, oldest first. */
int an_store_compliance_pd_requests_all(struct an_db *db, json_t *out);

#endif
