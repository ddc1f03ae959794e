/* The batch migration that seals personal data written before sealing, and a census of what is
 * sealed and readable (issue 14 item 1; store/seal.h). */
#ifndef AN_STORE_SEAL_ROWS_H
#define AN_STORE_SEAL_ROWS_H
#include <jansson.h>
#include <stdint.h>

#include "store/db.h"

/* Seals every plaintext personal field still in users, tenants and mail_outbox (then the tables
 * of store/seal_rows_more.h, each counted under its table's name in *out), batch by batch
 * (each batch one transaction): idempotent (sealed values are left alone) and resumable (an
 * interrupted run leaves whole batches sealed; the next run goes on with the rest). A tenant that
 * is not erased and has no key gets one first (an_store_seal_missing_keys). *out gets {users,
 * tenants, mails}: how many rows were sealed. Returns 0 or an error. */
int an_store_seal_migrate(struct an_db *db, int64_t now, json_t **out);
/* Counts, per tenant ("0": operator mail), the personal fields that are plaintext, sealed and
 * readable, or sealed and unreadable (the key is destroyed or absent): {tenants: {id: {plaintext,
 * readable, unreadable}}, totals: {...}}. Returns 0 or an error. */
int an_store_seal_census(struct an_db *db, json_t **out);
/* Every mail of the outbox, opened, oldest first: [{id, tenant_id, to_addr, subject, body_text,
 * template, lang, status}] appended to out (for an operator looking behind the sender, and the
 * tests). Returns the count or an error. */
int an_store_seal_outbox_all(struct an_db *db, json_t *out);

#endif
