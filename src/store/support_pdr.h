/* Personal-data requests (MARK-7-5-2) and the reads a disclosure is made of: everything held
 * about one person, found by the address on record. Operator-wide reads end in _all; the
 * disclosure reads are exact (an address compared without case, a user by tenant and id). */
#ifndef AN_STORE_SUPPORT_PDR_H
#define AN_STORE_SUPPORT_PDR_H
#include <jansson.h>
#include <stdint.h>

#include "store/db.h"

/* Inserts request r (tenant_id, user_id, email, name, kind, detail, lang, status, code_mac,
 * code_expires_us, token_hash, token_expires_us, due_on, created_us, verified_us or null) and
 * sets *id. */
int an_store_pdr_insert(struct an_db *db, const json_t *r, int64_t *id);
/* Writes the mutable fields of r (status, code_mac, code_expires_us, code_attempts, token_hash,
 * token_expires_us, ticket_id, outcome, handled_by, verified_us, completed_us, carried_out,
 * reminded) to request r.id
 * of tenant r.tenant_id (the request's own, 0 for one from outside any tenant). */
int an_store_pdr_update(struct an_db *db, const json_t *r);
/* A request by id: of the tenant (tenant_id > 0), or any (operator, and the public flow that
 * proves itself with a code or a token). */
int an_store_pdr_get(struct an_db *db, int64_t tenant_id, int64_t id, json_t **out);
int an_store_pdr_get_all(struct an_db *db, int64_t id, json_t **out);
/* Lists, newest first, at most 500: the tenant's, or every request. */
int an_store_pdr_list(struct an_db *db, int64_t tenant_id, json_t *out);
int an_store_pdr_list_all(struct an_db *db, json_t *out);

/* Disclosure reads for one address. */
int an_store_pdr_users_all(struct an_db *db, const char *email, json_t *out);
int an_store_pdr_audit_of_user(struct an_db *db, int64_t tenant_id, int64_t user_id, json_t *out);
int an_store_pdr_tickets_all(struct an_db *db, const char *email, json_t *out);
int an_store_pdr_mails_all(struct an_db *db, const char *email, json_t *out);

/* A granted correction (MARK-7-5-2): the display name and/or the address (NULL = unchanged) of
 * user_id of tenant_id. Returns 1, 0 when no such user, or an error. */
int an_store_pdr_correct_user(struct an_db *db, int64_t tenant_id, int64_t user_id,
                              const char *display_name, const char *email, int64_t now);

/* Sets the deadline reminders sent for request id of tenant_id (its own; 0 for one from outside
 * any tenant), comma-separated, when they are still `had` (what the caller read): returns 1, or 0
 * when another instance recorded a reminder since (the caller rolls back: sent once), or an
 * error. */
int an_store_pdr_set_reminded(struct an_db *db, int64_t tenant_id, int64_t id, const char *had,
                              const char *reminded);

#endif
