/* Support tickets and their history (issue 13, MARK-5-1-4). Records are JSON objects keyed by
 * column (store/rows.h); the time columns are read with a "_us" suffix as integers (the support
 * domain computes with them and shows them in JST). Tenant-scoped reads take the tenant id
 * first and refuse 0; the operator's reads end in _all; a shop's in _shop. */
#ifndef AN_STORE_SUPPORT_TICKETS_H
#define AN_STORE_SUPPORT_TICKETS_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"

/* Inserts ticket t (tenant_id, shop_id, ref, channel, category, status, subject,
 * requester_user_id, requester_name, requester_email, lang, first_response_minutes,
 * resolution_minutes, first_response_due_us, resolution_due_us, clock_from_us, created_us,
 * contract_id and plan_id: 0 when the targets are the defaults) and sets *id. Returns 1 or an
 * error. */
int an_store_ticket_insert(struct an_db *db, const json_t *t, int64_t *id);
/* Writes the mutable fields of t (status, assignee, shop_id, resolution_due_us, clock_from_us,
 * clock_used_s, first_response_us, resolved_us, closed_us, updated_us; null = NULL) to the ticket
 * t.id of tenant t.tenant_id (the ticket's own tenant, 0 for one outside any tenant, in the
 * WHERE). Returns 1, 0 when no such ticket, or an error. */
int an_store_ticket_update(struct an_db *db, const json_t *t);

/* One ticket of the tenant (tenant_id > 0). Returns 1, 0 when none, or an error. */
int an_store_ticket_get(struct an_db *db, int64_t tenant_id, int64_t id, json_t **out);
/* One ticket of the shop (routed to shop_id > 0). */
int an_store_ticket_get_shop(struct an_db *db, int64_t shop_id, int64_t id, json_t **out);
/* Any ticket (operator). */
int an_store_ticket_get_all(struct an_db *db, int64_t id, json_t **out);
/* The ticket whose reference is ref (inbound mail threading; operator). */
int an_store_ticket_by_ref_all(struct an_db *db, const char *ref, json_t **out);

/* Lists, newest first, at most 500, filtered by status ("" = any). Count or error. */
int an_store_ticket_list(struct an_db *db, int64_t tenant_id, const char *status, json_t *out);
int an_store_ticket_list_shop(struct an_db *db, int64_t shop_id, const char *status, json_t *out);
int an_store_ticket_list_all(struct an_db *db, const char *status, json_t *out);

/* Appends one history event to ticket_id (of tenant_id, the ticket's own). Returns 1 or error. */
int an_store_ticket_event_add(struct an_db *db, int64_t tenant_id, int64_t ticket_id,
                              const char *kind, bool internal, const char *author_kind,
                              const char *author_label, const char *body, const char *detail,
                              int64_t now);
/* The history of ticket_id of tenant_id (the ticket's own tenant), oldest first; internal notes
 * only when with_internal. Count or error. */
int an_store_ticket_events(struct an_db *db, int64_t tenant_id, int64_t ticket_id,
                           bool with_internal, json_t *out);

#endif

/* Keeps a sealed attachment of ticket_id (of tenant_id, the ticket's own); *id gets its id. */
int an_store_ticket_attachment_add(struct an_db *db, int64_t tenant_id, int64_t ticket_id,
                                   const char *filename, const char *content_type, int64_t size,
                                   const void *sealed, size_t sealed_len, int64_t now, int64_t *id);
/* The attachments of ticket_id (id, filename, content_type, size, created_at), oldest first. */
int an_store_ticket_attachments(struct an_db *db, int64_t tenant_id, int64_t ticket_id,
                                json_t *out);
/* One attachment's record (as above) into *meta and its sealed bytes (heap, caller frees) into
 * *sealed. Returns 1, 0 when none, or an error. */
int an_store_ticket_attachment_get(struct an_db *db, int64_t tenant_id, int64_t ticket_id,
                                   int64_t id, json_t **meta, unsigned char **sealed,
                                   size_t *sealed_len);
/* The non-internal history of a ticket for a disclosure (the ticket's own tenant). */
int an_store_ticket_events_public(struct an_db *db, int64_t tenant_id, int64_t ticket_id,
                                  json_t *out);
