/* Personal data sealed per tenant (issue 14 item 1: SLA-15, CHK-18, WP-13).
 *
 * Columns holding personal data (people's names, e-mail addresses, phone numbers, postal
 * addresses, mail bodies) are stored as "an1:" + base64 of an_seal (crypto/envelope.h: AES-256-GCM
 * with AES-NI, XChaCha20-Poly1305 otherwise) under the tenant's data key, with associated data
 * "<table>:<tenant>:<row>:<column>" so a value cannot be moved to another row, column or tenant.
 * Rows without a tenant (operator mail) are sealed under the operator data key derived from the
 * master key. Equality lookups go through a blind index: hex HMAC-SHA-256 of the normalised value
 * under a per-tenant index key derived from the data key, so it is shredded with it.
 *
 * The wrapped data keys live in the key store (table tenant_keys), which data backups leave out
 * (store/snapshot.h): destroying a tenant's key makes its sealed values unreadable in every older
 * backup. Unwrapped keys are cached in memory (one lookup per value, no query inside a row
 * callback); an_store_seal_sync loads the keys of tenants created since the last call.
 * A stored value without the "an1:" prefix is plaintext written before sealing (the batch
 * migration `anshin seal migrate` seals those) and reads as itself. */
#ifndef AN_STORE_SEAL_H
#define AN_STORE_SEAL_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/keys.h"
#include "store/db.h"

#define AN_SEAL_PREFIX "an1:"
#define AN_BLIND_HEX 65

/* Registers the keys sealing uses (once, at start: the server and every CLI command). Until
 * then sealing fails and nothing is written in plaintext. */
void an_store_seal_use(const struct an_keys *keys);
/* True once keys are registered. */
bool an_store_seal_ready(void);
/* Loads into the cache the keys of tenants not cached yet (all of them the first time). Cheap
 * when nothing changed (one indexed query). Returns 0 or an error. */
int an_store_seal_sync(struct an_db *db);
/* Makes sure tenant's key is cached (loading it alone when it is not). Returns 1, 0 when the
 * tenant has no key (destroyed, or never had one), or an error. */
int an_store_seal_need(struct an_db *db, int64_t tenant_id);
/* Drops tenant's key from the cache (after it was destroyed). */
void an_store_seal_forget(int64_t tenant_id);

/* Seals plain for (table, tenant, row, column) under the tenant's cached key (tenant 0: the
 * operator key). Returns a new string, or NULL when the key is not cached. "" stays "" (nothing
 * personal in it, and empty fields keep their meaning). */
char *an_store_seal_text(int64_t tenant_id, const char *table, int64_t row, const char *column,
                         const char *plain);
/* Opens a stored value: a new string with the plaintext; a value without the prefix is returned
 * as it is. When it cannot be opened (the key is destroyed or the value was altered or moved)
 * returns "" as a new string and sets *unreadable (may be NULL) to true. NULL only when out of
 * memory. */
char *an_store_open_text(int64_t tenant_id, const char *table, int64_t row, const char *column,
                         const char *stored, bool *unreadable);
/* an_store_open_text into a fixed field of n bytes (cut at n - 1 bytes). */
void an_store_open_into(char *dst, size_t n, int64_t tenant_id, const char *table, int64_t row,
                        const char *column, const char *stored);
/* True when stored is a sealed value (has the prefix). */
bool an_store_is_sealed(const char *stored);
/* The blind index of value (trimmed, ASCII lower-cased) for tenant into out (64 hex digits).
 * False when the key is not cached. */
bool an_store_blind(int64_t tenant_id, const char *value, char out[AN_BLIND_HEX]);

/* Opens, in the record rec (from store/rows.h), the fields named in fields (NULL-terminated) that
 * were sealed as column of the same name in table at row, in place. */
void an_store_open_rec(json_t *rec, int64_t tenant_id, const char *table, int64_t row,
                       const char *const *fields);

/* Opens, in every record of the array rows, the fields sealed as columns of table: pairs is
 * {field, column, field, column, ..., NULL}. The tenant is the record's tenant_key field (or
 * tenant_id when tenant_key is NULL), the row its row_key field (0 when NULL). */
void an_store_open_rows(json_t *rows, int64_t tenant_id, const char *tenant_key, const char *table,
                        const char *row_key, const char *const *pairs);
/* The ids of the tenants whose keys are cached, as a new array in *ids. Returns the count. */
size_t an_store_seal_tenants(int64_t **ids);

/* Audit event details of a tenant (issue 14 item 1): seals, in place, the string values of the
 * keys that name or reach a person ("to", "email", "name", "phone", "address", ...) under the
 * tenant's key. The chain's MACs cover the sealed text, so the chain still verifies after the
 * key is destroyed. False when the key is not cached. */
bool an_store_seal_details(int64_t tenant_id, json_t *details);
/* Opens, in place, the sealed string values of details (unreadable ones become ""). */
void an_store_open_details(int64_t tenant_id, json_t *details);
/* The details text with its sealed values opened, as a new string (the text itself when nothing
 * in it is sealed). */
char *an_store_open_details_text(int64_t tenant_id, const char *text);

/* Gives every tenant that is not erased and has no data key (a database seeded behind the
 * program's back) a new one. Returns how many were made, or an error. */
int an_store_seal_missing_keys(struct an_db *db);

/* Key store: stores tenant's wrapped key (replacing any). Returns 1 or an error. */
int an_store_key_put(struct an_db *db, int64_t tenant_id, const uint8_t *wrapped, size_t len);
/* Destroys tenant's wrapped key and drops it from the cache. Returns 1, 0 when none, or an
 * error. */
int an_store_key_destroy(struct an_db *db, int64_t tenant_id);
/* Every wrapped key as [{tenant_id, dek_wrapped (hex)}] appended to out (the key backup). Returns
 * the count or an error. */
int an_store_key_list_all(struct an_db *db, json_t *out);

#endif
