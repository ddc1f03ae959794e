#include "store/client_cas.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "store/query.h"
#include "store/rows.h"

static void ca_cb(void *cls, const struct an_db_row *row)
{
  struct an_client_ca *ca = cls;
  free(ca->ca_pem);
  ca->ca_pem = an_strdup(an_db_row_text(row, 0));
  ca->required = an_db_row_int(row, 1) != 0;
  ca->updated_at = an_db_row_int(row, 2);
}

int an_store_client_ca_get(struct an_db *db, int64_t tenant_id, struct an_client_ca *out)
{
  static const char SQL[] =
      "SELECT ca_pem, required, updated_at FROM tenant_client_cas WHERE tenant_id = $1";
  memset(out, 0, sizeof *out);
  if (!an_store_scoped(tenant_id, __func__))
    return 0;
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(tenant_id)), ca_cb, out);
}

int an_store_client_ca_put(struct an_db *db, int64_t tenant_id, const char *ca_pem, bool required,
                           int64_t now)
{
  static const char SQL[] =
      "INSERT INTO tenant_client_cas (tenant_id, ca_pem, required, updated_at) "
      "VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id) DO UPDATE SET ca_pem = $2, required = $3, "
      "updated_at = $4";
  return an_store_scoped_query(
      db, tenant_id, __func__, SQL,
      AN_ARGS(AN_P_INT(tenant_id), AN_P_TEXT(ca_pem), AN_P_INT(required ? 1 : 0), AN_P_INT(now)),
      NULL, NULL);
}

int an_store_client_ca_delete(struct an_db *db, int64_t tenant_id)
{
  static const char SQL[] = "DELETE FROM tenant_client_cas WHERE tenant_id = $1";
  if (!an_store_scoped(tenant_id, __func__))
    return 0;
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(tenant_id)), NULL, NULL);
}

void an_store_client_ca_clear(struct an_client_ca *ca)
{
  free(ca->ca_pem);
  ca->ca_pem = NULL;
}
