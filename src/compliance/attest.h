/* Attestations (issue 16 item 3): for an organisational requirement (management's approval of
 * the policy, fire protection of the data centre, staff training ...) the operator records who
 * attests, in which role, on which date, the document it rests on, free text and an expiry
 * (default [compliance] attestation_days after the date). An attestation counts until its
 * expiry day; from that day it is flagged expired and no longer makes its requirement compliant.
 * Recording and revoking one are audit events. Operator scope only. */
#ifndef AN_COMPLIANCE_ATTEST_H
#define AN_COMPLIANCE_ATTEST_H
#include <jansson.h>
#include <stdbool.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"

struct an_attest_in {
  const char *requirement;  /* a requirement ID such as "MARK-1-1-1" */
  const char *attested_by;  /* the person who attests */
  const char *role;         /* that person's role */
  const char *attested_on;  /* YYYY-MM-DD, not after today (JST); NULL = today */
  const char *expires_on;   /* YYYY-MM-DD after attested_on; NULL = the default term */
  const char *document_ref; /* where the evidence is kept; may be NULL */
  const char *note;         /* free text; may be NULL */
};

/* True when id looks like a requirement ID: capital letters, then "-" and digits, once or more
 * (CHK-15, SLA-4, MARK-3-1-5), at most 32 characters. */
bool an_requirement_id_valid(const char *id);
/* True when key names a catalog item itself, "<catalog>:<item>" ("mark:5-1-2",
 * "checksheet:6-25"), for an organisational item that cites no requirement ID; at most 32
 * characters. An attestation may be keyed by either. */
bool an_attest_item_key_valid(const char *key);
/* Records an attestation and audits compliance.attest. *out gets it (with "expired"). On
 * AN_EC_GENERIC_INVALID_FIELD *field names the bad member. */
enum an_ec an_attest_add(const struct an_ctx *ctx, struct an_db *db, const struct an_attest_in *in,
                         const char **field, json_t **out);
/* {"attestations": [...]} (not revoked, each with "expired"). */
enum an_ec an_attest_list(const struct an_ctx *ctx, struct an_db *db, json_t **out);
/* Revokes attestation id and audits compliance.attest_revoke. AN_EC_GENERIC_NOT_FOUND when none
 * (or revoked already). */
enum an_ec an_attest_revoke(const struct an_ctx *ctx, struct an_db *db, int64_t id);
/* The attestations not revoked (records from the store) with "expired" set against today (JST
 * at ctx->now). Returns the count or an AN_DB_* error. */
int an_attest_current(const struct an_ctx *ctx, struct an_db *db, json_t *out);

#endif
