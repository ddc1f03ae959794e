#include "store/seal_fields.h"

#include <stdlib.h>

#include "store/seal.h"

char *an_store_seal_for(struct an_db *db, int64_t tenant_id, const char *table, const char *column,
                        const char *plain)
{
  if (tenant_id && an_store_seal_need(db, tenant_id) != 1)
    return NULL; /* a tenant without a key cannot hold personal data */
  return an_store_seal_text(tenant_id, table, 0, column, plain ? plain : "");
}

int an_store_seal_fields(struct an_db *db, json_t *rec, int64_t tenant_id, const char *table,
                         const char *const *pairs)
{
  for (const char *const *f = pairs; f[0] && f[1]; f += 2) {
    json_t *v = json_object_get(rec, f[0]);
    if (!json_is_string(v) || an_store_is_sealed(json_string_value(v)))
      continue;
    char *s = an_store_seal_for(db, tenant_id, table, f[1], json_string_value(v));
    if (!s)
      return AN_DB_HARD;
    json_object_set_new(rec, f[0], json_string(s));
    free(s);
  }
  return 1;
}

void an_store_open_fields(struct an_db *db, json_t *rows, int64_t tenant_id, const char *tenant_key,
                          const char *table, const char *const *pairs)
{
  if (!rows)
    return;
  /* The keys first: opening runs after the query, never inside a row callback. */
  if (tenant_key)
    an_store_seal_sync(db);
  else if (tenant_id)
    an_store_seal_need(db, tenant_id);
  if (json_is_object(rows)) {
    json_t *one = json_array();
    json_array_append(one, rows);
    an_store_open_rows(one, tenant_id, tenant_key, table, NULL, pairs);
    json_decref(one);
    return;
  }
  an_store_open_rows(rows, tenant_id, tenant_key, table, NULL, pairs);
}

void an_store_open_str(char **field, int64_t tenant_id, const char *table, const char *column)
{
  if (!*field || !an_store_is_sealed(*field))
    return;
  char *plain = an_store_open_text(tenant_id, table, 0, column, *field, NULL);
  if (!plain)
    return;
  free(*field);
  *field = plain;
}
