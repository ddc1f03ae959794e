/* Attachments of support tickets (issue 13 item 1): size-limited ([support]
 * attachment_max_bytes), type-checked by their content (PNG, JPEG, GIF, PDF, UTF-8 text and CSV;
 * the declared type must agree), and stored sealed: XChaCha20/AES-GCM under a key derived from
 * the master key for this purpose, bound to the ticket and the file name by associated data. */
#ifndef AN_SUPPORT_ATTACHMENTS_H
#define AN_SUPPORT_ATTACHMENTS_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"

/* The content type data really has, when it is one of the accepted ones and agrees with the
 * declared type (parameters such as "; charset=" ignored; "" or application/octet-stream
 * declared = take what the bytes say); NULL otherwise. */
const char *an_support_attachment_type(const char *declared, const void *data, size_t len);
/* Inside the caller's transaction: checks and keeps one attachment of ticket (the store record:
 * its id and tenant_id are used) and records it in the history. Returns 1 when kept, 0 when
 * refused (*why = "too_large", "type" or "empty"; the refusal is recorded in the history as an
 * internal step), or an AN_DB_* error. */
int an_support_attachment_keep(const struct an_ctx *ctx, struct an_db *db, const json_t *ticket,
                               const char *filename, const char *declared, const void *data,
                               size_t len, const char **why);
/* A kept attachment of ticket id that ctx may see, opened: *meta {id, filename, content_type,
 * size}, *data (heap, caller frees) and *len. NOT_FOUND otherwise; INTERNAL when it does not
 * open (altered, or another key). */
enum an_ec an_ticket_attachment_read(const struct an_ctx *ctx, struct an_db *db, int64_t ticket_id,
                                     int64_t id, json_t **meta, unsigned char **data, size_t *len);
/* A person's upload to a ticket ctx may see (customer or staff); CONFLICT on a closed ticket;
 * SUPPORT_ATTACHMENT_TOO_LARGE over [support] attachment_max_bytes; INVALID_FIELD (with *why)
 * when refused otherwise. *meta gets the kept attachment's record. */
enum an_ec an_ticket_attachment_add(const struct an_ctx *ctx, struct an_db *db, int64_t ticket_id,
                                    const char *filename, const char *declared, const void *data,
                                    size_t len, json_t **meta, const char **why);

#endif
