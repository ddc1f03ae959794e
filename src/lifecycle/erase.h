/* Deleting a tenant (issue 14: CHK-17, WP-4, WP-11, SLA-14, TOS-27).
 *
 * One deletion, whoever starts it (the deadline after the contract's end, or a whole-company
 * deletion approved by two operator admins): in one transaction the tenant's rows are counted
 * and deleted, its wrapped data key is destroyed (crypto-shredding of what is sealed under it)
 * and the tenant row becomes a tombstone keeping only its company code, with the audit event
 * "tenant.erase"; then the store is compacted (SQLite secure_delete + VACUUM + WAL truncation,
 * PostgreSQL VACUUM) so the deleted rows leave the files; then a signed certificate is written
 * (lifecycle/certificate.h), recorded ("certificate.issue") and announced by mail to the
 * tenant's responsible person. Audit events of the tenant stay: the chain still verifies. */
#ifndef AN_LIFECYCLE_ERASE_H
#define AN_LIFECYCLE_ERASE_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "store/db.h"

/* Refusals of the two-person rule and of the request (not database errors). */
#define AN_ERASE_SELF_APPROVAL (-20) /* the approver is the requester */
#define AN_ERASE_NOT_ADMIN (-21)     /* not an active operator admin */
#define AN_ERASE_NOT_FOUND (-22)     /* no such tenant or request, or not pending */

/* Deletes tenant_id now. reason is shown on the certificate; approval (may be "") names who
 * asked and approved. *out (may be NULL) gets {certificate_id, certificate_no, file, deleted}.
 * Returns 1, AN_ERASE_NOT_FOUND (no such tenant or already erased), or an AN_DB_* error /
 * 0 with a message in err. */
int an_lifecycle_erase(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                       const char *reason, const char *approval, json_t **out, char *err,
                       size_t errlen);
/* Deletes every tenant whose deletion deadline has come (ctx->now, JST date). Returns how many. */
int an_lifecycle_erase_due(const struct an_ctx *ctx, struct an_db *db);

/* A whole-company deletion request by operator admin `by` (audited "tenant.erase_request").
 * *id gets its number. Returns 1, AN_ERASE_NOT_ADMIN, AN_ERASE_NOT_FOUND or an error. */
int an_lifecycle_erase_request(const struct an_ctx *ctx, struct an_db *db, const char *company_code,
                               const char *reason, const char *by, int64_t *id);
/* Approval by a different operator admin `by` (audited "tenant.erase_approve", refusals too),
 * then the deletion. Returns 1, AN_ERASE_SELF_APPROVAL, AN_ERASE_NOT_ADMIN, AN_ERASE_NOT_FOUND
 * or an error. */
int an_lifecycle_erase_approve(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                               const char *by, json_t **out, char *err, size_t errlen);
/* The requests, newest first. */
int an_lifecycle_erase_list(struct an_db *db, json_t *out);

#endif
