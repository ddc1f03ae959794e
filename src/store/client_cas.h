/* A tenant's client-certificate CA and whether its users must present a certificate (SLA-22). */
#ifndef AN_STORE_CLIENT_CAS_H
#define AN_STORE_CLIENT_CAS_H
#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"

struct an_client_ca {
  char *ca_pem;  /* heap, freed by an_store_client_ca_clear */
  bool required; /* users must present a certificate issued by ca_pem */
  int64_t updated_at;
};

/* Loads the tenant's CA (tenant_id > 0). Returns 1, 0 when it has none, or an error. */
int an_store_client_ca_get(struct an_db *db, int64_t tenant_id, struct an_client_ca *out);
/* Creates or replaces the tenant's CA and requirement. Returns 1 or an error. */
int an_store_client_ca_put(struct an_db *db, int64_t tenant_id, const char *ca_pem, bool required,
                           int64_t now);
/* Removes the tenant's CA (and with it the requirement). Returns the rows removed or an error. */
int an_store_client_ca_delete(struct an_db *db, int64_t tenant_id);
/* Frees what an_store_client_ca_get allocated. */
void an_store_client_ca_clear(struct an_client_ca *ca);

#endif
