/* A tenant's data exports (issue 14, WP-16, TOS-10, SLA-23, SLA-24): the export rows, and the
 * tenant-scoped reads that fill the export ZIP. Every tenant function takes the tenant id first
 * and names it in every WHERE; the worker's claim and the expiry are operator-wide (_all). */
#ifndef AN_STORE_EXPORTS_H
#define AN_STORE_EXPORTS_H
#include <jansson.h>
#include <stdint.h>

#include "store/db.h"

/* Queues an export; *id gets its number. */
int an_store_export_add(struct an_db *db, int64_t tenant_id, const char *by, int64_t now,
                        int64_t *id);
/* How many exports the tenant asked for since `since`, and how many are queued or running. */
int an_store_export_counts(struct an_db *db, int64_t tenant_id, int64_t since, int64_t *recent,
                           int64_t *open);
/* The tenant's exports, newest first (at most 50), as records. */
int an_store_export_list(struct an_db *db, int64_t tenant_id, json_t *out);
int an_store_export_get(struct an_db *db, int64_t tenant_id, int64_t id, json_t **out);
/* The oldest queued export of any tenant, set running. Returns 1 (record in *out), 0 or error. */
int an_store_export_claim_all(struct an_db *db, json_t **out);
int an_store_export_progress(struct an_db *db, int64_t tenant_id, int64_t id, int64_t progress);
int an_store_export_ready(struct an_db *db, int64_t tenant_id, int64_t id, const char *file_name,
                          int64_t bytes, int64_t now, int64_t expires_at);
int an_store_export_failed(struct an_db *db, int64_t tenant_id, int64_t id, const char *error);
/* Sets the download token's hash of a ready export (a new link replaces the old). */
int an_store_export_set_token(struct an_db *db, int64_t tenant_id, int64_t id,
                              const char *token_hash);
/* The ready, unexpired export whose token hashes to token_hash, of the tenant. */
int an_store_export_by_token(struct an_db *db, int64_t tenant_id, const char *token_hash,
                             int64_t now, json_t **out);
/* Marks a ready export downloaded (the link is used up). Returns 1, or 0 when it was not ready. */
int an_store_export_downloaded(struct an_db *db, int64_t tenant_id, int64_t id, int64_t now);
/* Ready exports past expires_at: set expired; *out gets the records whose files must go. */
int an_store_export_expire_all(struct an_db *db, int64_t now, json_t *out);

/* The tenant's data, one kind per call, as records (tenant-scoped reads for the export). */
int an_store_export_users(struct an_db *db, int64_t tenant_id, json_t *out);
int an_store_export_contracts(struct an_db *db, int64_t tenant_id, json_t *out);
int an_store_export_change_requests(struct an_db *db, int64_t tenant_id, json_t *out);
int an_store_export_audit(struct an_db *db, int64_t tenant_id, json_t *out);
int an_store_export_handovers(struct an_db *db, int64_t tenant_id, json_t *out);

/* The tenant's issued invoices and credit notes (the fee statements as issued, lines as JSON),
 * its support tickets (requester and subject opened) and the tickets' messages the contractor
 * can read (no internal notes), for the export. Each returns the count or an error. */
int an_store_export_invoices(struct an_db *db, int64_t tenant_id, json_t *out);
int an_store_export_tickets(struct an_db *db, int64_t tenant_id, json_t *out);
int an_store_export_ticket_messages(struct an_db *db, int64_t tenant_id, json_t *out);

#endif
