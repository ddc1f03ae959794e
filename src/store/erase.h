/* Deleting one tenant's data (issue 14: CHK-17, WP-4, WP-11, SLA-14, TOS-27): counting and
 * deleting every row that belongs to the tenant, destroying its wrapped data key, compacting the
 * store; the deletion requests of the two-person rule and the deletion certificates. Every
 * function that touches a tenant's rows takes its id and names it in every WHERE. Audit events
 * are not deleted: the chain must still verify (docs "Backups and restore drills"). */
#ifndef AN_STORE_ERASE_H
#define AN_STORE_ERASE_H
#include <jansson.h>
#include <stdint.h>

#include "store/db.h"

/* The tenant as the deletion needs it: {id, company_code, name, status, responsible_name,
 * responsible_email, lang, contracts: "number,number"}. Returns 1, 0 or an error. */
int an_store_erase_tenant_get(struct an_db *db, int64_t tenant_id, json_t **out);
/* The tenant by company code (upper-case), same shape. */
int an_store_erase_tenant_by_code(struct an_db *db, const char *code, json_t **out);
/* Rows of the tenant per kind, into out {kind: n}. Returns 1 or an error. */
int an_store_erase_counts(struct an_db *db, int64_t tenant_id, json_t *out);
/* Deletes every row of the tenant (users and their sessions, second factors, password history,
 * tokens, policies, contracts, change requests, notices, hand-over records, applications, mail)
 * and turns the tenant row into a tombstone: company code kept (so it is never reused), every
 * other field emptied, the wrapped data key destroyed, status "erased". Run inside a
 * transaction. Returns 1, 0 (no such tenant, or already erased) or an error. */
int an_store_erase_tenant(struct an_db *db, int64_t tenant_id, int64_t now);
/* Compacts after a deletion so deleted rows leave the files: SQLite wal_checkpoint(TRUNCATE)
 * and VACUUM (with secure_delete on for the deleting connection, see
 * an_store_erase_secure_delete), PostgreSQL VACUUM. Outside a transaction. */
int an_store_erase_compact(struct an_db *db);
/* SQLite: overwrite deleted content with zeros on this connection (PRAGMA secure_delete). */
int an_store_erase_secure_delete(struct an_db *db);
/* Tenants not erased whose contracts have all ended and whose latest deletion date
 * (deletion_due_on, a JST "YYYY-MM-DD") is on or before today, as records {id}. */
int an_store_erase_due_all(struct an_db *db, const char *today, json_t *out);

/* Two-person deletion requests. */
int an_store_erasure_request(struct an_db *db, int64_t tenant_id, const char *reason,
                             const char *by, int64_t now, int64_t *id);
/* {id, tenant_id, reason, requested_by, requested_at, approved_by, approved_at, status}. */
int an_store_erasure_get(struct an_db *db, int64_t id, json_t **out);
/* Marks a requested request approved by by (only from status "requested"). Returns 1 or 0. */
int an_store_erasure_approve(struct an_db *db, int64_t id, const char *by, int64_t now);
int an_store_erasure_list_all(struct an_db *db, json_t *out);

/* Certificates. */
int an_store_certificate_add(struct an_db *db, int64_t tenant_id, const char *company_code,
                             int64_t issued_at, const char *content, const char *signature,
                             const char *file_name, int64_t *id);
/* {id, tenant_id, company_code, issued_at, content, signature, file_name}. */
int an_store_certificate_get_all(struct an_db *db, int64_t id, json_t **out);
int an_store_certificate_list_all(struct an_db *db, json_t *out);

#endif
