/* Sealing the personal fields of the tables beyond users, tenants and mail (store/seal.h):
 * applications, change-request particulars, support tickets and their messages, personal-data
 * requests, breach records, operator staff and status-page subscribers. Each value is sealed
 * under the key of the row's tenant (the operator key for rows of no tenant) with associated data
 * "<table>:<tenant>:0:<column>" (row 0: these rows are sealed before their id exists). */
#ifndef AN_STORE_SEAL_FIELDS_H
#define AN_STORE_SEAL_FIELDS_H
#include <jansson.h>
#include <stdint.h>

#include "store/db.h"

/* Seals plain for (table, tenant, column), loading the tenant's key into the cache when it is
 * not there. A new string, or NULL when the tenant has no key (nothing may then be written). */
char *an_store_seal_for(struct an_db *db, int64_t tenant_id, const char *table, const char *column,
                        const char *plain);
/* Seals, in the record rec, the string fields of pairs {field, column, ..., NULL} in place
 * (values already sealed stay). Returns 1, or an error when a key is missing. */
int an_store_seal_fields(struct an_db *db, json_t *rec, int64_t tenant_id, const char *table,
                         const char *const *pairs);
/* Opens, in every record of rows (an array) or in one record (an object), the fields of pairs
 * sealed in table; the tenant is the record's tenant_key field (tenant_id when tenant_key is
 * NULL). Loads the keys of tenants not cached first. */
void an_store_open_fields(struct an_db *db, json_t *rows, int64_t tenant_id, const char *tenant_key,
                          const char *table, const char *const *pairs);
/* Opens the heap string *field (sealed in table as column) in place. */
void an_store_open_str(char **field, int64_t tenant_id, const char *table, const char *column);

#endif
